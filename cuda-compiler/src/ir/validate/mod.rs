//! The IR validator: checks every module before a back end sees it.
//!
//! What it checks (a failure is a compiler bug, reported as
//! "internal error: invalid IR: …" at the offending span):
//! - every handle (expression, local, parameter, global, struct, function)
//!   is in range, and expressions only name earlier expressions (so the
//!   arena is a DAG in order);
//! - expression typing ([`exprs`]): operators, conversions, pointers,
//!   aggregates, built-ins;
//! - statements ([`stmts`]): conditions are bools, `Break`/`Continue` sit in
//!   a loop (or a switch for `Break`), `Return` matches the function's
//!   result, each `StmtResult` is defined by exactly one statement, calls
//!   match their callee, atomics target global/shared/generic memory;
//! - the module ([`module`]): globals live in shared, constant or global
//!   memory, kernels point at kernel functions, no recursion.
//!
//! It also warns (a user-facing warning, not a bug) when a block barrier
//! may be reached by only some threads of a block, using
//! [`crate::analysis::uniformity`].

mod exprs;
mod module;
mod stmts;
mod types;

use crate::analysis::uniformity::{self, BarrierSite};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;
use crate::source::{ExpansionMap, Span};

/// At most this many invalid-IR errors are reported per module (one bug in
/// sema tends to repeat).
const MAX_ERRORS: usize = 50;

/// Checks types, handles, address spaces and control flow; warnings are
/// dropped (see [`validate_with_warnings`]).
pub fn validate(module: &Module, map: &ExpansionMap) -> Result<(), Diagnostics> {
    validate_with_warnings(module, map).map(|_warnings| ())
}

/// Like [`validate`], and on success returns the warnings about the
/// module (block barriers under thread-dependent control flow).
pub fn validate_with_warnings(
    module: &Module,
    map: &ExpansionMap,
) -> Result<Diagnostics, Diagnostics> {
    let mut cx = Cx::new(module, map);
    module::check_module(&mut cx);
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    Ok(barrier_warnings(module, map))
}

/// Warnings for block barriers that only some threads of a block may reach.
fn barrier_warnings(module: &Module, map: &ExpansionMap) -> Diagnostics {
    let uni = uniformity::analyze(module);
    uni.divergent_barriers()
        .iter()
        .map(|b| {
            let what = match b.site {
                BarrierSite::Barrier(name) | BarrierSite::Call(name) => name,
            };
            let mut d = Diagnostic::warning(format!(
                "`{what}` may be reached by only some threads of the block"
            ))
            .at_expanded(b.span, map);
            d = match b.site {
                BarrierSite::Barrier(_) => d.with_label("block barrier under thread-dependent control flow"),
                BarrierSite::Call(_) => d.with_label("this call reaches a block barrier under thread-dependent control flow"),
            };
            if let Some(loc) = b.cause.and_then(|c| map.locate(c)) {
                d = d.with_secondary(loc.span, "this depends on the thread");
            }
            d.with_note(
                "every thread of a block must reach the same barrier, or the kernel may hang or read stale data",
            )
            .with_help("move the barrier out of the condition, or make the condition the same for all threads of the block")
        })
        .collect()
}

/// The validator's state: the module, where errors go, and which function
/// is being checked.
pub(crate) struct Cx<'a> {
    pub module: &'a Module,
    map: &'a ExpansionMap,
    pub errors: Diagnostics,
    /// Name of the function being checked (for the note line).
    pub func_name: Option<&'a str>,
}

impl<'a> Cx<'a> {
    fn new(module: &'a Module, map: &'a ExpansionMap) -> Self {
        Self {
            module,
            map,
            errors: Vec::new(),
            func_name: None,
        }
    }

    /// Reports an invalid-IR error at a span of the preprocessed text.
    pub fn error(&mut self, span: Span, what: impl std::fmt::Display) {
        if self.errors.len() >= MAX_ERRORS {
            return;
        }
        let mut d = Diagnostic::error(format!("internal error: invalid IR: {what}"))
            .at_expanded(span, self.map);
        if let Some(f) = self.func_name {
            d = d.with_note(format!("in the IR of function `{f}`"));
        }
        self.errors.push(d.with_help(
            "this is a bug in the cudawasm compiler, not in your code; please report it with the CUDA source that triggered it",
        ));
    }

    /// Renders a type with struct names.
    pub fn ty(&self, ty: &crate::ir::Type) -> String {
        self.module.type_display(ty).to_string()
    }
}

#[cfg(test)]
mod tests;
