//! `__half`/`half2` and `__nv_bfloat16`/`__nv_bfloat162` intrinsics:
//! arithmetic, comparisons, math, packing and unpacking.
//!
//! Every row names the element types it exists for; candidates are made per
//! type and resolved with C++'s ranking, so `__hadd(int, int)` (the integer
//! halving add) and `__hadd(__half, __half)` coexist. Two-lane operations
//! are lowered lane by lane (`Extract`, scalar op, `Compose`) so back ends
//! only see scalar half arithmetic.

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::Lowered;
use crate::ir::{BinaryOp, ExprId, Intrinsic, Rounding, Scalar, Type, UnaryOp};

use Scalar::{BF16, F16, F32, I32};

/// A per-element operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    /// A binary operator.
    Bin(BinaryOp),
    /// Negation.
    Neg,
    /// A unary intrinsic.
    Un(Intrinsic),
    /// A binary intrinsic.
    Bi(Intrinsic),
    /// A ternary intrinsic.
    Tri(Intrinsic),
    /// A binary operator, then clamp to [0, 1].
    SatBin(BinaryOp),
    /// `fma`, then clamp to [0, 1].
    SatFma,
}

impl Elem {
    fn arity(self) -> usize {
        match self {
            Elem::Neg | Elem::Un(_) => 1,
            Elem::Bin(_) | Elem::Bi(_) | Elem::SatBin(_) => 2,
            Elem::Tri(_) | Elem::SatFma => 3,
        }
    }
}

/// A comparison: the operator and whether NaN compares true (the `…u`
/// names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cmp(BinaryOp, bool);

/// The shapes of half functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HalfFn {
    /// Scalar element-wise (`__hadd`).
    Scalar(Elem),
    /// Two-lane element-wise (`__hadd2`).
    Lanes(Elem),
    /// Scalar comparison → `bool`.
    Compare(Cmp),
    /// Lane-wise comparison → `1.0`/`0.0` per lane (`__heq2`).
    CompareMask(Cmp),
    /// Both lanes compare true → `bool` (`__hbeq2`).
    CompareAll(Cmp),
    /// `__hisnan` → `bool`.
    IsNan,
    /// `__hisnan2` → `1.0`/`0.0` per lane.
    IsNan2,
    /// `__hisinf` → `int` (−1, 0, 1).
    IsInf,
    /// `(float, float)` → pair (`__floats2half2_rn`).
    FloatsToPair,
    /// `float` → pair of it (`__float2half2_rn`).
    FloatToPair,
    /// `float2` → pair (`__float22half2_rn`).
    Float2ToPair,
    /// pair → `float2`.
    PairToFloat2,
    /// One lane as `float` (`__low2float`: 0, `__high2float`: 1).
    LaneToFloat(u32),
    /// One lane (`__low2half`).
    Lane(u32),
    /// Two scalars → pair (`__halves2half2`, `make_half2`).
    Join,
    /// Scalar → pair of it (`__half2half2`).
    Broadcast,
    /// Lane `i` of each of two pairs (`__lows2half2`: 0).
    LanesOfTwo(u32),
    /// Lanes of one pair, rearranged (`__low2half2`: [0, 0]).
    Shuffle(u32, u32),
}

/// Which element types a row exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Types {
    Both,
    Half,
    Bf16,
}

use BinaryOp as B;
use HalfFn as H;
use Intrinsic as I;

const fn s(e: Elem) -> HalfFn {
    HalfFn::Scalar(e)
}
const fn l(e: Elem) -> HalfFn {
    HalfFn::Lanes(e)
}

/// The rows: name, element types, shape.
const TABLE: &[(&str, Types, HalfFn)] = &[
    ("__hadd", Types::Both, s(Elem::Bin(B::Add))),
    ("__hsub", Types::Both, s(Elem::Bin(B::Sub))),
    ("__hmul", Types::Both, s(Elem::Bin(B::Mul))),
    ("__hdiv", Types::Both, s(Elem::Bin(B::Div))),
    ("__hadd_rn", Types::Both, s(Elem::Bin(B::Add))),
    ("__hsub_rn", Types::Both, s(Elem::Bin(B::Sub))),
    ("__hmul_rn", Types::Both, s(Elem::Bin(B::Mul))),
    ("__hneg", Types::Both, s(Elem::Neg)),
    ("__habs", Types::Both, s(Elem::Un(I::Fabs))),
    ("__hfma", Types::Both, s(Elem::Tri(I::Fma))),
    ("__hmin", Types::Both, s(Elem::Bi(I::Fmin))),
    ("__hmax", Types::Both, s(Elem::Bi(I::Fmax))),
    ("__hadd_sat", Types::Both, s(Elem::SatBin(B::Add))),
    ("__hsub_sat", Types::Both, s(Elem::SatBin(B::Sub))),
    ("__hmul_sat", Types::Both, s(Elem::SatBin(B::Mul))),
    ("__hfma_sat", Types::Both, s(Elem::SatFma)),
    ("__hadd2", Types::Both, l(Elem::Bin(B::Add))),
    ("__hsub2", Types::Both, l(Elem::Bin(B::Sub))),
    ("__hmul2", Types::Both, l(Elem::Bin(B::Mul))),
    ("__h2div", Types::Both, l(Elem::Bin(B::Div))),
    ("__hadd2_rn", Types::Both, l(Elem::Bin(B::Add))),
    ("__hsub2_rn", Types::Both, l(Elem::Bin(B::Sub))),
    ("__hmul2_rn", Types::Both, l(Elem::Bin(B::Mul))),
    ("__hneg2", Types::Both, l(Elem::Neg)),
    ("__habs2", Types::Both, l(Elem::Un(I::Fabs))),
    ("__hfma2", Types::Both, l(Elem::Tri(I::Fma))),
    ("__hmin2", Types::Both, l(Elem::Bi(I::Fmin))),
    ("__hmax2", Types::Both, l(Elem::Bi(I::Fmax))),
    ("__hadd2_sat", Types::Both, l(Elem::SatBin(B::Add))),
    ("__hsub2_sat", Types::Both, l(Elem::SatBin(B::Sub))),
    ("__hmul2_sat", Types::Both, l(Elem::SatBin(B::Mul))),
    ("__hfma2_sat", Types::Both, l(Elem::SatFma)),
    ("hsqrt", Types::Both, s(Elem::Un(I::Sqrt))),
    ("hrsqrt", Types::Both, s(Elem::Un(I::Rsqrt))),
    ("hrcp", Types::Both, s(Elem::Un(I::Rcp(Rounding::Nearest)))),
    ("hexp", Types::Both, s(Elem::Un(I::Exp))),
    ("hexp2", Types::Both, s(Elem::Un(I::Exp2))),
    ("hexp10", Types::Both, s(Elem::Un(I::Exp10))),
    ("hlog", Types::Both, s(Elem::Un(I::Log))),
    ("hlog2", Types::Both, s(Elem::Un(I::Log2))),
    ("hlog10", Types::Both, s(Elem::Un(I::Log10))),
    ("hsin", Types::Both, s(Elem::Un(I::Sin))),
    ("hcos", Types::Both, s(Elem::Un(I::Cos))),
    ("hfloor", Types::Both, s(Elem::Un(I::Floor))),
    ("hceil", Types::Both, s(Elem::Un(I::Ceil))),
    ("htrunc", Types::Both, s(Elem::Un(I::Trunc))),
    ("hrint", Types::Both, s(Elem::Un(I::Rint))),
    ("h2sqrt", Types::Both, l(Elem::Un(I::Sqrt))),
    ("h2rsqrt", Types::Both, l(Elem::Un(I::Rsqrt))),
    ("h2rcp", Types::Both, l(Elem::Un(I::Rcp(Rounding::Nearest)))),
    ("h2exp", Types::Both, l(Elem::Un(I::Exp))),
    ("h2exp2", Types::Both, l(Elem::Un(I::Exp2))),
    ("h2exp10", Types::Both, l(Elem::Un(I::Exp10))),
    ("h2log", Types::Both, l(Elem::Un(I::Log))),
    ("h2log2", Types::Both, l(Elem::Un(I::Log2))),
    ("h2log10", Types::Both, l(Elem::Un(I::Log10))),
    ("h2sin", Types::Both, l(Elem::Un(I::Sin))),
    ("h2cos", Types::Both, l(Elem::Un(I::Cos))),
    ("h2floor", Types::Both, l(Elem::Un(I::Floor))),
    ("h2ceil", Types::Both, l(Elem::Un(I::Ceil))),
    ("h2trunc", Types::Both, l(Elem::Un(I::Trunc))),
    ("h2rint", Types::Both, l(Elem::Un(I::Rint))),
    ("__heq", Types::Both, H::Compare(Cmp(B::Eq, false))),
    ("__hne", Types::Both, H::Compare(Cmp(B::Ne, false))),
    ("__hlt", Types::Both, H::Compare(Cmp(B::Lt, false))),
    ("__hle", Types::Both, H::Compare(Cmp(B::Le, false))),
    ("__hgt", Types::Both, H::Compare(Cmp(B::Gt, false))),
    ("__hge", Types::Both, H::Compare(Cmp(B::Ge, false))),
    ("__hequ", Types::Both, H::Compare(Cmp(B::Eq, true))),
    ("__hneu", Types::Both, H::Compare(Cmp(B::Ne, true))),
    ("__hltu", Types::Both, H::Compare(Cmp(B::Lt, true))),
    ("__hleu", Types::Both, H::Compare(Cmp(B::Le, true))),
    ("__hgtu", Types::Both, H::Compare(Cmp(B::Gt, true))),
    ("__hgeu", Types::Both, H::Compare(Cmp(B::Ge, true))),
    ("__heq2", Types::Both, H::CompareMask(Cmp(B::Eq, false))),
    ("__hne2", Types::Both, H::CompareMask(Cmp(B::Ne, false))),
    ("__hlt2", Types::Both, H::CompareMask(Cmp(B::Lt, false))),
    ("__hle2", Types::Both, H::CompareMask(Cmp(B::Le, false))),
    ("__hgt2", Types::Both, H::CompareMask(Cmp(B::Gt, false))),
    ("__hge2", Types::Both, H::CompareMask(Cmp(B::Ge, false))),
    ("__hequ2", Types::Both, H::CompareMask(Cmp(B::Eq, true))),
    ("__hneu2", Types::Both, H::CompareMask(Cmp(B::Ne, true))),
    ("__hltu2", Types::Both, H::CompareMask(Cmp(B::Lt, true))),
    ("__hleu2", Types::Both, H::CompareMask(Cmp(B::Le, true))),
    ("__hgtu2", Types::Both, H::CompareMask(Cmp(B::Gt, true))),
    ("__hgeu2", Types::Both, H::CompareMask(Cmp(B::Ge, true))),
    ("__hbeq2", Types::Both, H::CompareAll(Cmp(B::Eq, false))),
    ("__hbne2", Types::Both, H::CompareAll(Cmp(B::Ne, false))),
    ("__hblt2", Types::Both, H::CompareAll(Cmp(B::Lt, false))),
    ("__hble2", Types::Both, H::CompareAll(Cmp(B::Le, false))),
    ("__hbgt2", Types::Both, H::CompareAll(Cmp(B::Gt, false))),
    ("__hbge2", Types::Both, H::CompareAll(Cmp(B::Ge, false))),
    ("__hbequ2", Types::Both, H::CompareAll(Cmp(B::Eq, true))),
    ("__hbneu2", Types::Both, H::CompareAll(Cmp(B::Ne, true))),
    ("__hbltu2", Types::Both, H::CompareAll(Cmp(B::Lt, true))),
    ("__hbleu2", Types::Both, H::CompareAll(Cmp(B::Le, true))),
    ("__hbgtu2", Types::Both, H::CompareAll(Cmp(B::Gt, true))),
    ("__hbgeu2", Types::Both, H::CompareAll(Cmp(B::Ge, true))),
    ("__hisnan", Types::Both, H::IsNan),
    ("__hisnan2", Types::Both, H::IsNan2),
    ("__hisinf", Types::Both, H::IsInf),
    ("__floats2half2_rn", Types::Half, H::FloatsToPair),
    ("__float2half2_rn", Types::Half, H::FloatToPair),
    ("__float22half2_rn", Types::Half, H::Float2ToPair),
    ("__half22float2", Types::Half, H::PairToFloat2),
    ("__floats2bfloat162_rn", Types::Bf16, H::FloatsToPair),
    ("__float2bfloat162_rn", Types::Bf16, H::FloatToPair),
    ("__float22bfloat162_rn", Types::Bf16, H::Float2ToPair),
    ("__bfloat1622float2", Types::Bf16, H::PairToFloat2),
    ("__low2float", Types::Both, H::LaneToFloat(0)),
    ("__high2float", Types::Both, H::LaneToFloat(1)),
    ("__low2half", Types::Half, H::Lane(0)),
    ("__high2half", Types::Half, H::Lane(1)),
    ("__low2bfloat16", Types::Bf16, H::Lane(0)),
    ("__high2bfloat16", Types::Bf16, H::Lane(1)),
    ("__halves2half2", Types::Half, H::Join),
    ("make_half2", Types::Half, H::Join),
    ("__halves2bfloat162", Types::Bf16, H::Join),
    ("make_bfloat162", Types::Bf16, H::Join),
    ("__half2half2", Types::Half, H::Broadcast),
    ("__bfloat162bfloat162", Types::Bf16, H::Broadcast),
    ("__lows2half2", Types::Half, H::LanesOfTwo(0)),
    ("__highs2half2", Types::Half, H::LanesOfTwo(1)),
    ("__lows2bfloat162", Types::Bf16, H::LanesOfTwo(0)),
    ("__highs2bfloat162", Types::Bf16, H::LanesOfTwo(1)),
    ("__low2half2", Types::Half, H::Shuffle(0, 0)),
    ("__high2half2", Types::Half, H::Shuffle(1, 1)),
    ("__low2bfloat162", Types::Bf16, H::Shuffle(0, 0)),
    ("__high2bfloat162", Types::Bf16, H::Shuffle(1, 1)),
    ("__lowhigh2highlow", Types::Both, H::Shuffle(1, 0)),
];

/// Integer overloads that share a name with a half function.
const INTEGER_OVERLOADS: &[(&str, Intrinsic)] = &[("__hadd", I::HalvingAdd)];

/// What resolution chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chosen {
    /// A half function on this element type.
    Half(HalfFn, Scalar),
    /// An `int` intrinsic `(int, int) -> int`.
    Int(Intrinsic),
}

impl HalfFn {
    /// Parameters and result for element type `h`.
    fn signature(self, h: Scalar) -> (Vec<P>, P) {
        let (sc, pair, float) = (P::S(h), P::V(h, 2), P::S(F32));
        match self {
            H::Scalar(e) => (vec![sc; e.arity()], sc),
            H::Lanes(e) => (vec![pair; e.arity()], pair),
            H::Compare(_) => (vec![sc; 2], P::S(Scalar::Bool)),
            H::CompareMask(_) => (vec![pair; 2], pair),
            H::CompareAll(_) => (vec![pair; 2], P::S(Scalar::Bool)),
            H::IsNan => (vec![sc], P::S(Scalar::Bool)),
            H::IsNan2 => (vec![pair], pair),
            H::IsInf => (vec![sc], P::S(I32)),
            H::FloatsToPair => (vec![float; 2], pair),
            H::FloatToPair => (vec![float], pair),
            H::Float2ToPair => (vec![P::V(F32, 2)], pair),
            H::PairToFloat2 => (vec![pair], P::V(F32, 2)),
            H::LaneToFloat(_) => (vec![pair], float),
            H::Lane(_) => (vec![pair], sc),
            H::Join => (vec![sc; 2], pair),
            H::Broadcast => (vec![sc], pair),
            H::LanesOfTwo(_) => (vec![pair; 2], pair),
            H::Shuffle(..) => (vec![pair], pair),
        }
    }
}

fn candidates(name: &str) -> Vec<Overload<Chosen>> {
    let mut out = Vec::new();
    for (_, types, f) in TABLE.iter().filter(|(n, ..)| *n == name) {
        let elems: &[Scalar] = match types {
            Types::Both => &[F16, BF16],
            Types::Half => &[F16],
            Types::Bf16 => &[BF16],
        };
        for h in elems {
            let (params, result) = f.signature(*h);
            out.push(Overload {
                params,
                result,
                op: Chosen::Half(*f, *h),
            });
        }
    }
    for (_, op) in INTEGER_OVERLOADS.iter().filter(|(n, _)| *n == name) {
        out.push(Overload::new(
            &[P::S(I32), P::S(I32)],
            P::S(I32),
            Chosen::Int(*op),
        ));
    }
    out
}

/// Is `name` a half built-in?
pub(super) fn knows(name: &str) -> bool {
    TABLE.iter().any(|(n, ..)| *n == name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    let mut out: Vec<String> = TABLE.iter().map(|(n, ..)| (*n).to_string()).collect();
    out.dedup();
    out
}

/// Lowers a half intrinsic, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let candidates = candidates(cx.name);
    if candidates.is_empty() {
        return None;
    }
    Some(lower_chosen(cx, &candidates))
}

fn lower_chosen(cx: &mut Call<'_, '_>, candidates: &[Overload<Chosen>]) -> Lowered {
    cx.reject_template_args()?;
    let chosen = resolve(cx, candidates)?.clone();
    let args: Vec<ExprId> = chosen
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| cx.arg_as(i, &p.ty()))
        .collect();
    let result_ty = chosen.result.ty();
    let (f, h) = match chosen.op {
        Chosen::Int(op) => return Ok(Some(cx.intrinsic(op, args, result_ty))),
        Chosen::Half(f, h) => (f, h),
    };
    let pair = Type::Vector(h, 2);
    let value = match f {
        H::Scalar(e) => elem(cx, e, &args),
        H::Lanes(e) => {
            let lanes = per_lane(cx, &args, |cx, xs| elem(cx, e, xs));
            cx.compose(lanes, pair)
        }
        H::Compare(c) => compare(cx, c, &args),
        H::CompareMask(c) => {
            let lanes = per_lane(cx, &args, |cx, xs| {
                let b = compare(cx, c, xs);
                one_or_zero(cx, b, h)
            });
            cx.compose(lanes, pair)
        }
        H::CompareAll(c) => {
            let lanes = per_lane(cx, &args, |cx, xs| compare(cx, c, xs));
            match lanes.as_slice() {
                [a, b] => cx.binary(B::LogicalAnd, *a, *b),
                _ => return cx.unsupported(),
            }
        }
        H::IsNan => cx.intrinsic(I::IsNan, args, Type::Scalar(Scalar::Bool)),
        H::IsNan2 => {
            let lanes = per_lane(cx, &args, |cx, xs| {
                let b = cx.intrinsic(I::IsNan, xs.to_vec(), Type::Scalar(Scalar::Bool));
                one_or_zero(cx, b, h)
            });
            cx.compose(lanes, pair)
        }
        H::IsInf => {
            let x = first(cx, &args);
            let bool_ty = Type::Scalar(Scalar::Bool);
            let inf = cx.intrinsic(I::IsInf, vec![x], bool_ty.clone());
            let neg = cx.intrinsic(I::Signbit, vec![x], bool_ty);
            let (m1, p1, z) = (cx.int(-1, I32), cx.int(1, I32), cx.int(0, I32));
            let sign = cx.select(neg, m1, p1);
            cx.select(inf, sign, z)
        }
        H::FloatsToPair => {
            let lanes = args
                .iter()
                .map(|a| cx.convert_rounded(*a, Type::Scalar(h), Rounding::Nearest))
                .collect();
            cx.compose(lanes, pair)
        }
        H::FloatToPair => {
            let x = first(cx, &args);
            let x = cx.convert_rounded(x, Type::Scalar(h), Rounding::Nearest);
            cx.compose(vec![x, x], pair)
        }
        H::Float2ToPair | H::PairToFloat2 => {
            let x = first(cx, &args);
            let lanes = (0..2)
                .map(|i| {
                    let v = cx.extract(x, i);
                    let to = match result_ty {
                        Type::Vector(s, _) => Type::Scalar(s),
                        _ => Type::Scalar(h),
                    };
                    cx.convert_rounded(v, to, Rounding::Nearest)
                })
                .collect();
            cx.compose(lanes, result_ty)
        }
        H::LaneToFloat(i) => {
            let x = first(cx, &args);
            let v = cx.extract(x, i);
            cx.convert_rounded(v, Type::Scalar(F32), Rounding::Nearest)
        }
        H::Lane(i) => {
            let x = first(cx, &args);
            cx.extract(x, i)
        }
        H::Join => cx.compose(args, pair),
        H::Broadcast => {
            let x = first(cx, &args);
            cx.compose(vec![x, x], pair)
        }
        H::LanesOfTwo(i) => {
            let lanes = args.iter().map(|a| cx.extract(*a, i)).collect();
            cx.compose(lanes, pair)
        }
        H::Shuffle(a, b) => {
            let x = first(cx, &args);
            let lanes = vec![cx.extract(x, a), cx.extract(x, b)];
            cx.compose(lanes, pair)
        }
    };
    Ok(Some(value))
}

/// The first argument (resolution guarantees it exists).
fn first(cx: &mut Call<'_, '_>, args: &[ExprId]) -> ExprId {
    match args.first() {
        Some(a) => *a,
        None => cx.int(0, I32),
    }
}

/// Applies `f` to lane 0 of every argument, then lane 1.
fn per_lane(
    cx: &mut Call<'_, '_>,
    args: &[ExprId],
    mut f: impl FnMut(&mut Call<'_, '_>, &[ExprId]) -> ExprId,
) -> Vec<ExprId> {
    (0..2)
        .map(|lane| {
            let xs: Vec<ExprId> = args.iter().map(|a| cx.extract(*a, lane)).collect();
            f(cx, &xs)
        })
        .collect()
}

/// One element of an element-wise operation.
fn elem(cx: &mut Call<'_, '_>, e: Elem, xs: &[ExprId]) -> ExprId {
    let ty = xs
        .first()
        .map_or(Type::Scalar(F16), |x| cx.b.ty(*x).clone());
    match (e, xs) {
        (Elem::Bin(op), [a, b]) => cx.binary(op, *a, *b),
        (Elem::Neg, [a]) => cx.unary(UnaryOp::Neg, *a),
        (Elem::Un(f), _) | (Elem::Bi(f), _) | (Elem::Tri(f), _) => cx.intrinsic(f, xs.to_vec(), ty),
        (Elem::SatBin(op), [a, b]) => {
            let v = cx.binary(op, *a, *b);
            cx.intrinsic(I::Saturate, vec![v], ty)
        }
        (Elem::SatFma, _) => {
            let v = cx.intrinsic(I::Fma, xs.to_vec(), ty.clone());
            cx.intrinsic(I::Saturate, vec![v], ty)
        }
        _ => cx.zero(&ty),
    }
}

/// A scalar comparison; ordered (`false` on NaN) unless `unordered`.
fn compare(cx: &mut Call<'_, '_>, Cmp(op, unordered): Cmp, xs: &[ExprId]) -> ExprId {
    let (a, b) = match xs {
        [a, b] => (*a, *b),
        _ => return cx.bool_lit(false),
    };
    // Ordered `!=` is `<` or `>`; unordered forms are the negation of the
    // ordered opposite (`a <u b` is `!(a >= b)`).
    let ordered_ne = |cx: &mut Call<'_, '_>| {
        let lt = cx.binary(B::Lt, a, b);
        let gt = cx.binary(B::Gt, a, b);
        cx.binary(B::LogicalOr, lt, gt)
    };
    match (op, unordered) {
        (B::Ne, false) => ordered_ne(cx),
        (B::Ne, true) => cx.binary(B::Ne, a, b),
        (B::Eq, true) => {
            let ne = ordered_ne(cx);
            cx.unary(UnaryOp::Not, ne)
        }
        (op, false) => cx.binary(op, a, b),
        (op, true) => {
            let opposite = match op {
                B::Lt => B::Ge,
                B::Le => B::Gt,
                B::Gt => B::Le,
                _ => B::Lt,
            };
            let c = cx.binary(opposite, a, b);
            cx.unary(UnaryOp::Not, c)
        }
    }
}

/// `b ? 1.0 : 0.0` in element type `h`.
fn one_or_zero(cx: &mut Call<'_, '_>, b: ExprId, h: Scalar) -> ExprId {
    let one = cx.float(1.0, h);
    let zero = cx.float(0.0, h);
    cx.select(b, one, zero)
}
