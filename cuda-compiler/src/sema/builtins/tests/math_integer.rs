//! Math library and integer intrinsics.

use super::*;
use crate::ir::Scalar::*;

#[test]
fn float_functions_convert_their_arguments_to_float() {
    assert_eq!(
        value("sqrtf", &[ps(I32)]),
        "Sqrt<f32>(conv.Nearest<f32>(p0))"
    );
    assert_eq!(value("expf", &[ps(F64)]), "Exp<f32>(conv.Nearest<f32>(p0))");
    assert_eq!(value("atan2f", &[ps(F32), ps(F32)]), "Atan2<f32>(p0, p1)");
    assert_eq!(
        value("fmaf", &[ps(F32), ps(F32), ps(I32)]),
        "Fma<f32>(p0, p1, conv.Nearest<f32>(p2))"
    );
    assert_eq!(value("erff", &[ps(F32)]), "Erf<f32>(p0)");
    assert_eq!(value("nearbyintf", &[ps(F32)]), "Rint<f32>(p0)");
}

#[test]
fn overloaded_functions_follow_cmath() {
    assert_eq!(value("sqrt", &[ps(F32)]), "Sqrt<f32>(p0)");
    assert_eq!(value("sqrt", &[ps(F64)]), "Sqrt<f64>(p0)");
    assert_eq!(
        value("sqrt", &[ps(I32)]),
        "Sqrt<f64>(conv.Nearest<f64>(p0))"
    );
    assert_eq!(
        value("sqrt", &[ps(F16)]),
        "Sqrt<f32>(conv.Nearest<f32>(p0))"
    );
    assert_eq!(
        value("fmin", &[ps(F32), ps(F64)]),
        "Fmin<f64>(conv.Nearest<f64>(p0), p1)"
    );
    assert_eq!(
        value("fmax", &[ps(F32), ps(I32)]),
        "Fmax<f64>(conv.Nearest<f64>(p0), conv.Nearest<f64>(p1))"
    );
    // CUDA's extra `float pow(float, int)`.
    assert_eq!(
        value("pow", &[ps(F32), ps(I32)]),
        "Pow<f32>(p0, conv.Nearest<f32>(p1))"
    );
    assert_eq!(
        value("pow", &[ps(F32), ps(F64)]),
        "Pow<f64>(conv.Nearest<f64>(p0), p1)"
    );
}

#[test]
fn predicates_and_rounding_to_integers() {
    assert_eq!(value("isnan", &[ps(F32)]), "IsNan<bool>(p0)");
    assert_eq!(value("signbit", &[ps(F64)]), "Signbit<bool>(p0)");
    assert_eq!(
        value("__isnanf", &[ps(F32)]),
        "conv.Nearest<i32>(IsNan<bool>(p0))"
    );
    assert_eq!(
        value("lroundf", &[ps(F32)]),
        "conv.Zero<i64>(Round<f32>(p0))"
    );
    assert_eq!(value("llrint", &[ps(F64)]), "conv.Zero<i64>(Rint<f64>(p0))");
    assert_eq!(
        value("ldexpf", &[ps(F32), ps(I64)]),
        "Ldexp<f32>(p0, conv.Nearest<i32>(p1))"
    );
    assert_eq!(value("ldexp", &[ps(F32), ps(I32)]), "Ldexp<f32>(p0, p1)");
}

#[test]
fn sincos_stores_through_its_pointers() {
    let f32p = ptr(s(F32), AddrSpace::Local);
    let out = lower("sincosf", &[ps(F32), p(f32p.clone()), p(f32p.clone())]);
    assert_eq!(out.value, "void");
    assert_eq!(
        out.stmts,
        [
            "store.Default p1 = Sin<f32>(p0)",
            "store.Default p2 = Cos<f32>(p0)"
        ]
    );
    // A loaded argument is read once, into a local.
    let out = lower("__sincosf", &[A::Loaded(F32), p(f32p.clone()), p(f32p)]);
    assert_eq!(
        out.stmts,
        [
            "store.Default &l0 = load.Default(p0)",
            "store.Default p1 = FastSin<f32>(load.Default(&l0))",
            "store.Default p2 = FastCos<f32>(load.Default(&l0))"
        ]
    );
    let f64p = ptr(s(F64), AddrSpace::Global);
    let out = lower("sincospi", &[ps(F64), p(f64p.clone()), p(f64p)]);
    assert_eq!(
        out.stmts,
        [
            "store.Default p1 = SinPi<f64>(p0)",
            "store.Default p2 = CosPi<f64>(p0)"
        ]
    );
}

#[test]
fn norms_are_composed_without_overflow() {
    let (a0, a1, a2) = ("Fabs<f32>(p0)", "Fabs<f32>(p1)", "Fabs<f32>(p2)");
    let m = format!("Fmax<f32>(Fmax<f32>({a0}, {a1}), {a2})");
    let sum = format!(
        "Add(Add(Mul(Div(p0, {m}), Div(p0, {m})), Mul(Div(p1, {m}), Div(p1, {m}))), \
         Mul(Div(p2, {m}), Div(p2, {m})))"
    );
    let special = format!("LogicalOr(IsInf<bool>({m}), Eq({m}, 0f32))");
    let special_norm = format!("select(IsInf<bool>({m}), {m}, Add(Add({a0}, {a1}), {a2}))");
    assert_eq!(
        value("norm3df", &[ps(F32), ps(F32), ps(F32)]),
        format!("select({special}, {special_norm}, Mul({m}, Sqrt<f32>({sum})))")
    );
    let (a0, a1) = ("Fabs<f64>(p0)", "Fabs<f64>(p1)");
    let m = format!("Fmax<f64>({a0}, {a1})");
    let sum = format!("Add(Mul(Div(p0, {m}), Div(p0, {m})), Mul(Div(p1, {m}), Div(p1, {m})))");
    let special = format!("LogicalOr(IsInf<bool>({m}), Eq({m}, 0f64))");
    let special_norm = format!("select(IsInf<bool>({m}), {m}, Add({a0}, {a1}))");
    assert_eq!(
        value("rhypot", &[ps(F64), ps(F64)]),
        format!("select({special}, Div(1f64, {special_norm}), Div(Rsqrt<f64>({sum}), {m}))")
    );
}

#[test]
fn fast_math_and_rounded_arithmetic() {
    assert_eq!(
        value("__expf", &[ps(I32)]),
        "FastExp<f32>(conv.Nearest<f32>(p0))"
    );
    assert_eq!(
        value("__fdividef", &[ps(F32), ps(F32)]),
        "FastDiv<f32>(p0, p1)"
    );
    assert_eq!(value("__saturatef", &[ps(F32)]), "Saturate<f32>(p0)");
    assert_eq!(value("__frsqrt_rn", &[ps(F32)]), "Rsqrt<f32>(p0)");
    assert_eq!(
        value("__fadd_rz", &[ps(F32), ps(F32)]),
        "AddRounded(Zero)<f32>(p0, p1)"
    );
    assert_eq!(
        value("__dmul_ru", &[ps(F64), ps(F32)]),
        "MulRounded(Up)<f64>(p0, conv.Nearest<f64>(p1))"
    );
    assert_eq!(
        value("__fmaf_rn", &[ps(F32), ps(F32), ps(F32)]),
        "FmaRounded(Nearest)<f32>(p0, p1, p2)"
    );
    assert_eq!(value("__frcp_rd", &[ps(F32)]), "Rcp(Down)<f32>(p0)");
    assert_eq!(
        value("__dsqrt_rn", &[ps(F64)]),
        "SqrtRounded(Nearest)<f64>(p0)"
    );
}

#[test]
fn math_errors() {
    let fp = ptr(s(F32), AddrSpace::Global);
    assert_eq!(
        error("sqrtf", &[p(fp)]),
        (
            "no matching function for call to `sqrtf`".to_string(),
            vec!["candidate: `float sqrtf(float)`".to_string()]
        )
    );
    assert_eq!(
        error("sqrt", &[]),
        (
            "no matching function for call to `sqrt`".to_string(),
            vec![
                "candidate: `float sqrt(float)`".to_string(),
                "candidate: `double sqrt(double)`".to_string()
            ]
        )
    );
    assert_eq!(error("frexpf", &[ps(F32)]).0, "unsupported: `frexpf`");
    assert_eq!(error("erfinv", &[ps(F64)]).0, "unsupported: `erfinv`");
    assert!(try_lower("isnanf", &[ps(F32)]).is_none());
}

#[test]
fn integer_intrinsics() {
    assert_eq!(
        value("__popc", &[ps(I32)]),
        "Popc<i32>(conv.Nearest<u32>(p0))"
    );
    assert_eq!(value("__popcll", &[ps(U64)]), "Popc<i32>(p0)");
    assert_eq!(value("__clzll", &[ps(I64)]), "Clz<i32>(p0)");
    assert_eq!(value("__ffs", &[ps(I32)]), "Ffs<i32>(p0)");
    assert_eq!(value("__brev", &[ps(U32)]), "Brev<u32>(p0)");
    assert_eq!(
        value("__byte_perm", &[ps(U32), ps(U32), A::Int(0x3210, I32)]),
        "BytePerm<u32>(p0, p1, conv.Nearest<u32>(12816i32))"
    );
    assert_eq!(value("__umulhi", &[ps(U32), ps(U32)]), "MulHi<u32>(p0, p1)");
    assert_eq!(
        value("__mul64hi", &[ps(I64), ps(I64)]),
        "MulHi<i64>(p0, p1)"
    );
    assert_eq!(
        value("__sad", &[ps(I32), ps(I32), ps(U32)]),
        "Sad<u32>(p0, p1, p2)"
    );
    assert_eq!(
        value("__funnelshift_lc", &[ps(U32), ps(U32), ps(U32)]),
        "FunnelShiftLClamp<u32>(p0, p1, p2)"
    );
    assert_eq!(
        value("__urhadd", &[ps(U32), ps(U32)]),
        "RoundingHalvingAdd<u32>(p0, p1)"
    );
    assert_eq!(
        value("llmax", &[ps(I64), ps(I32)]),
        "Max<i64>(p0, conv.Nearest<i64>(p1))"
    );
    assert_eq!(value("llabs", &[ps(I64)]), "Abs<i64>(p0)");
}

#[test]
fn hadd_is_overloaded_on_int_and_half() {
    assert_eq!(
        value("__hadd", &[ps(I32), ps(I32)]),
        "HalvingAdd<i32>(p0, p1)"
    );
    assert_eq!(value("__hadd", &[ps(F16), ps(F16)]), "Add(p0, p1)");
    assert_eq!(value("__hadd", &[ps(BF16), ps(BF16)]), "Add(p0, p1)");
    // A standard conversion beats `__half`'s converting constructor.
    assert_eq!(
        value("__hadd", &[ps(F32), ps(F32)]),
        "HalvingAdd<i32>(conv.Nearest<i32>(p0), conv.Nearest<i32>(p1))"
    );
}

#[test]
fn min_max_follow_cudas_overloads() {
    assert_eq!(value("min", &[ps(I32), ps(I32)]), "Min<i32>(p0, p1)");
    assert_eq!(
        value("min", &[ps(I32), ps(U32)]),
        "Min<u32>(conv.Nearest<u32>(p0), p1)"
    );
    assert_eq!(
        value("max", &[ps(I16), ps(U8)]),
        "Max<i32>(conv.Nearest<i32>(p0), conv.Nearest<i32>(p1))"
    );
    assert_eq!(
        value("max", &[ps(U32), ps(I64)]),
        "Max<i64>(conv.Nearest<i64>(p0), p1)"
    );
    assert_eq!(
        value("min", &[ps(I64), ps(U64)]),
        "Min<u64>(conv.Nearest<u64>(p0), p1)"
    );
    assert_eq!(
        value("max", &[ps(F32), ps(F64)]),
        "Max<f64>(conv.Nearest<f64>(p0), p1)"
    );
    assert_eq!(value("fminf", &[ps(F32), ps(F32)]), "Fmin<f32>(p0, p1)");
    let (msg, notes) = error("min", &[ps(I32), ps(F32)]);
    assert_eq!(msg, "call to `min` is ambiguous");
    assert_eq!(notes.len(), 6);
    assert_eq!(notes[0], "candidate: `int min(int, int)`");
    assert_eq!(
        error("max", &[ps(I32)]).0,
        "no matching function for call to `max`"
    );
}

#[test]
fn abs_on_ints_and_floats() {
    assert_eq!(value("abs", &[ps(I32)]), "Abs<i32>(p0)");
    assert_eq!(value("abs", &[ps(I16)]), "Abs<i32>(conv.Nearest<i32>(p0))");
    assert_eq!(value("abs", &[ps(I64)]), "Abs<i64>(p0)");
    assert_eq!(value("abs", &[ps(F32)]), "Fabs<f32>(p0)");
    assert_eq!(value("abs", &[ps(F64)]), "Fabs<f64>(p0)");
    assert_eq!(error("abs", &[ps(U32)]).0, "call to `abs` is ambiguous");
}

#[test]
fn std_min_with_a_template_argument_fixes_the_type() {
    let out = try_lower_templated("min", &[s(F32)], &[ps(I32), ps(F64)]);
    let Some(Ok(out)) = out else {
        panic!("expected a value")
    };
    assert_eq!(
        out.value,
        "Min<f32>(conv.Nearest<f32>(p0), conv.Nearest<f32>(p1))"
    );
    let Some(Err(d)) = try_lower_templated("abs", &[s(I32)], &[ps(I32)]) else {
        panic!("expected an error")
    };
    assert_eq!(
        d.message,
        "`abs` is not a template; it takes no template arguments"
    );
}

#[test]
fn writes_into_constant_memory_are_rejected() {
    let c = ptr(s(F32), AddrSpace::Constant);
    assert_eq!(
        error("sincosf", &[ps(F32), p(c.clone()), p(c)]).0,
        "`sincosf` cannot write through a pointer into constant memory"
    );
    assert_eq!(
        error("__dp4a", &[ps(I32), ps(I32), ps(I32)]).0,
        "unsupported: `__dp4a`"
    );
}
