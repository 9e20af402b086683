//! Barriers, fences, miscellaneous functions, hinted loads and stores, and
//! vector constructors.

use super::*;
use crate::ir::Scalar::*;

#[test]
fn barriers_and_fences() {
    let out = lower("__syncthreads", &[]);
    assert_eq!(
        (out.value.as_str(), out.stmts),
        ("void", vec!["barrier.Block -".to_string()])
    );
    assert_eq!(
        lower("__syncwarp", &[]).stmts,
        ["barrier.Warp 4294967295u32"]
    );
    assert_eq!(lower("__syncwarp", &[ps(U32)]).stmts, ["barrier.Warp p0"]);
    let out = lower("__syncthreads_count", &[ps(Scalar::Bool)]);
    assert_eq!(out.value, "r2<i32>");
    assert_eq!(
        out.stmts,
        ["r2<i32> = barrier.Count(conv.Nearest<i32>(p0))"]
    );
    assert_eq!(
        lower("__syncthreads_or", &[ps(I32)]).stmts,
        ["r1<i32> = barrier.Or(p0)"]
    );
    assert_eq!(lower("__threadfence", &[]).stmts, ["fence.Device"]);
    assert_eq!(lower("__threadfence_block", &[]).stmts, ["fence.Block"]);
    assert_eq!(lower("__threadfence_system", &[]).stmts, ["fence.System"]);
    assert_eq!(
        error("__syncthreads", &[ps(I32)]).0,
        "no matching function for call to `__syncthreads`"
    );
}

#[test]
fn misc_device_functions() {
    let out = lower("__nanosleep", &[A::Int(100, I32)]);
    assert_eq!((out.value.as_str(), out.stmts.len()), ("void", 0));
    let out = lower("__nanosleep", &[A::Loaded(U32)]);
    assert_eq!(out.stmts, ["eval load.Default(p0)"]);
    let out = lower("printf", &[ps(I32)]);
    assert_eq!(out.value, "void");
    assert_eq!(out.warnings, ["`printf` in device code has no effect yet"]);
    assert_eq!(error("__trap", &[]).0, "unsupported: `__trap`");
    assert_eq!(error("clock64", &[]).0, "unsupported: `clock64`");
    assert_eq!(
        value("__builtin_expect", &[ps(I32), A::Int(0, I32)]),
        "conv.Nearest<i64>(p0)"
    );
}

#[test]
fn hinted_loads_and_stores() {
    let global_f32 = cptr(s(F32), AddrSpace::Global);
    assert_eq!(value("__ldg", &[p(global_f32)]), "load.ReadOnly(p0)");
    let mutable = ptr(Type::Vector(F32, 4), AddrSpace::Generic);
    assert_eq!(value("__ldcs", &[p(mutable)]), "load.Streaming(p0)");
    assert_eq!(
        value("__ldcg", &[p(ptr(Type::Vector(I32, 2), AddrSpace::Global))]),
        "load.Global(p0)"
    );
    assert_eq!(
        value("__ldlu", &[p(ptr(s(U8), AddrSpace::Global))]),
        "load.LastUse(p0)"
    );
    assert_eq!(
        value("__ldcv", &[p(ptr(s(F64), AddrSpace::Global))]),
        "load.Volatile(p0)"
    );
    let out = lower("__stcs", &[p(ptr(s(F32), AddrSpace::Global)), ps(I32)]);
    assert_eq!(out.stmts, ["store.Streaming p0 = conv.Nearest<f32>(p1)"]);
    let out = lower(
        "__stwt",
        &[
            p(ptr(Type::Vector(F32, 2), AddrSpace::Global)),
            p(Type::Vector(F32, 2)),
        ],
    );
    assert_eq!(out.stmts, ["store.WriteThrough p0 = p1"]);
    assert_eq!(
        error("__ldg", &[p(cptr(s(F32), AddrSpace::Shared))]).0,
        "`__ldg` needs a pointer into global memory, not shared memory"
    );
    let (msg, notes) = error("__ldg", &[p(cptr(Type::Vector(F32, 3), AddrSpace::Global))]);
    assert_eq!(msg, "no matching function for call to `__ldg`");
    assert_eq!(
        notes[0],
        "candidate: `signed char __ldg(const signed char*)`"
    );
    assert_eq!(
        error("__stcg", &[p(cptr(s(F32), AddrSpace::Global)), ps(F32)]).0,
        "no matching function for call to `__stcg`"
    );
}

#[test]
fn vector_constructors() {
    assert_eq!(
        value("make_float4", &[ps(I32), ps(F32), ps(F64), ps(F32)]),
        "f32x4(conv.Nearest<f32>(p0), p1, conv.Nearest<f32>(p2), p3)"
    );
    assert_eq!(
        value("make_int2", &[A::Int(1, I32), A::Int(2, I32)]),
        "i32x2(1i32, 2i32)"
    );
    assert_eq!(
        value("make_uchar4", &[ps(U8), ps(U8), ps(U8), ps(I32)]),
        "u8x4(p0, p1, p2, conv.Nearest<u8>(p3))"
    );
    assert_eq!(value("make_double1", &[ps(F64)]), "f64x1(p0)");
    assert_eq!(
        value("make_ulonglong2", &[ps(U64), ps(U64)]),
        "u64x2(p0, p1)"
    );
    let (msg, notes) = error("make_float3", &[ps(F32), ps(F32)]);
    assert_eq!(msg, "no matching function for call to `make_float3`");
    assert_eq!(
        notes,
        ["candidate: `float3 make_float3(float, float, float)`"]
    );
}
