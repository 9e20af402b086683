//! Overload resolution for built-ins, after C++'s rules: each argument's
//! implicit conversion is ranked (exact, promotion, standard conversion,
//! user-defined conversion through `__half`'s constructors and operators),
//! and the one candidate at least as good on every argument and better on
//! one wins. No winner is "no matching function" or "ambiguous", with the
//! candidates listed in notes.

use super::call::Call;
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, Scalar, Type};

/// A parameter or result type in a built-in's signature table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum P {
    /// `void` (results only).
    Void,
    /// A scalar.
    S(Scalar),
    /// A vector type (`float4`, `half2`).
    V(Scalar, u8),
    /// `T*` to a scalar.
    Ptr(Scalar),
    /// `T*` to a vector.
    PtrV(Scalar, u8),
    /// `const T*` to a scalar (also accepts non-const pointers).
    CPtr(Scalar),
    /// `const T*` to a vector.
    CPtrV(Scalar, u8),
}

impl P {
    /// The IR type (pointers in the generic space: resolution ignores
    /// spaces).
    pub fn ty(self) -> Type {
        let ptr = |pointee: Type, read_only: bool| Type::Pointer {
            pointee: Box::new(pointee),
            space: AddrSpace::Generic,
            read_only,
            restrict: false,
        };
        match self {
            P::Void => Type::Void,
            P::S(s) => Type::Scalar(s),
            P::V(s, n) => Type::Vector(s, n),
            P::Ptr(s) => ptr(Type::Scalar(s), false),
            P::PtrV(s, n) => ptr(Type::Vector(s, n), false),
            P::CPtr(s) => ptr(Type::Scalar(s), true),
            P::CPtrV(s, n) => ptr(Type::Vector(s, n), true),
        }
    }
}

/// One candidate of an overload set: parameters, result and the family's
/// operation.
#[derive(Debug, Clone)]
pub(super) struct Overload<Op> {
    /// Parameter types in order.
    pub params: Vec<P>,
    /// Result type.
    pub result: P,
    /// What the family emits for it.
    pub op: Op,
}

impl<Op: Copy> Overload<Op> {
    /// A candidate from a static table row.
    pub fn new(params: &[P], result: P, op: Op) -> Self {
        Self {
            params: params.to_vec(),
            result,
            op,
        }
    }
}

/// How good an implicit conversion is (lower is better), as in C++
/// [over.ics.rank].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Rank {
    /// Same type (or adding `const` to a pointee).
    Exact,
    /// Integral promotion to `int`, or `float` to `double`.
    Promotion,
    /// Any other arithmetic conversion.
    Conversion,
    /// Through `__half`/`__nv_bfloat16` constructors or conversion operators.
    UserDefined,
}

/// The rank of converting a value of type `from` to a parameter of type
/// `to`, or `None` if there is no implicit conversion.
pub(super) fn rank(from: &Type, to: &Type) -> Option<Rank> {
    match (from, to) {
        (Type::Scalar(f), Type::Scalar(t)) => Some(rank_scalar(*f, *t)),
        (
            Type::Pointer {
                pointee: pf,
                read_only: rf,
                ..
            },
            Type::Pointer {
                pointee: pt,
                read_only: rt,
                ..
            },
        ) => (pf == pt && (!rf || *rt)).then_some(Rank::Exact),
        _ => (from == to).then_some(Rank::Exact),
    }
}

fn rank_scalar(from: Scalar, to: Scalar) -> Rank {
    let is_half = |s: Scalar| matches!(s, Scalar::F16 | Scalar::BF16);
    if from == to {
        Rank::Exact
    } else if is_half(from) || is_half(to) {
        Rank::UserDefined
    } else if (to == Scalar::I32
        && matches!(
            from,
            Scalar::Bool | Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16
        ))
        || (from, to) == (Scalar::F32, Scalar::F64)
    {
        Rank::Promotion
    } else {
        Rank::Conversion
    }
}

/// Chooses the best candidate for the call's arguments.
pub(super) fn resolve<'o, Op>(
    cx: &Call<'_, '_>,
    candidates: &'o [Overload<Op>],
) -> Result<&'o Overload<Op>, Diagnostic> {
    let ranks: Vec<Option<Vec<Rank>>> = candidates
        .iter()
        .map(|c| {
            if c.params.len() != cx.args.len() {
                return None;
            }
            c.params
                .iter()
                .zip(&cx.args)
                .map(|(p, a)| rank(&a.ty, &p.ty()))
                .collect()
        })
        .collect();
    let viable: Vec<usize> = (0..candidates.len())
        .filter(|&i| ranks.get(i).is_some_and(|r| r.is_some()))
        .collect();
    let better_or_equal = |a: &[Rank], b: &[Rank]| a.iter().zip(b).all(|(x, y)| x <= y);
    let best: Vec<usize> = viable
        .iter()
        .copied()
        .filter(|&i| {
            let Some(Some(ri)) = ranks.get(i) else {
                return false;
            };
            viable.iter().all(|&j| {
                let Some(Some(rj)) = ranks.get(j) else {
                    return true;
                };
                i == j || better_or_equal(ri, rj) && ri != rj
            })
        })
        .collect();
    match (best.as_slice(), viable.as_slice()) {
        ([one], _) => candidates.get(*one).ok_or_else(|| no_match(cx, candidates)),
        (_, []) => Err(no_match(cx, candidates)),
        _ => {
            // No single best candidate: list every viable one.
            let tied: Vec<&Overload<Op>> =
                viable.iter().filter_map(|&i| candidates.get(i)).collect();
            let given: Vec<String> = cx.written.iter().map(cuda_type).collect();
            let mut d = cx
                .error(format!("call to `{}` is ambiguous", cx.name))
                .with_label(format!("called with `({})`", given.join(", ")));
            for c in tied {
                d = d.with_note(format!("candidate: `{}`", signature(cx.name, c)));
            }
            Err(d)
        }
    }
}

/// "no matching function for call to `f`" with the argument types and the
/// candidates.
pub(super) fn no_match<Op>(cx: &Call<'_, '_>, candidates: &[Overload<Op>]) -> Diagnostic {
    let given: Vec<String> = cx.written.iter().map(cuda_type).collect();
    let mut d = cx
        .error(format!("no matching function for call to `{}`", cx.name))
        .with_label(format!("called with `({})`", given.join(", ")));
    for c in candidates {
        d = d.with_note(format!("candidate: `{}`", signature(cx.name, c)));
    }
    d
}

/// `int atomicAdd(int*, int)`.
pub(super) fn signature<Op>(name: &str, c: &Overload<Op>) -> String {
    let params: Vec<String> = c.params.iter().map(|p| cuda_type(&p.ty())).collect();
    format!(
        "{} {name}({})",
        cuda_type(&c.result.ty()),
        params.join(", ")
    )
}

/// A type as CUDA spells it (`float4`, `const int*`, `half2`).
pub(super) fn cuda_type(ty: &Type) -> String {
    match ty {
        Type::Void => "void".into(),
        Type::Scalar(s) => s.cuda_name().into(),
        Type::Vector(s, n) => {
            let base = match s {
                Scalar::Bool => "bool",
                Scalar::I8 => "char",
                Scalar::U8 => "uchar",
                Scalar::I16 => "short",
                Scalar::U16 => "ushort",
                Scalar::I32 => "int",
                Scalar::U32 => "uint",
                Scalar::I64 => "longlong",
                Scalar::U64 => "ulonglong",
                Scalar::F16 => "half",
                Scalar::BF16 => "__nv_bfloat16",
                Scalar::F32 => "float",
                Scalar::F64 => "double",
            };
            format!("{base}{n}")
        }
        Type::Pointer {
            pointee, read_only, ..
        } => {
            let c = if *read_only { "const " } else { "" };
            format!("{c}{}*", cuda_type(pointee))
        }
        Type::Array(elem, n) => format!("{}[{n}]", cuda_type(elem)),
        Type::Struct(id) => format!("struct #{}", id.0),
    }
}

/// Is the type arithmetic (a scalar other than `void`)?
pub(super) fn is_arithmetic(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(_))
}
