//! Rounded conversions, reinterpretations and half/bfloat16 functions.

use super::*;
use crate::ir::Scalar::*;

fn half2() -> A {
    p(Type::Vector(F16, 2))
}

fn bf162() -> A {
    p(Type::Vector(BF16, 2))
}

#[test]
fn float_to_int_rounds_then_converts() {
    assert_eq!(
        value("__float2int_rn", &[ps(F32)]),
        "conv.Zero<i32>(Rint<f32>(p0))"
    );
    assert_eq!(value("__float2int_rz", &[ps(F32)]), "conv.Zero<i32>(p0)");
    assert_eq!(
        value("__float2uint_ru", &[ps(F32)]),
        "conv.Zero<u32>(Ceil<f32>(p0))"
    );
    assert_eq!(
        value("__double2ll_rd", &[ps(F64)]),
        "conv.Zero<i64>(Floor<f64>(p0))"
    );
    assert_eq!(
        value("__float2ull_rn", &[ps(I32)]),
        "conv.Zero<u64>(Rint<f32>(conv.Nearest<f32>(p0)))"
    );
}

#[test]
fn int_to_float_carries_the_rounding() {
    assert_eq!(value("__int2float_rz", &[ps(I32)]), "conv.Zero<f32>(p0)");
    assert_eq!(value("__ull2float_ru", &[ps(U64)]), "conv.Up<f32>(p0)");
    assert_eq!(
        value("__int2double_rn", &[ps(I32)]),
        "conv.Nearest<f64>(p0)"
    );
    assert_eq!(value("__double2float_rd", &[ps(F64)]), "conv.Down<f32>(p0)");
    // `__int2double` is exact: only `_rn` exists.
    assert!(try_lower("__int2double_rz", &[ps(I32)]).is_none());
    assert!(try_lower("__float2int", &[ps(F32)]).is_none());
}

#[test]
fn reinterpretations() {
    assert_eq!(value("__float_as_int", &[ps(F32)]), "bitcast<i32>(p0)");
    assert_eq!(value("__float_as_uint", &[ps(F32)]), "bitcast<u32>(p0)");
    assert_eq!(
        value("__int_as_float", &[ps(U32)]),
        "bitcast<f32>(conv.Nearest<i32>(p0))"
    );
    assert_eq!(
        value("__double_as_longlong", &[ps(F64)]),
        "bitcast<i64>(p0)"
    );
    assert_eq!(
        value("__longlong_as_double", &[ps(I64)]),
        "bitcast<f64>(p0)"
    );
    assert_eq!(
        value("__double2hiint", &[ps(F64)]),
        "conv.Zero<i32>(Shr(bitcast<u64>(p0), 32u64))"
    );
    assert_eq!(
        value("__double2loint", &[ps(F64)]),
        "conv.Zero<i32>(bitcast<u64>(p0))"
    );
    assert_eq!(
        value("__hiloint2double", &[ps(I32), ps(I32)]),
        "bitcast<f64>(BitOr(Shl(conv.Zero<u64>(conv.Zero<u32>(p0)), 32u64), \
         conv.Zero<u64>(conv.Zero<u32>(p1))))"
    );
    assert_eq!(value("__half_as_ushort", &[ps(F16)]), "bitcast<u16>(p0)");
    assert_eq!(
        value("__short_as_bfloat16", &[ps(I16)]),
        "bitcast<bf16>(p0)"
    );
    let fp = ptr(s(F32), AddrSpace::Global);
    assert_eq!(
        error("__float_as_int", &[p(fp)]),
        (
            "no matching function for call to `__float_as_int`".to_string(),
            vec!["candidate: `int __float_as_int(float)`".to_string()]
        )
    );
}

#[test]
fn half_conversions() {
    assert_eq!(value("__float2half", &[ps(F32)]), "conv.Nearest<f16>(p0)");
    assert_eq!(value("__float2half_rz", &[ps(F32)]), "conv.Zero<f16>(p0)");
    assert_eq!(
        value("__float2half", &[ps(F64)]),
        "conv.Nearest<f16>(conv.Nearest<f32>(p0))"
    );
    assert_eq!(value("__half2float", &[ps(F16)]), "conv.Nearest<f32>(p0)");
    assert_eq!(value("__half2int_rz", &[ps(F16)]), "conv.Zero<i32>(p0)");
    assert_eq!(
        value("__half2int_rn", &[ps(F16)]),
        "conv.Zero<i32>(Rint<f16>(p0))"
    );
    assert_eq!(value("__int2half_rn", &[ps(I32)]), "conv.Nearest<f16>(p0)");
    assert_eq!(
        value("__float2bfloat16", &[ps(F32)]),
        "conv.Nearest<bf16>(p0)"
    );
    assert_eq!(
        value("__bfloat162float", &[ps(BF16)]),
        "conv.Nearest<f32>(p0)"
    );
}

#[test]
fn half2_packing() {
    assert_eq!(
        value("__floats2half2_rn", &[ps(F32), ps(F32)]),
        "f16x2(conv.Nearest<f16>(p0), conv.Nearest<f16>(p1))"
    );
    assert_eq!(
        value("__float2half2_rn", &[ps(F32)]),
        "f16x2(conv.Nearest<f16>(p0), conv.Nearest<f16>(p0))"
    );
    assert_eq!(
        value("__float22half2_rn", &[p(Type::Vector(F32, 2))]),
        "f16x2(conv.Nearest<f16>(p0.0), conv.Nearest<f16>(p0.1))"
    );
    assert_eq!(
        value("__half22float2", &[half2()]),
        "f32x2(conv.Nearest<f32>(p0.0), conv.Nearest<f32>(p0.1))"
    );
    assert_eq!(value("__low2float", &[half2()]), "conv.Nearest<f32>(p0.0)");
    assert_eq!(value("__high2float", &[bf162()]), "conv.Nearest<f32>(p0.1)");
    assert_eq!(value("__low2half", &[half2()]), "p0.0");
    assert_eq!(value("__high2bfloat16", &[bf162()]), "p0.1");
    assert_eq!(
        value("__halves2half2", &[ps(F16), ps(F16)]),
        "f16x2(p0, p1)"
    );
    assert_eq!(value("__half2half2", &[ps(F16)]), "f16x2(p0, p0)");
    assert_eq!(
        value("__lows2half2", &[half2(), half2()]),
        "f16x2(p0.0, p1.0)"
    );
    assert_eq!(
        value("__highs2half2", &[half2(), half2()]),
        "f16x2(p0.1, p1.1)"
    );
    assert_eq!(value("__lowhigh2highlow", &[bf162()]), "bf16x2(p0.1, p0.0)");
    assert_eq!(value("__low2half2", &[half2()]), "f16x2(p0.0, p0.0)");
    assert_eq!(
        value("make_half2", &[ps(F32), ps(F32)]),
        "f16x2(conv.Nearest<f16>(p0), conv.Nearest<f16>(p1))"
    );
    assert_eq!(
        value("make_bfloat162", &[ps(BF16), ps(BF16)]),
        "bf16x2(p0, p1)"
    );
}

#[test]
fn half_arithmetic_and_math() {
    assert_eq!(value("__hmul", &[ps(F16), ps(F16)]), "Mul(p0, p1)");
    assert_eq!(value("__hneg", &[ps(BF16)]), "Neg(p0)");
    assert_eq!(value("__habs", &[ps(F16)]), "Fabs<f16>(p0)");
    assert_eq!(value("__hmax", &[ps(F16), ps(F16)]), "Fmax<f16>(p0, p1)");
    assert_eq!(
        value("__hadd_sat", &[ps(F16), ps(F16)]),
        "Saturate<f16>(Add(p0, p1))"
    );
    assert_eq!(
        value("__hadd2", &[half2(), half2()]),
        "f16x2(Add(p0.0, p1.0), Add(p0.1, p1.1))"
    );
    assert_eq!(
        value("__hfma2", &[half2(), half2(), half2()]),
        "f16x2(Fma<f16>(p0.0, p1.0, p2.0), Fma<f16>(p0.1, p1.1, p2.1))"
    );
    assert_eq!(
        value("__h2div", &[bf162(), bf162()]),
        "bf16x2(Div(p0.0, p1.0), Div(p0.1, p1.1))"
    );
    assert_eq!(value("hsqrt", &[ps(F16)]), "Sqrt<f16>(p0)");
    assert_eq!(value("hrcp", &[ps(BF16)]), "Rcp(Nearest)<bf16>(p0)");
    assert_eq!(
        value("h2exp", &[half2()]),
        "f16x2(Exp<f16>(p0.0), Exp<f16>(p0.1))"
    );
}

#[test]
fn half_comparisons() {
    assert_eq!(value("__heq", &[ps(F16), ps(F16)]), "Eq(p0, p1)");
    assert_eq!(
        value("__hne", &[ps(F16), ps(F16)]),
        "LogicalOr(Lt(p0, p1), Gt(p0, p1))"
    );
    assert_eq!(value("__hneu", &[ps(F16), ps(F16)]), "Ne(p0, p1)");
    assert_eq!(value("__hltu", &[ps(F16), ps(F16)]), "Not(Ge(p0, p1))");
    assert_eq!(
        value("__hequ", &[ps(F16), ps(F16)]),
        "Not(LogicalOr(Lt(p0, p1), Gt(p0, p1)))"
    );
    assert_eq!(
        value("__hbeq2", &[half2(), half2()]),
        "LogicalAnd(Eq(p0.0, p1.0), Eq(p0.1, p1.1))"
    );
    assert_eq!(
        value("__hlt2", &[half2(), half2()]),
        "f16x2(select(Lt(p0.0, p1.0), 1f16, 0f16), select(Lt(p0.1, p1.1), 1f16, 0f16))"
    );
    assert_eq!(value("__hisnan", &[ps(F16)]), "IsNan<bool>(p0)");
    assert_eq!(
        value("__hisinf", &[ps(F16)]),
        "select(IsInf<bool>(p0), select(Signbit<bool>(p0), -1i32, 1i32), 0i32)"
    );
}

#[test]
fn half_overload_errors() {
    let (msg, notes) = error("__hadd", &[ps(F16), ps(F32)]);
    assert_eq!(msg, "call to `__hadd` is ambiguous");
    assert_eq!(
        notes,
        [
            "candidate: `half __hadd(half, half)`",
            "candidate: `__nv_bfloat16 __hadd(__nv_bfloat16, __nv_bfloat16)`",
            "candidate: `int __hadd(int, int)`"
        ]
    );
    let (msg, notes) = error("__hadd2", &[p(Type::Vector(F32, 2)), half2()]);
    assert_eq!(msg, "no matching function for call to `__hadd2`");
    assert_eq!(
        notes,
        [
            "candidate: `half2 __hadd2(half2, half2)`",
            "candidate: `__nv_bfloat162 __hadd2(__nv_bfloat162, __nv_bfloat162)`"
        ]
    );
}
