//! CUDA's built-in functions: the math library, integer and fast-math
//! intrinsics, atomics, warp collectives, barriers, fences, cache-hinted
//! loads and stores, vector constructors and conversions.

use super::builder::FnBuilder;
use crate::diag::Diagnostic;
use crate::ir::{ExprId, Type};
use crate::source::Span;

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

/// Lowers a call to a CUDA built-in.
///
/// Returns `None` when `name` is not a built-in (the caller then reports an
/// unknown function), `Some(Ok(Some(value)))` for a call with a value,
/// `Some(Ok(None))` for a void call, and `Some(Err(..))` for a built-in used
/// wrongly (bad argument count or types, a type CUDA has no overload for).
pub fn lower_builtin_call(
    _b: &mut FnBuilder<'_>,
    _name: &str,
    _template_args: &[Type],
    _args: &[Arg],
    _span: Span,
) -> Option<Result<Option<ExprId>, Diagnostic>> {
    None
}
