//! Conversions with an explicit rounding mode (`__float2int_rn`,
//! `__int2float_rz`, `__float2half_rn`, …) and bit reinterpretations
//! (`__float_as_int`, `__double2hiint`, `__half_as_short`, …).

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::Lowered;
use crate::ir::{BinaryOp, Intrinsic, Rounding, Scalar, Type};

use Scalar::{BF16, F16, F32, F64, I16, I32, I64, U16, U32, U64};

/// Which rounding suffixes a conversion stem takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffixes {
    /// `_rn _rz _ru _rd`.
    All,
    /// `_rn` only (exact conversions such as `__int2double_rn`).
    NearestOnly,
    /// All four suffixes and the bare name (`__float2half` = `_rn`).
    All4AndBare,
    /// No suffix at all (`__half2float`).
    Bare,
}

/// A conversion stem: name, source, destination, accepted suffixes.
const CONVERSIONS: &[(&str, Scalar, Scalar, Suffixes)] = &[
    ("__float2int", F32, I32, Suffixes::All),
    ("__float2uint", F32, U32, Suffixes::All),
    ("__float2ll", F32, I64, Suffixes::All),
    ("__float2ull", F32, U64, Suffixes::All),
    ("__double2int", F64, I32, Suffixes::All),
    ("__double2uint", F64, U32, Suffixes::All),
    ("__double2ll", F64, I64, Suffixes::All),
    ("__double2ull", F64, U64, Suffixes::All),
    ("__int2float", I32, F32, Suffixes::All),
    ("__uint2float", U32, F32, Suffixes::All),
    ("__ll2float", I64, F32, Suffixes::All),
    ("__ull2float", U64, F32, Suffixes::All),
    ("__double2float", F64, F32, Suffixes::All),
    ("__int2double", I32, F64, Suffixes::NearestOnly),
    ("__uint2double", U32, F64, Suffixes::NearestOnly),
    ("__ll2double", I64, F64, Suffixes::All),
    ("__ull2double", U64, F64, Suffixes::All),
    // half
    ("__float2half", F32, F16, Suffixes::All4AndBare),
    ("__double2half", F64, F16, Suffixes::Bare),
    ("__half2float", F16, F32, Suffixes::Bare),
    ("__int2half", I32, F16, Suffixes::All),
    ("__uint2half", U32, F16, Suffixes::All),
    ("__short2half", I16, F16, Suffixes::All),
    ("__ushort2half", U16, F16, Suffixes::All),
    ("__ll2half", I64, F16, Suffixes::All),
    ("__ull2half", U64, F16, Suffixes::All),
    ("__half2int", F16, I32, Suffixes::All),
    ("__half2uint", F16, U32, Suffixes::All),
    ("__half2short", F16, I16, Suffixes::All),
    ("__half2ushort", F16, U16, Suffixes::All),
    ("__half2ll", F16, I64, Suffixes::All),
    ("__half2ull", F16, U64, Suffixes::All),
    // bfloat16
    ("__float2bfloat16", F32, BF16, Suffixes::All4AndBare),
    ("__double2bfloat16", F64, BF16, Suffixes::Bare),
    ("__bfloat162float", BF16, F32, Suffixes::Bare),
    ("__int2bfloat16", I32, BF16, Suffixes::All),
    ("__uint2bfloat16", U32, BF16, Suffixes::All),
    ("__short2bfloat16", I16, BF16, Suffixes::All),
    ("__ushort2bfloat16", U16, BF16, Suffixes::All),
    ("__ll2bfloat16", I64, BF16, Suffixes::All),
    ("__ull2bfloat16", U64, BF16, Suffixes::All),
    ("__bfloat162int", BF16, I32, Suffixes::All),
    ("__bfloat162uint", BF16, U32, Suffixes::All),
    ("__bfloat162short", BF16, I16, Suffixes::All),
    ("__bfloat162ushort", BF16, U16, Suffixes::All),
    ("__bfloat162ll", BF16, I64, Suffixes::All),
    ("__bfloat162ull", BF16, U64, Suffixes::All),
];

/// Same-size bit reinterpretations: name, source, destination.
const REINTERPRET: &[(&str, Scalar, Scalar)] = &[
    ("__float_as_int", F32, I32),
    ("__int_as_float", I32, F32),
    ("__float_as_uint", F32, U32),
    ("__uint_as_float", U32, F32),
    ("__double_as_longlong", F64, I64),
    ("__longlong_as_double", I64, F64),
    ("__half_as_short", F16, I16),
    ("__short_as_half", I16, F16),
    ("__half_as_ushort", F16, U16),
    ("__ushort_as_half", U16, F16),
    ("__bfloat16_as_short", BF16, I16),
    ("__short_as_bfloat16", I16, BF16),
    ("__bfloat16_as_ushort", BF16, U16),
    ("__ushort_as_bfloat16", U16, BF16),
];

/// Reinterpretations of a `double`'s halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Halves {
    /// `__double2hiint(d)`: the high 32 bits as an `int`.
    Hi,
    /// `__double2loint(d)`: the low 32 bits.
    Lo,
    /// `__hiloint2double(hi, lo)`.
    Join,
}

const HALVES: &[(&str, Halves)] = &[
    ("__double2hiint", Halves::Hi),
    ("__double2loint", Halves::Lo),
    ("__hiloint2double", Halves::Join),
];

const ROUNDING_SUFFIXES: &[(&str, Rounding)] = &[
    ("_rn", Rounding::Nearest),
    ("_rz", Rounding::Zero),
    ("_ru", Rounding::Up),
    ("_rd", Rounding::Down),
];

/// A conversion name: source, destination, rounding.
fn lookup_conversion(name: &str) -> Option<(Scalar, Scalar, Rounding)> {
    let bare = CONVERSIONS.iter().find(|(n, ..)| *n == name);
    if let Some((_, from, to, suffixes)) = bare {
        return matches!(suffixes, Suffixes::Bare | Suffixes::All4AndBare).then_some((
            *from,
            *to,
            Rounding::Nearest,
        ));
    }
    ROUNDING_SUFFIXES.iter().find_map(|(suffix, r)| {
        let stem = name.strip_suffix(suffix)?;
        let (_, from, to, suffixes) = CONVERSIONS.iter().find(|(n, ..)| *n == stem)?;
        let ok = match suffixes {
            Suffixes::All | Suffixes::All4AndBare => true,
            Suffixes::NearestOnly => *r == Rounding::Nearest,
            Suffixes::Bare => false,
        };
        ok.then_some((*from, *to, *r))
    })
}

/// Is `name` a conversion or reinterpretation built-in?
pub(super) fn knows(name: &str) -> bool {
    lookup_conversion(name).is_some()
        || REINTERPRET.iter().any(|(n, ..)| *n == name)
        || HALVES.iter().any(|(n, _)| *n == name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (stem, _, _, suffixes) in CONVERSIONS {
        if matches!(suffixes, Suffixes::Bare | Suffixes::All4AndBare) {
            out.push((*stem).to_string());
        }
        for (suffix, r) in ROUNDING_SUFFIXES {
            let ok = match suffixes {
                Suffixes::All | Suffixes::All4AndBare => true,
                Suffixes::NearestOnly => *r == Rounding::Nearest,
                Suffixes::Bare => false,
            };
            if ok {
                out.push(format!("{stem}{suffix}"));
            }
        }
    }
    out.extend(REINTERPRET.iter().map(|(n, ..)| (*n).to_string()));
    out.extend(HALVES.iter().map(|(n, _)| (*n).to_string()));
    out
}

/// Lowers a conversion or reinterpretation, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    if let Some((from, to, rounding)) = lookup_conversion(cx.name) {
        return Some(lower_conversion(cx, from, to, rounding));
    }
    if let Some((_, from, to)) = REINTERPRET.iter().find(|(n, ..)| *n == cx.name) {
        let (from, to) = (*from, *to);
        return Some(check(cx, &[P::S(from)], P::S(to)).map(|()| {
            let x = cx.arg_as_scalar(0, from);
            Some(cx.bitcast(x, Type::Scalar(to)))
        }));
    }
    let (_, which) = HALVES.iter().find(|(n, _)| *n == cx.name)?;
    Some(lower_halves(cx, *which))
}

/// Checks arity and convertibility against one signature.
fn check(cx: &Call<'_, '_>, params: &[P], result: P) -> Result<(), crate::diag::Diagnostic> {
    cx.reject_template_args()?;
    resolve(cx, &[Overload::new(params, result, ())]).map(|_| ())
}

fn lower_conversion(
    cx: &mut Call<'_, '_>,
    from: Scalar,
    to: Scalar,
    rounding: Rounding,
) -> Lowered {
    check(cx, &[P::S(from)], P::S(to))?;
    let x = cx.arg_as_scalar(0, from);
    let to_ty = Type::Scalar(to);
    if from.is_float() && to.is_int() {
        // The IR's float→int conversion truncates; round first.
        let round = match rounding {
            Rounding::Nearest => Some(Intrinsic::Rint),
            Rounding::Zero => None,
            Rounding::Up => Some(Intrinsic::Ceil),
            Rounding::Down => Some(Intrinsic::Floor),
        };
        let rounded = match round {
            Some(f) => cx.intrinsic(f, vec![x], Type::Scalar(from)),
            None => x,
        };
        return Ok(Some(cx.convert_rounded(rounded, to_ty, Rounding::Zero)));
    }
    Ok(Some(cx.convert_rounded(x, to_ty, rounding)))
}

fn lower_halves(cx: &mut Call<'_, '_>, which: Halves) -> Lowered {
    let u64_ty = Type::Scalar(U64);
    match which {
        Halves::Hi | Halves::Lo => {
            check(cx, &[P::S(F64)], P::S(I32))?;
            let d = cx.arg_as_scalar(0, F64);
            let bits = cx.bitcast(d, u64_ty);
            let bits = if which == Halves::Hi {
                let shift = cx.int(32, U64);
                cx.binary(BinaryOp::Shr, bits, shift)
            } else {
                bits
            };
            Ok(Some(cx.convert_rounded(
                bits,
                Type::Scalar(I32),
                Rounding::Zero,
            )))
        }
        Halves::Join => {
            check(cx, &[P::S(I32), P::S(I32)], P::S(F64))?;
            let mut halves = Vec::new();
            for i in 0..2 {
                let v = cx.arg_as_scalar(i, I32);
                let v = cx.convert_rounded(v, Type::Scalar(U32), Rounding::Zero);
                halves.push(cx.convert_rounded(v, u64_ty.clone(), Rounding::Zero));
            }
            let (hi, lo) = match halves.as_slice() {
                [hi, lo] => (*hi, *lo),
                _ => return cx.unsupported(),
            };
            let shift = cx.int(32, U64);
            let hi = cx.binary(BinaryOp::Shl, hi, shift);
            let bits = cx.binary(BinaryOp::BitOr, hi, lo);
            Ok(Some(cx.bitcast(bits, Type::Scalar(F64))))
        }
    }
}
