//! The parser: preprocessed text → [`ast::TranslationUnit`].

pub mod ast;

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Preprocessed;

/// Parses a preprocessed translation unit.
pub fn parse(_pp: &Preprocessed) -> Result<ast::TranslationUnit, Diagnostics> {
    Err(vec![Diagnostic::unsupported("parsing (in progress)")])
}
