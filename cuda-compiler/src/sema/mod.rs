//! Semantic analysis: AST → Kernel IR.
//!
//! Organised by concern: [`cx`] holds the state, [`items`] collects
//! declarations, [`scope`] looks names up, [`types`] and [`layout`] resolve
//! types and lay structs out, [`const_eval`] folds constants, [`templates`]
//! binds and deduces template arguments, [`kernels`] decides what is
//! compiled, [`func`] lowers one function instance with [`stmt`], [`decl`],
//! [`expr`], [`lvalue`], [`convert`], [`call`], [`construct`] and
//! [`lambda`].

// Lowering returns a `Diagnostic` on its cold error path; boxing every
// error would only add noise to hundreds of signatures.
#![allow(clippy::result_large_err)]

pub mod builder;
pub mod builtins;

mod access;
mod call;
mod const_eval;
mod construct;
mod convert;
mod cx;
mod decl;
mod expr;
mod func;
mod items;
mod kernels;
mod lambda;
mod layout;
mod lvalue;
mod ops;
mod overload;
mod scope;
mod stmt;
mod switch;
mod templates;
mod types;
mod walk;

#[cfg(test)]
mod tests;

use crate::diag::Diagnostics;
use crate::parse::ast;
use crate::source::Preprocessed;
use crate::{ir, Options};

/// Lowers a parsed unit to IR; `Ok` carries the module and any warnings.
pub fn lower(
    tu: &ast::TranslationUnit,
    pp: &Preprocessed,
    opts: &Options,
) -> Result<(ir::Module, Diagnostics), Diagnostics> {
    let mut sema = cx::Sema::new(&pp.map, &pp.text);
    sema.declare_builtin_types();
    let mut deferred = items::Deferred::default();
    sema.collect_items(&tu.items, cx::ScopeId(0), &mut deferred);
    let globals = std::mem::take(&mut deferred.globals);
    sema.lower_globals(&globals);
    for (sa, _, scope) in std::mem::take(&mut deferred.asserts) {
        if let Err(e) = sema.check_static_assert(sa, scope) {
            sema.report(e);
        }
    }
    sema.lower_kernels(&deferred, &opts.instances);
    let mut errors: Diagnostics = Vec::new();
    for e in sema.errors.drain(..) {
        if !e.message.is_empty() && !errors.contains(&e) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok((sema.module, sema.warnings))
    } else {
        Err(errors)
    }
}
