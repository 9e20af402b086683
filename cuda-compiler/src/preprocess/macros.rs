//! Macro definitions: parsing `#define` lines and comparing redefinitions.

// A `Diagnostic` is large, but it is the error, made once per bad line.
#![allow(clippy::result_large_err)]

use super::token::{Kind, Token};
use crate::diag::Diagnostic;
use crate::source::SrcSpan;
use std::rc::Rc;

/// The shapes a macro comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MacroKind {
    /// `#define NAME body`
    Object,
    /// `#define NAME(params) body`; a variadic macro's last parameter is
    /// `__VA_ARGS__` or the name written before `...`.
    Function {
        /// Parameter names in order.
        params: Vec<Rc<str>>,
        /// The last parameter takes the remaining arguments.
        variadic: bool,
    },
    /// `__LINE__`
    Line,
    /// `__FILE__`
    File,
    /// `__COUNTER__`
    Counter,
}

/// One macro definition.
#[derive(Debug, Clone)]
pub(crate) struct Macro {
    /// The name.
    pub name: Rc<str>,
    /// Object-like, function-like or built-in.
    pub kind: MacroKind,
    /// The replacement list.
    pub body: Vec<Token>,
    /// Where the name was written in the `#define` (for notes).
    pub def: Option<SrcSpan>,
}

impl Macro {
    /// A built-in macro with computed value.
    pub fn builtin(name: &str, kind: MacroKind) -> Macro {
        Macro {
            name: Rc::from(name),
            kind,
            body: Vec::new(),
            def: None,
        }
    }

    /// Is `other` the same definition (same parameters, same spelling and
    /// same white-space separation)?
    pub fn same_as(&self, other: &Macro) -> bool {
        self.kind == other.kind
            && self.body.len() == other.body.len()
            && self
                .body
                .iter()
                .zip(&other.body)
                .enumerate()
                .all(|(i, (a, b))| a.text == b.text && (i == 0 || a.space_before == b.space_before))
    }

    /// The index of parameter `name`, if this is a function-like macro.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        match &self.kind {
            MacroKind::Function { params, .. } => params.iter().position(|p| &**p == name),
            _ => None,
        }
    }
}

/// Parses the tokens of a `#define` line after the directive name.
/// `directive` is the `define` token, for errors on an empty line.
pub(crate) fn parse_define(directive: &Token, line: &[Token]) -> Result<Macro, Diagnostic> {
    let Some(name) = line.first() else {
        return Err(directive.locate(Diagnostic::error("`#define` expects a macro name")));
    };
    if name.kind != Kind::Ident {
        return Err(name.locate(Diagnostic::error("macro names must be identifiers")));
    }
    if &*name.text == "defined" || &*name.text == "__VA_ARGS__" || &*name.text == "__VA_OPT__" {
        return Err(name.locate(Diagnostic::error(format!(
            "`{}` cannot be used as a macro name",
            name.text
        ))));
    }
    let mut rest = line.get(1..).unwrap_or(&[]);
    let mut kind = MacroKind::Object;
    if let Some(open) = rest.first().filter(|t| t.is_punct("(") && !t.space_before) {
        let (params, variadic, used) = parse_params(open, rest)?;
        rest = rest.get(used..).unwrap_or(&[]);
        kind = MacroKind::Function { params, variadic };
    }
    let mut body: Vec<Token> = rest.to_vec();
    for (i, t) in body.iter_mut().enumerate() {
        t.line_start = false;
        if i == 0 {
            t.space_before = false;
        }
    }
    let mac = Macro {
        name: Rc::from(&*name.text),
        kind,
        body,
        def: Some(name.span()),
    };
    check_body(&mac)?;
    Ok(mac)
}

/// Parses `(a, b, ...)`; returns the names, variadic flag and tokens used.
fn parse_params(open: &Token, rest: &[Token]) -> Result<(Vec<Rc<str>>, bool, usize), Diagnostic> {
    let mut params: Vec<Rc<str>> = Vec::new();
    let mut i = 1;
    let mut last = open;
    let expect_close =
        |t: &Token| t.locate(Diagnostic::error("expected `)` in macro parameter list"));
    if rest.get(i).is_some_and(|t| t.is_punct(")")) {
        return Ok((params, false, 2));
    }
    loop {
        let Some(t) = rest.get(i) else {
            return Err(expect_close(last));
        };
        if t.is_punct("...") {
            params.push(Rc::from("__VA_ARGS__"));
            return match rest.get(i + 1) {
                Some(c) if c.is_punct(")") => Ok((params, true, i + 2)),
                Some(c) => Err(expect_close(c)),
                None => Err(expect_close(t)),
            };
        }
        if t.kind != Kind::Ident || &*t.text == "__VA_ARGS__" {
            return Err(t.locate(Diagnostic::error("expected parameter name")));
        }
        if params.iter().any(|p| **p == *t.text) {
            return Err(t.locate(Diagnostic::error(format!(
                "duplicate macro parameter `{}`",
                t.text
            ))));
        }
        params.push(Rc::from(&*t.text));
        match rest.get(i + 1) {
            Some(c) if c.is_punct(",") => {
                last = c;
                i += 2;
            }
            Some(c) if c.is_punct(")") => return Ok((params, false, i + 2)),
            Some(c) if c.is_punct("...") => {
                return match rest.get(i + 2) {
                    Some(close) if close.is_punct(")") => Ok((params, true, i + 3)),
                    Some(close) => Err(expect_close(close)),
                    None => Err(expect_close(c)),
                };
            }
            Some(c) => return Err(expect_close(c)),
            None => return Err(expect_close(t)),
        }
    }
}

/// Checks `#` and `##` placement in a replacement list.
fn check_body(mac: &Macro) -> Result<(), Diagnostic> {
    let body = &mac.body;
    if let Some(t) = body.first().filter(|t| t.is_punct("##")) {
        return Err(t.locate(Diagnostic::error(
            "`##` cannot appear at either end of a macro expansion",
        )));
    }
    if let Some(t) = body.last().filter(|t| t.is_punct("##")) {
        return Err(t.locate(Diagnostic::error(
            "`##` cannot appear at either end of a macro expansion",
        )));
    }
    if let MacroKind::Function { .. } = mac.kind {
        for (i, t) in body.iter().enumerate() {
            if !t.is_punct("#") {
                continue;
            }
            let next = body.get(i + 1);
            let is_param =
                next.is_some_and(|n| n.kind == Kind::Ident && mac.param_index(&n.text).is_some());
            if !is_param {
                return Err(t.locate(Diagnostic::error(
                    "`#` is not followed by a macro parameter",
                )));
            }
        }
    }
    Ok(())
}
