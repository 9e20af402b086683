//! Semantic analysis: AST → Kernel IR.

pub mod builder;
pub mod builtins;

use crate::diag::{Diagnostic, Diagnostics};
use crate::parse::ast;
use crate::source::Preprocessed;
use crate::{ir, Options};

/// Lowers a parsed unit to IR; `Ok` carries the module and any warnings.
pub fn lower(
    _tu: &ast::TranslationUnit,
    _pp: &Preprocessed,
    _opts: &Options,
) -> Result<(ir::Module, Diagnostics), Diagnostics> {
    Err(vec![Diagnostic::unsupported("semantic analysis (in progress)")])
}
