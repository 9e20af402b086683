//! Barriers (`__syncthreads`, `__syncwarp`, `__syncthreads_count/and/or`),
//! fences (`__threadfence*`) and the miscellaneous device functions:
//! `__nanosleep` (compiled to nothing: a sleep hint has no observable
//! effect), `printf` (a warning and no code yet), `__builtin_expect`,
//! `__builtin_assume`, and `__trap`/`clock`/`clock64`/`__globaltimer`,
//! address-space queries and conversions (`__isShared`,
//! `__cvta_generic_to_shared`) and asynchronous copies (unsupported for now).

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::{Arg, Lowered};
use crate::ir::{BarrierKind, BarrierReduce, Scalar, Scope, StmtKind, Type};

use Scalar::{I32, I64, U32};

/// The shapes of synchronisation built-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SyncFn {
    /// `__syncthreads()`.
    Block,
    /// `__syncwarp(mask = 0xffffffff)`.
    Warp,
    /// `__syncthreads_count/and/or(pred)`.
    Reduce(BarrierReduce),
    /// `__threadfence*()`.
    Fence(Scope),
    /// `__nanosleep(ns)`: no effect.
    Sleep,
    /// `printf(fmt, …)`: a warning, no code.
    Printf,
    /// `__builtin_expect(x, c)`: `x`.
    Expect,
    /// `__builtin_assume(c)`: nothing.
    Assume,
    /// Known but not compiled yet.
    Unsupported,
}

const TABLE: &[(&str, SyncFn)] = &[
    ("__syncthreads", SyncFn::Block),
    ("__syncwarp", SyncFn::Warp),
    ("__syncthreads_count", SyncFn::Reduce(BarrierReduce::Count)),
    ("__syncthreads_and", SyncFn::Reduce(BarrierReduce::And)),
    ("__syncthreads_or", SyncFn::Reduce(BarrierReduce::Or)),
    ("__threadfence", SyncFn::Fence(Scope::Device)),
    ("__threadfence_block", SyncFn::Fence(Scope::Block)),
    ("__threadfence_system", SyncFn::Fence(Scope::System)),
    ("__nanosleep", SyncFn::Sleep),
    ("printf", SyncFn::Printf),
    ("__builtin_expect", SyncFn::Expect),
    ("__builtin_assume", SyncFn::Assume),
    ("__trap", SyncFn::Unsupported),
    ("__brkpt", SyncFn::Unsupported),
    ("clock", SyncFn::Unsupported),
    ("clock64", SyncFn::Unsupported),
    ("__globaltimer", SyncFn::Unsupported),
    ("globaltimer", SyncFn::Unsupported),
    ("__prof_trigger", SyncFn::Unsupported),
    ("__isGlobal", SyncFn::Unsupported),
    ("__isShared", SyncFn::Unsupported),
    ("__isConstant", SyncFn::Unsupported),
    ("__isLocal", SyncFn::Unsupported),
    ("__cvta_generic_to_shared", SyncFn::Unsupported),
    ("__cvta_generic_to_global", SyncFn::Unsupported),
    ("__cvta_shared_to_generic", SyncFn::Unsupported),
    ("__cvta_global_to_generic", SyncFn::Unsupported),
    ("__pipeline_memcpy_async", SyncFn::Unsupported),
    ("__pipeline_commit", SyncFn::Unsupported),
    ("__pipeline_wait_prior", SyncFn::Unsupported),
    ("__memcpy_async", SyncFn::Unsupported),
];

/// Is `name` a synchronisation or miscellaneous built-in?
pub(super) fn knows(name: &str) -> bool {
    TABLE.iter().any(|(n, _)| *n == name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    TABLE.iter().map(|(n, _)| (*n).to_string()).collect()
}

/// Lowers a barrier, fence or miscellaneous built-in, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (_, f) = TABLE.iter().find(|(n, _)| *n == cx.name)?;
    Some(lower_sync(cx, *f))
}

/// Checks the call against one signature.
fn check(cx: &Call<'_, '_>, params: &[P], result: P) -> Result<(), crate::diag::Diagnostic> {
    cx.reject_template_args()?;
    resolve(cx, &[Overload::new(params, result, ())]).map(|_| ())
}

fn lower_sync(cx: &mut Call<'_, '_>, f: SyncFn) -> Lowered {
    match f {
        SyncFn::Block => {
            check(cx, &[], P::Void)?;
            cx.emit(StmtKind::Barrier {
                kind: BarrierKind::Block,
                mask: None,
            });
            Ok(None)
        }
        SyncFn::Warp => {
            if cx.args.is_empty() {
                let full = cx.int(0xffff_ffff, U32);
                cx.args.push(Arg {
                    expr: full,
                    ty: Type::Scalar(U32),
                    span: cx.span,
                    int_const: Some(0xffff_ffff),
                });
            }
            check(cx, &[P::S(U32)], P::Void)?;
            let mask = cx.arg_as_scalar(0, U32);
            cx.emit(StmtKind::Barrier {
                kind: BarrierKind::Warp,
                mask: Some(mask),
            });
            Ok(None)
        }
        SyncFn::Reduce(op) => {
            check(cx, &[P::S(I32)], P::S(I32))?;
            let pred = cx.arg_as_scalar(0, I32);
            let result = cx.result(Type::Scalar(I32));
            cx.emit(StmtKind::BarrierReduce { op, pred, result });
            Ok(Some(result))
        }
        SyncFn::Fence(scope) => {
            check(cx, &[], P::Void)?;
            cx.emit(StmtKind::Fence(scope));
            Ok(None)
        }
        SyncFn::Sleep => {
            check(cx, &[P::S(U32)], P::Void)?;
            keep_loads(cx, 0);
            Ok(None)
        }
        SyncFn::Printf => {
            cx.reject_template_args()?;
            cx.warn("`printf` in device code has no effect yet");
            Ok(None)
        }
        SyncFn::Expect => {
            check(cx, &[P::S(I64), P::S(I64)], P::S(I64))?;
            keep_loads(cx, 1);
            Ok(Some(cx.arg_as_scalar(0, I64)))
        }
        SyncFn::Assume => {
            check(cx, &[P::S(Scalar::Bool)], P::Void)?;
            keep_loads(cx, 0);
            Ok(None)
        }
        SyncFn::Unsupported => cx.unsupported(),
    }
}

/// Keeps a discarded argument's loads (they may fault) as an `Eval`.
fn keep_loads(cx: &mut Call<'_, '_>, i: usize) {
    if let Some(e) = cx.args.get(i).map(|a| a.expr) {
        if cx.reads_memory(e) {
            cx.emit(StmtKind::Eval(e));
        }
    }
}
