//! The math library: `sqrtf`/`sqrt`…, fast-math intrinsics (`__expf`…) and
//! the explicitly rounded arithmetic (`__fadd_rn`…).
//!
//! Names come in three tables:
//! - [`OVERLOADED`]: `sqrt` is CUDA's C++ overload set (`float sqrt(float)`,
//!   `double sqrt(double)`, integer arguments → `double`, as `<cmath>`
//!   does), `sqrtf` the float-only function;
//! - [`FIXED`]: single-precision or double-precision only names;
//! - [`ROUNDED`]: `__fadd_rn`-style names, one per rounding suffix.

use super::call::Call;
use super::resolve::{no_match, rank, Overload, P};
use super::Lowered;
use crate::ir::{BinaryOp, CacheHint, ExprId, Intrinsic, Rounding, Scalar, Type};

/// How a math function's arguments and result are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `T f(T)`.
    Unary(Intrinsic),
    /// `T f(T, T)`.
    Binary(Intrinsic),
    /// `T f(T, T, T)`.
    Ternary(Intrinsic),
    /// `bool f(T)` (`isnan` and the like).
    Pred(Intrinsic),
    /// `int f(T)` (`__isnanf` and the like).
    PredInt(Intrinsic),
    /// `T f(T, int)`: `ldexp`, `scalbn`.
    Ldexp,
    /// `long long f(T)`: the intrinsic (round/rint), then a conversion.
    ToLong(Intrinsic),
    /// `void f(T x, T* s, T* c)`: stores `sin(x)` and `cos(x)`.
    SinCos(Intrinsic, Intrinsic),
    /// The Euclidean norm of `n` arguments (see [`norm`]), or its reciprocal.
    Norm(u8, bool),
    /// `pow`: like `Binary` but CUDA adds `float pow(float, int)`.
    Pow,
    /// A known function with no IR operation yet.
    Unsupported,
}

/// A math function with a `float` `…f` form and an overloaded form.
struct MathFn {
    /// The overloaded (double) name; `…f` is the float form.
    name: &'static str,
    /// Does the `…f` name exist?
    f_form: bool,
    /// Its shape.
    shape: Shape,
}

const fn m(name: &'static str, shape: Shape) -> MathFn {
    MathFn {
        name,
        f_form: true,
        shape,
    }
}

/// `isnan` and friends: overloaded only (no `isnanf`).
const fn pred(name: &'static str, fun: Intrinsic) -> MathFn {
    MathFn {
        name,
        f_form: false,
        shape: Shape::Pred(fun),
    }
}

use Intrinsic as I;
use Shape::{Binary as B, Ternary as T, Unary as U};

/// The overloaded math functions (see the module doc).
const OVERLOADED: &[MathFn] = &[
    m("sqrt", U(I::Sqrt)),
    m("rsqrt", U(I::Rsqrt)),
    m("cbrt", U(I::Cbrt)),
    m("rcbrt", U(I::Rcbrt)),
    m("exp", U(I::Exp)),
    m("exp2", U(I::Exp2)),
    m("exp10", U(I::Exp10)),
    m("expm1", U(I::Expm1)),
    m("log", U(I::Log)),
    m("log2", U(I::Log2)),
    m("log10", U(I::Log10)),
    m("log1p", U(I::Log1p)),
    m("sin", U(I::Sin)),
    m("cos", U(I::Cos)),
    m("tan", U(I::Tan)),
    m("sinpi", U(I::SinPi)),
    m("cospi", U(I::CosPi)),
    m("asin", U(I::Asin)),
    m("acos", U(I::Acos)),
    m("atan", U(I::Atan)),
    m("atan2", B(I::Atan2)),
    m("sinh", U(I::Sinh)),
    m("cosh", U(I::Cosh)),
    m("tanh", U(I::Tanh)),
    m("asinh", U(I::Asinh)),
    m("acosh", U(I::Acosh)),
    m("atanh", U(I::Atanh)),
    m("pow", Shape::Pow),
    m("fabs", U(I::Fabs)),
    m("floor", U(I::Floor)),
    m("ceil", U(I::Ceil)),
    m("trunc", U(I::Trunc)),
    m("round", U(I::Round)),
    m("rint", U(I::Rint)),
    m("nearbyint", U(I::Rint)),
    m("lround", Shape::ToLong(I::Round)),
    m("llround", Shape::ToLong(I::Round)),
    m("lrint", Shape::ToLong(I::Rint)),
    m("llrint", Shape::ToLong(I::Rint)),
    m("fmod", B(I::Fmod)),
    m("remainder", B(I::Remainder)),
    m("fmin", B(I::Fmin)),
    m("fmax", B(I::Fmax)),
    m("fma", T(I::Fma)),
    m("hypot", B(I::Hypot)),
    m("copysign", B(I::Copysign)),
    m("ldexp", Shape::Ldexp),
    m("scalbn", Shape::Ldexp),
    m("erf", U(I::Erf)),
    m("erfc", U(I::Erfc)),
    m("lgamma", U(I::Lgamma)),
    m("tgamma", U(I::Tgamma)),
    m("fdim", B(I::Fdim)),
    m("sincos", Shape::SinCos(I::Sin, I::Cos)),
    m("sincospi", Shape::SinCos(I::SinPi, I::CosPi)),
    m("norm3d", Shape::Norm(3, false)),
    m("rnorm3d", Shape::Norm(3, true)),
    m("norm4d", Shape::Norm(4, false)),
    m("rnorm4d", Shape::Norm(4, true)),
    m("rhypot", Shape::Norm(2, true)),
    pred("isnan", I::IsNan),
    pred("isinf", I::IsInf),
    pred("isfinite", I::IsFinite),
    pred("signbit", I::Signbit),
    // Known, but with no IR operation yet.
    m("frexp", Shape::Unsupported),
    m("modf", Shape::Unsupported),
    m("remquo", Shape::Unsupported),
    m("nextafter", Shape::Unsupported),
    m("nan", Shape::Unsupported),
    m("ilogb", Shape::Unsupported),
    m("logb", Shape::Unsupported),
    m("scalbln", Shape::Unsupported),
    m("erfinv", Shape::Unsupported),
    m("erfcinv", Shape::Unsupported),
    m("erfcx", Shape::Unsupported),
    m("normcdf", Shape::Unsupported),
    m("normcdfinv", Shape::Unsupported),
    m("norm", Shape::Unsupported),
    m("rnorm", Shape::Unsupported),
    m("j0", Shape::Unsupported),
    m("j1", Shape::Unsupported),
    m("jn", Shape::Unsupported),
    m("y0", Shape::Unsupported),
    m("y1", Shape::Unsupported),
    m("yn", Shape::Unsupported),
    m("cyl_bessel_i0", Shape::Unsupported),
    m("cyl_bessel_i1", Shape::Unsupported),
];

/// Functions of one precision only: fast-math intrinsics and the
/// `__isnanf`-style classification functions (which return `int`).
const FIXED: &[(&str, Scalar, Shape)] = &[
    ("__expf", Scalar::F32, U(I::FastExp)),
    ("__exp10f", Scalar::F32, U(I::FastExp10)),
    ("__logf", Scalar::F32, U(I::FastLog)),
    ("__log2f", Scalar::F32, U(I::FastLog2)),
    ("__log10f", Scalar::F32, U(I::FastLog10)),
    ("__sinf", Scalar::F32, U(I::FastSin)),
    ("__cosf", Scalar::F32, U(I::FastCos)),
    ("__tanf", Scalar::F32, U(I::FastTan)),
    ("__powf", Scalar::F32, B(I::FastPow)),
    ("__fdividef", Scalar::F32, B(I::FastDiv)),
    ("fdividef", Scalar::F32, B(I::FastDiv)),
    (
        "__sincosf",
        Scalar::F32,
        Shape::SinCos(I::FastSin, I::FastCos),
    ),
    ("__saturatef", Scalar::F32, U(I::Saturate)),
    ("__frsqrt_rn", Scalar::F32, U(I::Rsqrt)),
    ("__isnanf", Scalar::F32, Shape::PredInt(I::IsNan)),
    ("__isinff", Scalar::F32, Shape::PredInt(I::IsInf)),
    ("__finitef", Scalar::F32, Shape::PredInt(I::IsFinite)),
    ("__signbitf", Scalar::F32, Shape::PredInt(I::Signbit)),
    ("__isnand", Scalar::F64, Shape::PredInt(I::IsNan)),
    ("__isinfd", Scalar::F64, Shape::PredInt(I::IsInf)),
    ("__isfinited", Scalar::F64, Shape::PredInt(I::IsFinite)),
    ("__signbitd", Scalar::F64, Shape::PredInt(I::Signbit)),
];

/// `__fadd_rn`-style names: the stem, its precision and shape builder.
type RoundedRow = (&'static str, Scalar, fn(Rounding) -> Shape);
const ROUNDED: &[RoundedRow] = &[
    ("__fadd", Scalar::F32, |r| B(I::AddRounded(r))),
    ("__fsub", Scalar::F32, |r| B(I::SubRounded(r))),
    ("__fmul", Scalar::F32, |r| B(I::MulRounded(r))),
    ("__fdiv", Scalar::F32, |r| B(I::DivRounded(r))),
    ("__fsqrt", Scalar::F32, |r| U(I::SqrtRounded(r))),
    ("__frcp", Scalar::F32, |r| U(I::Rcp(r))),
    ("__fmaf", Scalar::F32, |r| T(I::FmaRounded(r))),
    ("__fmaf_ieee", Scalar::F32, |r| T(I::FmaRounded(r))),
    ("__dadd", Scalar::F64, |r| B(I::AddRounded(r))),
    ("__dsub", Scalar::F64, |r| B(I::SubRounded(r))),
    ("__dmul", Scalar::F64, |r| B(I::MulRounded(r))),
    ("__ddiv", Scalar::F64, |r| B(I::DivRounded(r))),
    ("__dsqrt", Scalar::F64, |r| U(I::SqrtRounded(r))),
    ("__drcp", Scalar::F64, |r| U(I::Rcp(r))),
    ("__fma", Scalar::F64, |r| T(I::FmaRounded(r))),
];

/// The rounding suffixes of [`ROUNDED`] names.
const ROUNDING_SUFFIXES: &[(&str, Rounding)] = &[
    ("_rn", Rounding::Nearest),
    ("_rz", Rounding::Zero),
    ("_ru", Rounding::Up),
    ("_rd", Rounding::Down),
];

/// How a name resolves: one precision, or the overload set.
enum Precision {
    Fixed(Scalar),
    Overloaded,
}

fn lookup(name: &str) -> Option<(Shape, Precision)> {
    if let Some(f) = OVERLOADED.iter().find(|f| f.name == name) {
        return Some((f.shape, Precision::Overloaded));
    }
    if let Some(stem) = name.strip_suffix('f') {
        if let Some(f) = OVERLOADED.iter().find(|f| f.f_form && f.name == stem) {
            return Some((f.shape, Precision::Fixed(Scalar::F32)));
        }
    }
    if let Some((_, s, shape)) = FIXED.iter().find(|(n, _, _)| *n == name) {
        return Some((*shape, Precision::Fixed(*s)));
    }
    ROUNDING_SUFFIXES.iter().find_map(|(suffix, r)| {
        let stem = name.strip_suffix(suffix)?;
        let (_, s, make) = ROUNDED.iter().find(|(n, _, _)| *n == stem)?;
        Some((make(*r), Precision::Fixed(*s)))
    })
}

/// Is `name` a math built-in?
pub(super) fn knows(name: &str) -> bool {
    lookup(name).is_some()
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    let mut out = Vec::new();
    for f in OVERLOADED {
        out.push(f.name.to_string());
        if f.f_form {
            out.push(format!("{}f", f.name));
        }
    }
    out.extend(FIXED.iter().map(|(n, ..)| (*n).to_string()));
    for (stem, ..) in ROUNDED {
        out.extend(ROUNDING_SUFFIXES.iter().map(|(s, _)| format!("{stem}{s}")));
    }
    out.sort();
    out.dedup();
    out
}

/// Lowers a math call, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (shape, precision) = lookup(cx.name)?;
    Some(lower_shape(cx, shape, precision))
}

impl Shape {
    fn params(self, t: Scalar) -> Vec<P> {
        match self {
            Shape::Unary(_)
            | Shape::Pred(_)
            | Shape::PredInt(_)
            | Shape::ToLong(_)
            | Shape::Unsupported => vec![P::S(t)],
            Shape::Binary(_) | Shape::Pow => vec![P::S(t); 2],
            Shape::Ternary(_) => vec![P::S(t); 3],
            Shape::Ldexp => vec![P::S(t), P::S(Scalar::I32)],
            Shape::SinCos(..) => vec![P::S(t), P::Ptr(t), P::Ptr(t)],
            Shape::Norm(n, _) => vec![P::S(t); usize::from(n)],
        }
    }

    fn result(self, t: Scalar) -> P {
        match self {
            Shape::Pred(_) => P::S(Scalar::Bool),
            Shape::PredInt(_) => P::S(Scalar::I32),
            Shape::ToLong(_) => P::S(Scalar::I64),
            Shape::SinCos(..) => P::Void,
            _ => P::S(t),
        }
    }

    /// The argument positions that take the floating value (and decide
    /// the overload).
    fn float_positions(self) -> usize {
        match self {
            Shape::Binary(_) | Shape::Pow => 2,
            Shape::Ternary(_) => 3,
            Shape::Norm(n, _) => usize::from(n),
            _ => 1,
        }
    }
}

/// `<cmath>`'s rule for an overloaded call: `double` if any floating
/// argument is `double` or an integer, else `float` (`__half` converts to
/// `float`). CUDA adds `float pow(float, int)`.
fn overload_precision(cx: &Call<'_, '_>, shape: Shape) -> Scalar {
    let tys: Vec<Option<Scalar>> = cx
        .args
        .iter()
        .take(shape.float_positions())
        .map(|a| a.ty.element_scalar())
        .collect();
    if shape == Shape::Pow {
        if let [Some(Scalar::F32 | Scalar::F16 | Scalar::BF16), Some(e)] = tys.as_slice() {
            if e.is_int() {
                return Scalar::F32;
            }
        }
    }
    let wants_double = tys
        .iter()
        .any(|s| matches!(s, Some(s) if *s == Scalar::F64 || s.is_int() || *s == Scalar::Bool));
    if wants_double {
        Scalar::F64
    } else {
        Scalar::F32
    }
}

fn lower_shape(cx: &mut Call<'_, '_>, shape: Shape, precision: Precision) -> Lowered {
    if shape == Shape::Unsupported {
        return cx.unsupported();
    }
    cx.reject_template_args()?;
    let (t, precisions) = match precision {
        Precision::Fixed(t) => (t, vec![t]),
        Precision::Overloaded => (
            overload_precision(cx, shape),
            vec![Scalar::F32, Scalar::F64],
        ),
    };
    let candidates: Vec<Overload<()>> = precisions
        .iter()
        .map(|p| Overload::new(&shape.params(*p), shape.result(*p), ()))
        .collect();
    let params = shape.params(t);
    let viable = params.len() == cx.args.len()
        && params
            .iter()
            .zip(&cx.args)
            .all(|(p, a)| rank(&a.ty, &p.ty()).is_some());
    if !viable {
        return Err(no_match(cx, &candidates));
    }
    let ty = Type::Scalar(t);
    let value = match shape {
        Shape::Unary(f) | Shape::Pred(f) | Shape::PredInt(f) | Shape::ToLong(f) => {
            let x = cx.arg_as(0, &ty);
            let result = shape.result(t).ty();
            let v = match shape {
                Shape::Unary(_) => cx.intrinsic(f, vec![x], ty),
                Shape::ToLong(_) => {
                    let r = cx.intrinsic(f, vec![x], ty);
                    cx.convert_rounded(r, result, Rounding::Zero)
                }
                _ => {
                    let p = cx.intrinsic(f, vec![x], Type::Scalar(Scalar::Bool));
                    cx.convert_rounded(p, result, Rounding::Nearest)
                }
            };
            Some(v)
        }
        Shape::Binary(f) => {
            let args = (0..2).map(|i| cx.arg_as(i, &ty)).collect();
            Some(cx.intrinsic(f, args, ty))
        }
        Shape::Pow => {
            let args = (0..2).map(|i| cx.arg_as(i, &ty)).collect();
            Some(cx.intrinsic(I::Pow, args, ty))
        }
        Shape::Ternary(f) => {
            let args = (0..3).map(|i| cx.arg_as(i, &ty)).collect();
            Some(cx.intrinsic(f, args, ty))
        }
        Shape::Ldexp => {
            let x = cx.arg_as(0, &ty);
            let e = cx.arg_as_scalar(1, Scalar::I32);
            Some(cx.intrinsic(I::Ldexp, vec![x, e], ty))
        }
        Shape::SinCos(sin, cos) => {
            cx.check_writable(1)?;
            cx.check_writable(2)?;
            let x = cx.arg_as(0, &ty);
            let x = cx.reusable(x);
            let ptrs: Vec<_> = cx.args.iter().skip(1).map(|a| a.expr).collect();
            for (ptr, fun) in ptrs.into_iter().zip([sin, cos]) {
                let x = cx.use_value(&x);
                let v = cx.intrinsic(fun, vec![x], ty.clone());
                cx.store(ptr, v, CacheHint::Default);
            }
            None
        }
        Shape::Norm(n, reciprocal) => {
            let xs: Vec<ExprId> = (0..usize::from(n)).map(|i| cx.arg_as(i, &ty)).collect();
            Some(norm(cx, &xs, reciprocal, t))
        }
        Shape::Unsupported => None,
    };
    Ok(value)
}

/// `norm3d`-style functions without undue overflow: with `m` the largest
/// magnitude, `m * sqrt(sum((x / m)^2))` (or `rsqrt(..) / m`). When `m` is
/// infinite the norm is `m`; when `m` is zero every argument is zero or NaN
/// (`fmax` ignores NaNs) and the norm is `sum(|x|)`, zero or NaN; the
/// reciprocal forms take `1 / ..` of those.
fn norm(cx: &mut Call<'_, '_>, xs: &[ExprId], reciprocal: bool, t: Scalar) -> ExprId {
    let ty = Type::Scalar(t);
    let abs: Vec<ExprId> = xs
        .iter()
        .map(|x| cx.intrinsic(I::Fabs, vec![*x], ty.clone()))
        .collect();
    let fold = |cx: &mut Call<'_, '_>, f: &dyn Fn(&mut Call<'_, '_>, ExprId, ExprId) -> ExprId| {
        let mut acc: Option<ExprId> = None;
        for a in &abs {
            acc = Some(match acc {
                None => *a,
                Some(acc) => f(cx, acc, *a),
            });
        }
        acc.unwrap_or_else(|| cx.zero(&Type::Scalar(t)))
    };
    let m = fold(cx, &|cx, a, b| {
        cx.intrinsic(I::Fmax, vec![a, b], Type::Scalar(t))
    });
    let abs_sum = fold(cx, &|cx, a, b| cx.binary(BinaryOp::Add, a, b));
    let mut sum = None;
    for x in xs {
        let q = cx.binary(BinaryOp::Div, *x, m);
        let sq = cx.binary(BinaryOp::Mul, q, q);
        sum = Some(match sum {
            None => sq,
            Some(s) => cx.binary(BinaryOp::Add, s, sq),
        });
    }
    let sum = sum.unwrap_or_else(|| cx.zero(&ty));
    let bool_ty = Type::Scalar(Scalar::Bool);
    let infinite = cx.intrinsic(I::IsInf, vec![m], bool_ty);
    let zero = cx.float(0.0, t);
    let is_zero = cx.binary(BinaryOp::Eq, m, zero);
    let special = cx.binary(BinaryOp::LogicalOr, infinite, is_zero);
    let special_norm = cx.select(infinite, m, abs_sum);
    let (special_value, general) = if reciprocal {
        let one = cx.float(1.0, t);
        let inv = cx.binary(BinaryOp::Div, one, special_norm);
        let r = cx.intrinsic(I::Rsqrt, vec![sum], ty);
        (inv, cx.binary(BinaryOp::Div, r, m))
    } else {
        let r = cx.intrinsic(I::Sqrt, vec![sum], ty);
        (special_norm, cx.binary(BinaryOp::Mul, m, r))
    };
    cx.select(special, special_value, general)
}
