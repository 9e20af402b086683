//! Atomics and warp collectives.

use super::*;
use crate::ir::Scalar::*;

fn gptr(sc: Scalar) -> A {
    p(ptr(s(sc), AddrSpace::Global))
}

#[test]
fn atomics_return_the_old_value() {
    let out = lower("atomicAdd", &[gptr(I32), ps(I32)]);
    assert_eq!(out.value, "r2<i32>");
    assert_eq!(out.stmts, ["r2<i32> = atomic.Add.Device p0, p1, cmp -"]);
    let out = lower("atomicAdd", &[gptr(F32), A::Int(1, I32)]);
    assert_eq!(
        out.stmts,
        ["r3<f32> = atomic.Add.Device p0, conv.Nearest<f32>(1i32), cmp -"]
    );
    let out = lower(
        "atomicAdd_block",
        &[p(ptr(s(U32), AddrSpace::Shared)), ps(U32)],
    );
    assert_eq!(out.stmts, ["r2<u32> = atomic.Add.Block p0, p1, cmp -"]);
    let out = lower("atomicMax_system", &[gptr(I64), ps(I64)]);
    assert_eq!(out.stmts, ["r2<i64> = atomic.Max.System p0, p1, cmp -"]);
    let out = lower(
        "atomicAdd",
        &[
            p(ptr(Type::Vector(F16, 2), AddrSpace::Global)),
            p(Type::Vector(F16, 2)),
        ],
    );
    assert_eq!(out.stmts, ["r2<f16x2> = atomic.Add.Device p0, p1, cmp -"]);
    let out = lower("atomicInc", &[gptr(U32), ps(U32)]);
    assert_eq!(out.stmts, ["r2<u32> = atomic.Inc.Device p0, p1, cmp -"]);
    let out = lower("atomicExch", &[p(ptr(s(F32), AddrSpace::Generic)), ps(F32)]);
    assert_eq!(
        out.stmts,
        ["r2<f32> = atomic.Exchange.Device p0, p1, cmp -"]
    );
}

#[test]
fn atomic_cas_takes_compare_then_value() {
    let out = lower("atomicCAS", &[gptr(U64), ps(U64), ps(U64)]);
    assert_eq!(
        out.stmts,
        ["r3<u64> = atomic.CompareExchange.Device p0, p2, cmp p1"]
    );
    let out = lower("atomicCAS", &[gptr(U16), ps(U16), ps(U16)]);
    assert_eq!(out.value, "r3<u16>");
}

#[test]
fn atomic_errors() {
    let (msg, notes) = error("atomicAdd", &[gptr(I64), ps(I64)]);
    assert_eq!(msg, "no matching function for call to `atomicAdd`");
    assert_eq!(notes.len(), 9);
    assert_eq!(notes[0], "candidate: `int atomicAdd(int*, int)`");
    assert_eq!(notes[6], "candidate: `half2 atomicAdd(half2*, half2)`");
    let (msg, _) = error("atomicSub", &[gptr(F32), ps(F32)]);
    assert_eq!(msg, "no matching function for call to `atomicSub`");
    let constant = p(cptr(s(I32), AddrSpace::Constant));
    assert_eq!(
        error("atomicAdd", &[constant, ps(I32)]).0,
        "no matching function for call to `atomicAdd`"
    );
    let constant = p(ptr(s(I32), AddrSpace::Constant));
    assert_eq!(
        error("atomicAdd", &[constant, ps(I32)]).0,
        "cannot apply `atomicAdd` to a pointer into constant memory"
    );
    let local = p(ptr(s(I32), AddrSpace::Local));
    assert_eq!(
        error("atomicOr", &[local, ps(I32)]).0,
        "cannot apply `atomicOr` to a pointer into local memory"
    );
    assert_eq!(
        error("atomicAdd", &[gptr(I32)]).0,
        "no matching function for call to `atomicAdd`"
    );
}

#[test]
fn shuffles() {
    let out = lower("__shfl_sync", &[A::Int(0xffff_ffff, U32), ps(F32), ps(I32)]);
    assert_eq!(out.value, "r4<f32>");
    assert_eq!(
        out.stmts,
        ["r4<f32> = warp.Shuffle(Idx)(4294967295u32, p1, p2, WarpSize)"]
    );
    let out = lower(
        "__shfl_down_sync",
        &[ps(U32), ps(I32), A::Int(1, I32), A::Int(16, I32)],
    );
    assert_eq!(
        out.stmts,
        ["r5<i32> = warp.Shuffle(Down)(p0, p1, conv.Nearest<u32>(1i32), 16i32)"]
    );
    let out = lower("__shfl_xor_sync", &[ps(U32), ps(I16), A::Int(1, I32)]);
    assert_eq!(
        out.stmts,
        ["r5<i32> = warp.Shuffle(Xor)(p0, conv.Nearest<i32>(p1), 1i32, WarpSize)"]
    );
    let out = lower(
        "__shfl_up_sync",
        &[ps(U32), p(Type::Vector(F16, 2)), ps(U32)],
    );
    assert_eq!(out.value, "r4<f16x2>");
    assert_eq!(
        error("__shfl_sync", &[ps(U32), ps(F64), ps(I32), A::Int(33, I32)]).0,
        "shuffle width must be a power of two from 1 to 32, not 33"
    );
    let (msg, notes) = error("__shfl_sync", &[ps(U32), p(Type::Vector(F32, 4)), ps(I32)]);
    assert_eq!(msg, "no matching function for call to `__shfl_sync`");
    assert_eq!(notes.len(), 10);
    assert_eq!(
        notes[0],
        "candidate: `int __shfl_sync(unsigned int, int, int, int)`"
    );
}

#[test]
fn legacy_warp_functions_warn_and_use_a_full_mask() {
    let out = lower("__shfl", &[ps(F32), ps(I32)]);
    assert_eq!(
        out.stmts,
        ["r4<f32> = warp.Shuffle(Idx)(4294967295u32, p0, p1, WarpSize)"]
    );
    assert_eq!(
        out.warnings,
        ["`__shfl` was removed in CUDA 9; compiled as `__shfl_sync(0xffffffff, …)`"]
    );
    let out = lower("__ballot", &[ps(Scalar::Bool)]);
    assert_eq!(
        out.stmts,
        ["r3<u32> = warp.Ballot(4294967295u32, conv.Nearest<i32>(p0))"]
    );
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn votes_matches_and_reductions() {
    let out = lower("__all_sync", &[ps(U32), ps(I32)]);
    assert_eq!(out.value, "conv.Nearest<i32>(r2<bool>)");
    assert_eq!(out.stmts, ["r2<bool> = warp.All(p0, p1)"]);
    let out = lower("__ballot_sync", &[ps(U32), ps(Scalar::Bool)]);
    assert_eq!(
        out.stmts,
        ["r3<u32> = warp.Ballot(p0, conv.Nearest<i32>(p1))"]
    );
    let out = lower("__activemask", &[]);
    assert_eq!(out.stmts, ["r0<u32> = warp.ActiveMask()"]);
    let out = lower(
        "__match_all_sync",
        &[ps(U32), ps(I32), p(ptr(s(I32), AddrSpace::Local))],
    );
    assert_eq!(
        out.stmts,
        [
            "r3<u32> = warp.MatchAll(p0, p1)",
            "store.Default p2 = conv.Nearest<i32>(Ne(r3<u32>, 0u32))"
        ]
    );
    let out = lower("__match_any_sync", &[ps(U32), ps(F64)]);
    assert_eq!(out.stmts, ["r2<u32> = warp.MatchAny(p0, p1)"]);
    let out = lower("__reduce_add_sync", &[ps(U32), ps(I32)]);
    assert_eq!(out.stmts, ["r2<i32> = warp.ReduceAdd(p0, p1)"]);
    let out = lower("__reduce_or_sync", &[ps(U32), ps(I32)]);
    assert_eq!(
        out.stmts,
        ["r3<u32> = warp.ReduceOr(p0, conv.Nearest<u32>(p1))"]
    );
    assert_eq!(value("__lanemask_lt", &[]), "Sub(Shl(1u32, LaneId), 1u32)");
    assert_eq!(
        value("__lanemask_gt", &[]),
        "BitNot(Sub(Shl(2u32, LaneId), 1u32))"
    );
}
