//! `#` lines: conditionals, `#define`/`#undef`, `#include`, `#pragma`,
//! `#error`/`#warning`, `#line`; and the `_Pragma` operator.

use super::expand::Source;
use super::lexer::lex_fragment;
use super::macros::{parse_define, MacroKind};
use super::token::{Kind, Token};
use super::{Cond, Preprocessor};
use crate::diag::Diagnostic;
use crate::source::{FileId, SrcSpan};
use std::rc::Rc;

/// The offset just after the end of the line holding `pos`.
fn after_line(text: &str, pos: u32) -> u32 {
    text.get(pos as usize..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| pos as usize + n + 1) as u32
}

impl Preprocessor<'_> {
    /// Runs the directive line at the current position (its `#` is next).
    pub(super) fn directive(&mut self) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let Some(hash) = frame.tokens.get(frame.pos).cloned() else {
            return;
        };
        frame.pos += 1;
        let start = frame.pos;
        while frame.tokens.get(frame.pos).is_some_and(|t| !t.line_start) {
            frame.pos += 1;
        }
        let line: Vec<Token> = frame.tokens.get(start..frame.pos).unwrap_or(&[]).to_vec();
        let skipping = frame.conds.last().is_some_and(|c| !c.active);
        let Some(name_tok) = line.first() else {
            return; // the null directive
        };
        // Errors about the directive itself cover `#name`.
        let mut directive = name_tok.clone();
        directive.lo = hash.lo;
        let name_tok = &directive;
        let rest = line.get(1..).unwrap_or(&[]);
        let name: &str = match name_tok.kind {
            Kind::Ident => &name_tok.text,
            // GNU line markers (`# 12 "file.cu"`) are accepted and ignored.
            Kind::Number => "line",
            _ if skipping => return,
            _ => {
                let d = Diagnostic::error(format!(
                    "invalid preprocessing directive `#{}`",
                    name_tok.text
                ));
                self.diags.push(name_tok.locate(d));
                return;
            }
        };
        match name {
            "if" | "ifdef" | "ifndef" => self.open_conditional(name_tok, rest, skipping),
            "elif" | "elifdef" | "elifndef" => self.elif(name_tok, rest),
            "else" => self.else_(name_tok, rest),
            "endif" => self.endif(name_tok, rest),
            _ if skipping => {}
            "define" => self.define(name_tok, rest),
            "undef" => self.undef(name_tok, rest),
            "include" | "include_next" => self.include_directive(&hash, name_tok, rest),
            "pragma" => self.pragma_directive(&hash, rest),
            "error" | "warning" => {
                // The message is the rest of the line as written.
                let span = directive_span(&hash, &line);
                let text = &self.files.get(hash.file).text;
                let msg = match rest.first() {
                    Some(first) if first.expansion.is_none() && first.lo <= span.hi => text
                        .get(first.lo as usize..span.hi as usize)
                        .unwrap_or("")
                        .replace(['\n', '\r'], " "),
                    _ => format!("#{name}"),
                };
                let d = if name == "error" {
                    Diagnostic::error(msg)
                } else {
                    Diagnostic::warning(msg)
                };
                self.diags.push(d.at(span));
            }
            "line" => {}
            _ => {
                let d = Diagnostic::error(format!("unknown preprocessing directive `#{name}`"));
                self.diags.push(name_tok.locate(d));
            }
        }
    }

    fn extra_tokens(&mut self, directive: &Token, extra: &[Token]) {
        if let Some(t) = extra.first() {
            let d = Diagnostic::warning(format!(
                "extra tokens at end of `#{}` directive",
                directive.text
            ));
            self.diags.push(t.locate(d));
        }
    }

    /// Is `name` defined, for `#ifdef` and `defined`?
    pub(super) fn is_defined(&self, name: &str) -> bool {
        self.macros.contains_key(name)
            || matches!(
                name,
                "__has_include" | "__has_builtin" | "__has_attribute" | "__has_cpp_attribute"
            )
    }

    /// `#ifdef X` / `#ifndef X` value, or `None` after an error.
    fn ifdef_value(&mut self, directive: &Token, rest: &[Token]) -> Option<bool> {
        let Some(name) = rest.first().filter(|t| t.kind == Kind::Ident) else {
            let at = rest.first().unwrap_or(directive);
            let d = Diagnostic::error(format!("`#{}` expects a macro name", directive.text));
            self.diags.push(at.locate(d));
            return None;
        };
        self.extra_tokens(directive, rest.get(1..).unwrap_or(&[]));
        let defined = self.is_defined(&name.text);
        Some(if directive.text.ends_with("ndef") {
            !defined
        } else {
            defined
        })
    }

    /// The value of an `#if`/`#elif`/`#ifdef`… condition.
    fn condition(&mut self, directive: &Token, rest: &[Token]) -> bool {
        if directive.text.ends_with("def") {
            self.ifdef_value(directive, rest).unwrap_or(false)
        } else {
            self.evaluate_condition(directive, rest)
        }
    }

    fn open_conditional(&mut self, directive: &Token, rest: &[Token], skipping: bool) {
        let taken = !skipping && self.condition(directive, rest);
        if let Some(frame) = self.frames.last_mut() {
            frame.conds.push(Cond {
                active: taken,
                done: taken || skipping,
                seen_else: false,
                opened: directive.clone(),
            });
        }
    }

    fn elif(&mut self, directive: &Token, rest: &[Token]) {
        let state = self
            .frames
            .last()
            .and_then(|f| f.conds.last())
            .map(|c| (c.done, c.seen_else));
        let Some((done, seen_else)) = state else {
            let d = Diagnostic::error(format!("`#{}` without `#if`", directive.text));
            self.diags.push(directive.locate(d));
            return;
        };
        if seen_else {
            let d = Diagnostic::error(format!("`#{}` after `#else`", directive.text));
            self.diags.push(directive.locate(d));
        }
        let taken = !done && !seen_else && self.condition(directive, rest);
        if let Some(c) = self.frames.last_mut().and_then(|f| f.conds.last_mut()) {
            c.active = taken;
            c.done |= taken;
        }
    }

    fn else_(&mut self, directive: &Token, rest: &[Token]) {
        let Some(c) = self.frames.last_mut().and_then(|f| f.conds.last_mut()) else {
            let d = Diagnostic::error("`#else` without `#if`");
            self.diags.push(directive.locate(d));
            return;
        };
        let again = c.seen_else;
        c.active = !c.done && !again;
        c.done = true;
        c.seen_else = true;
        let live = c.active;
        if again {
            let d = Diagnostic::error("`#else` after `#else`");
            self.diags.push(directive.locate(d));
        }
        if live {
            self.extra_tokens(directive, rest);
        }
    }

    fn endif(&mut self, directive: &Token, rest: &[Token]) {
        let popped = self.frames.last_mut().and_then(|f| f.conds.pop());
        match popped {
            None => {
                let d = Diagnostic::error("`#endif` without `#if`");
                self.diags.push(directive.locate(d));
            }
            Some(_) => {
                let live = self
                    .frames
                    .last()
                    .is_some_and(|f| f.conds.last().is_none_or(|c| c.active));
                if live {
                    self.extra_tokens(directive, rest);
                }
            }
        }
    }

    fn define(&mut self, directive: &Token, rest: &[Token]) {
        let mac = match parse_define(directive, rest) {
            Ok(m) => m,
            Err(d) => {
                self.diags.push(d);
                return;
            }
        };
        if let Some(old) = self.macros.get(&mac.name) {
            let builtin = matches!(
                old.kind,
                MacroKind::Line | MacroKind::File | MacroKind::Counter
            );
            if builtin || !old.same_as(&mac) {
                let mut d = Diagnostic::warning(format!("`{}` redefined", mac.name));
                if let Some(def) = mac.def {
                    d = d.at(def);
                }
                if let Some(prev) = old.def {
                    d = d.with_secondary(prev, "previous definition is here");
                }
                self.diags.push(d);
            }
        }
        self.macros.insert(mac.name.clone(), Rc::new(mac));
    }

    fn undef(&mut self, directive: &Token, rest: &[Token]) {
        let Some(name) = rest.first().filter(|t| t.kind == Kind::Ident) else {
            let at = rest.first().unwrap_or(directive);
            let d = Diagnostic::error("`#undef` expects a macro name");
            self.diags.push(at.locate(d));
            return;
        };
        self.extra_tokens(directive, rest.get(1..).unwrap_or(&[]));
        self.macros.remove(&*name.text);
    }

    fn include_directive(&mut self, hash: &Token, directive: &Token, rest: &[Token]) {
        let parsed = match self.header_name(rest) {
            Some((name, quoted, extra)) => Some((name, quoted, extra.to_vec())),
            None => {
                // `#include MACRO`: expand, then read the name.
                let expanded = self.expand_list(rest.to_vec());
                self.header_name(&expanded)
                    .map(|(n, q, extra)| (n, q, extra.to_vec()))
            }
        };
        let Some((name, quoted, extra)) = parsed else {
            let at = rest.first().unwrap_or(directive);
            let d = Diagnostic::error(format!(
                "`#{}` expects \"FILENAME\" or <FILENAME>",
                directive.text
            ));
            self.diags.push(at.locate(d));
            return;
        };
        self.extra_tokens(directive, &extra);
        let mut span_toks = vec![directive.clone()];
        span_toks.extend(rest.iter().cloned());
        let span = directive_span(hash, &span_toks);
        // Problems with the file point at its name.
        let mut at = rest.first().unwrap_or(directive).clone();
        if at.expansion.is_none() && at.file == hash.file {
            at.hi = span.hi;
        }
        let end = after_line(&self.files.get(hash.file).text, span.hi);
        self.include(&at, &name, quoted, end);
    }

    fn pragma_directive(&mut self, hash: &Token, rest: &[Token]) {
        let Some(first) = rest.first() else {
            return;
        };
        let head = SrcSpan {
            file: hash.file,
            lo: hash.lo,
            hi: first.hi.max(hash.hi),
        };
        let last = rest.last().map_or(hash.hi, |t| t.hi);
        let line_end = after_line(&self.files.get(hash.file).text, last);
        let args = rest.get(1..).unwrap_or(&[]).to_vec();
        self.pragma(first, head, args, Some((hash.file, line_end)));
    }

    /// Runs a pragma whose first token is `first`: `once`, `unroll [N]`,
    /// `nounroll`; every other pragma is dropped.
    fn pragma(
        &mut self,
        first: &Token,
        head: SrcSpan,
        args: Vec<Token>,
        resume: Option<(FileId, u32)>,
    ) {
        match &*first.text {
            "once" => {
                if let Some(f) = self.frames.last().map(|f| f.file) {
                    self.once.insert(f);
                }
            }
            "unroll" => {
                let args = self.expand_list(args);
                self.out.pragma_unroll(head, &args, resume);
            }
            "nounroll" => {
                let one = first.respelled(Kind::Number, "1");
                self.out.pragma_unroll(head, &[one], resume);
            }
            _ => {}
        }
    }

    /// `_Pragma("…")`, whose `_Pragma` token has just been read.
    pub(super) fn pragma_operator(&mut self, op: Token) {
        let mut src = Source::Main;
        let open = self.expand_next(&mut src);
        let string = self.expand_next(&mut src);
        let close = self.expand_next(&mut src);
        let (Some(open), Some(string), Some(close)) = (open, string, close) else {
            let d = Diagnostic::error("`_Pragma` takes a parenthesized string literal");
            self.diags.push(op.locate(d));
            return;
        };
        if !open.is_punct("(") || string.kind != Kind::Str || !close.is_punct(")") {
            let d = Diagnostic::error("`_Pragma` takes a parenthesized string literal");
            self.diags.push(op.locate(d));
            // Put back what is not part of the operator.
            self.pending.push(close);
            self.pending.push(string);
            self.pending.push(open);
            return;
        }
        let text = destringize(&string.text);
        let toks = lex_fragment(&text, &string);
        let Some(first) = toks.first() else {
            return;
        };
        let head = string.span();
        let args = toks.get(1..).unwrap_or(&[]).to_vec();
        // Output goes on after the operator's `)` (or its macro call).
        let resume = match &close.expansion {
            Some(site) => (site.call.file, site.call.hi),
            None => (close.file, close.hi),
        };
        self.pragma(first, head, args, Some(resume));
    }
}

/// The span of a directive from its `#` to its last token.
fn directive_span(hash: &Token, line: &[Token]) -> SrcSpan {
    let hi = line
        .iter()
        .rev()
        .find(|t| t.file == hash.file && t.expansion.is_none())
        .map_or(hash.hi, |t| t.hi);
    SrcSpan {
        file: hash.file,
        lo: hash.lo,
        hi: hi.max(hash.hi),
    }
}

/// The content of a string literal with `\"` and `\\` unescaped.
fn destringize(lit: &str) -> String {
    let start = lit.find('"').map_or(0, |i| i + 1);
    let end = lit.rfind('"').unwrap_or(lit.len()).max(start);
    let inner = lit.get(start..end).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('"' | '\\')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}
