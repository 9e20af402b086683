//! Integer intrinsics (`__popc`, `__clz`, `__byte_perm`, `__mulhi`, …) and
//! the overloaded `min`, `max` and `abs`.

use super::call::Call;
use super::resolve::{cuda_type, is_arithmetic, resolve, Overload, P};
use super::Lowered;
use crate::ir::{Intrinsic, Scalar, Type};

use Intrinsic as I;
use Scalar::{I32, I64, U32, U64};

/// One fixed-signature row: parameters, result, operation.
type Row = (&'static [P], P, Intrinsic);

const U32X1: &[P] = &[P::S(U32)];
const U32X2: &[P] = &[P::S(U32), P::S(U32)];
const U32X3: &[P] = &[P::S(U32), P::S(U32), P::S(U32)];
const I32X1: &[P] = &[P::S(I32)];
const I32X2: &[P] = &[P::S(I32), P::S(I32)];
const I64X1: &[P] = &[P::S(I64)];
const I64X2: &[P] = &[P::S(I64), P::S(I64)];
const U64X1: &[P] = &[P::S(U64)];
const U64X2: &[P] = &[P::S(U64), P::S(U64)];

/// The fixed-signature integer intrinsics.
const FIXED: &[(&str, Row)] = &[
    ("__popc", (U32X1, P::S(I32), I::Popc)),
    ("__popcll", (U64X1, P::S(I32), I::Popc)),
    ("__clz", (I32X1, P::S(I32), I::Clz)),
    ("__clzll", (I64X1, P::S(I32), I::Clz)),
    ("__ffs", (I32X1, P::S(I32), I::Ffs)),
    ("__ffsll", (I64X1, P::S(I32), I::Ffs)),
    ("__brev", (U32X1, P::S(U32), I::Brev)),
    ("__brevll", (U64X1, P::S(U64), I::Brev)),
    ("__byte_perm", (U32X3, P::S(U32), I::BytePerm)),
    ("__mulhi", (I32X2, P::S(I32), I::MulHi)),
    ("__umulhi", (U32X2, P::S(U32), I::MulHi)),
    ("__mul64hi", (I64X2, P::S(I64), I::MulHi)),
    ("__umul64hi", (U64X2, P::S(U64), I::MulHi)),
    ("__mul24", (I32X2, P::S(I32), I::Mul24)),
    ("__umul24", (U32X2, P::S(U32), I::Mul24)),
    (
        "__sad",
        (&[P::S(I32), P::S(I32), P::S(U32)], P::S(U32), I::Sad),
    ),
    ("__usad", (U32X3, P::S(U32), I::Sad)),
    ("__rhadd", (I32X2, P::S(I32), I::RoundingHalvingAdd)),
    ("__uhadd", (U32X2, P::S(U32), I::HalvingAdd)),
    ("__urhadd", (U32X2, P::S(U32), I::RoundingHalvingAdd)),
    ("__funnelshift_l", (U32X3, P::S(U32), I::FunnelShiftL)),
    ("__funnelshift_r", (U32X3, P::S(U32), I::FunnelShiftR)),
    ("__funnelshift_lc", (U32X3, P::S(U32), I::FunnelShiftLClamp)),
    ("__funnelshift_rc", (U32X3, P::S(U32), I::FunnelShiftRClamp)),
    ("umin", (U32X2, P::S(U32), I::Min)),
    ("umax", (U32X2, P::S(U32), I::Max)),
    ("llmin", (I64X2, P::S(I64), I::Min)),
    ("llmax", (I64X2, P::S(I64), I::Max)),
    ("ullmin", (U64X2, P::S(U64), I::Min)),
    ("ullmax", (U64X2, P::S(U64), I::Max)),
    ("labs", (I64X1, P::S(I64), I::Abs)),
    ("llabs", (I64X1, P::S(I64), I::Abs)),
];

/// Integer intrinsics with no IR operation yet (SIMD-within-a-word and
/// dot-product instructions).
const UNSUPPORTED: &[&str] = &[
    "__dp4a",
    "__dp2a_lo",
    "__dp2a_hi",
    "__vabs2",
    "__vabs4",
    "__vadd2",
    "__vadd4",
    "__vsub2",
    "__vsub4",
    "__vabsdiffs2",
    "__vabsdiffs4",
    "__vabsdiffu2",
    "__vabsdiffu4",
    "__vavgs2",
    "__vavgs4",
    "__vavgu2",
    "__vavgu4",
    "__vcmpeq2",
    "__vcmpeq4",
    "__vmaxs2",
    "__vmaxs4",
    "__vmaxu2",
    "__vmaxu4",
    "__vmins2",
    "__vmins4",
    "__vminu2",
    "__vminu4",
    "__vsads2",
    "__vsads4",
    "__vsadu2",
    "__vsadu4",
    "__fns",
];

/// The overloaded arithmetic functions with C++'s typing.
const OVERLOADED: &[(&str, Intrinsic)] = &[("min", I::Min), ("max", I::Max), ("abs", I::Abs)];

/// Is `name` an integer built-in?
pub(super) fn knows(name: &str) -> bool {
    FIXED.iter().any(|(n, _)| *n == name)
        || OVERLOADED.iter().any(|(n, _)| *n == name)
        || UNSUPPORTED.contains(&name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    FIXED
        .iter()
        .map(|(n, _)| *n)
        .chain(OVERLOADED.iter().map(|(n, _)| *n))
        .chain(UNSUPPORTED.iter().copied())
        .map(str::to_string)
        .collect()
}

/// Lowers an integer intrinsic or `min`/`max`/`abs`, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    if let Some((_, (params, result, op))) = FIXED.iter().find(|(n, _)| *n == cx.name) {
        let candidates = [Overload::new(params, *result, *op)];
        return Some(lower_intrinsic_overloads(cx, &candidates));
    }
    if UNSUPPORTED.contains(&cx.name) {
        return Some(cx.unsupported());
    }
    let (_, op) = OVERLOADED.iter().find(|(n, _)| *n == cx.name)?;
    Some(lower_min_max_abs(cx, *op))
}

/// Resolves among intrinsic overloads and emits the chosen intrinsic over
/// the converted arguments.
pub(super) fn lower_intrinsic_overloads(
    cx: &mut Call<'_, '_>,
    candidates: &[Overload<Intrinsic>],
) -> Lowered {
    cx.reject_template_args()?;
    lower_intrinsic_overloads_with(cx, candidates)
}

/// [`lower_intrinsic_overloads`] once template arguments are dealt with.
fn lower_intrinsic_overloads_with(
    cx: &mut Call<'_, '_>,
    candidates: &[Overload<Intrinsic>],
) -> Lowered {
    let chosen = resolve(cx, candidates)?.clone();
    let args = chosen
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| cx.arg_as(i, &p.ty()))
        .collect();
    Ok(Some(cx.intrinsic(chosen.op, args, chosen.result.ty())))
}

/// The integer promotion of a scalar (`short` → `int`), with `__half`
/// treated as `float` (its conversion operator).
fn promote(s: Scalar) -> Scalar {
    match s {
        Scalar::Bool | Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16 => I32,
        Scalar::F16 | Scalar::BF16 => Scalar::F32,
        other => other,
    }
}

/// C's usual arithmetic conversions on two promoted scalars: CUDA's
/// `min`/`max` overloads (`unsigned min(int, unsigned)`, `double
/// min(float, double)`, …) give exactly this type.
fn common_type(a: Scalar, b: Scalar) -> Scalar {
    let (a, b) = (promote(a), promote(b));
    if a == Scalar::F64 || b == Scalar::F64 {
        return Scalar::F64;
    }
    if a == Scalar::F32 || b == Scalar::F32 {
        return Scalar::F32;
    }
    if a == b {
        return a;
    }
    let (sa, sb) = (a.is_signed_int(), b.is_signed_int());
    if sa == sb {
        return if a.size() >= b.size() { a } else { b };
    }
    let (signed, unsigned) = if sa { (a, b) } else { (b, a) };
    if unsigned.size() >= signed.size() {
        unsigned
    } else {
        signed
    }
}

fn lower_min_max_abs(cx: &mut Call<'_, '_>, op: Intrinsic) -> Lowered {
    // `std::min<float>(a, b)`: the template argument fixes the type.
    if op != I::Abs {
        if let [Type::Scalar(t)] = cx.template_args {
            let t = *t;
            let p = [P::S(t), P::S(t)];
            return lower_intrinsic_overloads_with(cx, &[Overload::new(&p, P::S(t), op)]);
        }
    }
    cx.reject_template_args()?;
    let arity = if op == I::Abs { 1 } else { 2 };
    let candidates = min_max_abs_candidates(op);
    let scalars: Option<Vec<Scalar>> = cx
        .args
        .iter()
        .map(|a| match a.ty {
            Type::Scalar(s) if is_arithmetic(&a.ty) => Some(s),
            _ => None,
        })
        .collect();
    let scalars = match scalars {
        Some(s) if s.len() == arity => s,
        _ => return Err(super::resolve::no_match(cx, &candidates)),
    };
    let t = match scalars.as_slice() {
        [a] => {
            let a = promote(*a);
            if matches!(a, U32 | U64) {
                return Err(ambiguous(cx, &candidates));
            }
            a
        }
        [a, b] => {
            let (pa, pb) = (promote(*a), promote(*b));
            if pa.is_float() != pb.is_float() {
                return Err(ambiguous(cx, &candidates));
            }
            common_type(pa, pb)
        }
        _ => return Err(super::resolve::no_match(cx, &candidates)),
    };
    let ty = Type::Scalar(t);
    let fun = match (op, t.is_float()) {
        (I::Abs, true) => I::Fabs,
        (other, _) => other,
    };
    let args = (0..arity).map(|i| cx.arg_as(i, &ty)).collect();
    Ok(Some(cx.intrinsic(fun, args, ty)))
}

fn ambiguous(cx: &Call<'_, '_>, candidates: &[Overload<()>]) -> crate::diag::Diagnostic {
    let given: Vec<String> = cx.written.iter().map(cuda_type).collect();
    let mut d = cx
        .error(format!("call to `{}` is ambiguous", cx.name))
        .with_label(format!("called with `({})`", given.join(", ")));
    for c in candidates {
        d = d.with_note(format!(
            "candidate: `{}`",
            super::resolve::signature(cx.name, c)
        ));
    }
    d.with_help("convert the arguments to one type")
}

/// CUDA's declared overloads, for diagnostics.
fn min_max_abs_candidates(op: Intrinsic) -> Vec<Overload<()>> {
    let types = [I32, U32, I64, U64, Scalar::F32, Scalar::F64];
    if op == I::Abs {
        [I32, I64, Scalar::F32, Scalar::F64]
            .iter()
            .map(|t| Overload::new(&[P::S(*t)], P::S(*t), ()))
            .collect()
    } else {
        types
            .iter()
            .map(|t| Overload::new(&[P::S(*t), P::S(*t)], P::S(*t), ()))
            .collect()
    }
}
