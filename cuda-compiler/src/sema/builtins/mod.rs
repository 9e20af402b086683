//! CUDA's built-in functions: the math library, integer and fast-math
//! intrinsics, atomics, warp collectives, barriers, fences, cache-hinted
//! loads and stores, vector constructors and conversions.
//!
//! The lowering is table-driven: each family module (`math`, `integer`,
//! `convert`, `half`, `atomic`, `warp`, `sync`, `memory`, `vector`) owns a table from names to overload sets (parameter types,
//! result type, IR operation) and a small lowering function per operation
//! shape. Overloads are chosen with C++'s ranking of implicit conversions
//! (`resolve`), so `__hadd(int, int)` and `__hadd(half, half)` or
//! `atomicAdd(float*, float)` and `atomicAdd(int*, int)` pick the overload
//! nvcc would.

// The contract returns `Diagnostic` by value (as every front-end stage
// does); errors are rare and cold, so their size does not matter here.
#![allow(clippy::result_large_err)]

mod atomic;
mod call;
mod convert;
mod half;
mod integer;
mod math;
mod memory;
mod resolve;
mod sync;
mod vector;
mod warp;

#[cfg(test)]
mod tests;

use super::builder::FnBuilder;
use crate::diag::Diagnostic;
use crate::ir::{ExprId, Type};
use crate::source::Span;
use call::Call;

/// One already-lowered argument of a built-in call.
#[derive(Debug, Clone)]
pub struct Arg {
    /// The value (an rvalue; pointers for `&x` arguments).
    pub expr: ExprId,
    /// Its type.
    pub ty: Type,
    /// The argument's span.
    pub span: Span,
    /// Its value when it is an integer constant expression (for shuffle
    /// widths and the like).
    pub int_const: Option<i128>,
}

/// What lowering one built-in call gives: a value, nothing (a void call),
/// or the error to report.
type Lowered = Result<Option<ExprId>, Diagnostic>;

/// One family's entry point: `None` when the name is not in its table.
type Family = fn(&mut Call<'_, '_>) -> Option<Lowered>;

/// The families, tried in order; their name tables are disjoint.
const FAMILIES: &[Family] = &[
    math::lower,
    integer::lower,
    convert::lower,
    half::lower,
    atomic::lower,
    warp::lower,
    sync::lower,
    memory::lower,
    vector::lower,
];

/// Lowers a call to a CUDA built-in.
///
/// Returns `None` when `name` is not a built-in (the caller then reports an
/// unknown function), `Some(Ok(Some(value)))` for a call with a value,
/// `Some(Ok(None))` for a void call, and `Some(Err(..))` for a built-in used
/// wrongly (bad argument count or types, a type CUDA has no overload for).
///
/// Warnings (legacy warp intrinsics, `printf`) are pushed onto
/// [`FnBuilder::warnings`].
pub fn lower_builtin_call(
    b: &mut FnBuilder<'_>,
    name: &str,
    template_args: &[Type],
    args: &[Arg],
    span: Span,
) -> Option<Result<Option<ExprId>, Diagnostic>> {
    let mut cx = Call {
        b,
        name,
        template_args,
        args: args.to_vec(),
        written: args.iter().map(|a| a.ty.clone()).collect(),
        span,
    };
    FAMILIES.iter().find_map(|family| family(&mut cx))
}

/// Is `name` a CUDA built-in function this module knows (supported or
/// reported as unsupported)? Lets the caller tell a built-in from an
/// undeclared identifier without lowering a call.
pub fn is_builtin(name: &str) -> bool {
    math::knows(name)
        || integer::knows(name)
        || convert::knows(name)
        || half::knows(name)
        || atomic::knows(name)
        || warp::knows(name)
        || sync::knows(name)
        || memory::knows(name)
        || vector::knows(name)
}

/// Every built-in function name this module knows (supported or reported
/// as unsupported): for "did you mean" suggestions and tooling.
pub fn builtin_names() -> Vec<String> {
    let families: [fn() -> Vec<String>; 9] = [
        math::names,
        integer::names,
        convert::names,
        half::names,
        atomic::names,
        warp::names,
        sync::names,
        memory::names,
        vector::names,
    ];
    let mut out: Vec<String> = families.iter().flat_map(|f| f()).collect();
    out.sort();
    out.dedup();
    out
}
