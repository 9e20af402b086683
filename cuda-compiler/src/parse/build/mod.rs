//! Turns pest pairs into the AST, split by concern.
//!
//! A [`Builder`] works on one sub-parse (one top-level item, one body, one
//! `#pragma` argument), whose text starts at `base` in the preprocessed
//! text. Problems found while building (an integer literal too large, a
//! device function whose body does not parse, …) are collected in `diags`.

mod exprs;
mod items;
mod literals;
mod stmts;
mod types;

use super::grammar::Rule;
use crate::diag::Diagnostic;
use crate::source::{ExpansionMap, Span};
use pest::iterators::Pair;
use pest::pratt_parser::PrattParser;
use std::cell::RefCell;

use super::ast::Ident;

/// Builds AST nodes from the pairs of one sub-parse.
pub(crate) struct Builder<'m> {
    /// Offset of the sub-parse's text in the preprocessed text.
    base: u32,
    /// The whole preprocessed text (for re-parses of bodies).
    full_text: &'m str,
    /// For diagnostics.
    map: &'m ExpansionMap,
    /// Errors found while building.
    diags: RefCell<Vec<Diagnostic>>,
    /// Operator precedences of C++.
    pratt: PrattParser<Rule>,
}

impl<'m> Builder<'m> {
    /// A builder for a sub-parse starting at `base`.
    pub(crate) fn new(base: u32, full_text: &'m str, map: &'m ExpansionMap) -> Self {
        Self {
            base,
            full_text,
            map,
            diags: RefCell::new(Vec::new()),
            pratt: exprs::precedences(),
        }
    }

    /// The errors collected so far.
    pub(crate) fn into_diags(self) -> Vec<Diagnostic> {
        self.diags.into_inner()
    }

    /// The span of a pair in the preprocessed text.
    fn span(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start() as u32, self.base + s.end() as u32)
    }

    /// An identifier from an `identifier` (or any atomic) pair.
    fn ident(&self, p: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(p),
        }
    }

    /// Records an error at a span.
    fn error(&self, span: Span, msg: impl Into<String>) {
        let d = Diagnostic::error(msg).at_expanded(span, self.map);
        self.diags.borrow_mut().push(d);
    }

    /// Records an already made diagnostic.
    fn push(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }
}

/// The first inner pair with a given rule.
fn child<'i>(p: &Pair<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    p.clone().into_inner().find(|c| c.as_rule() == rule)
}

/// Does the pair have an inner pair with this rule?
fn has(p: &Pair<'_, Rule>, rule: Rule) -> bool {
    p.clone().into_inner().any(|c| c.as_rule() == rule)
}
