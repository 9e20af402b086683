//! Macro expansion with hide sets (Prosser's algorithm, as in the C
//! standard's rescanning rules).
//!
//! Tokens come from a [`Source`]: the current file (behind the `pending`
//! stack of tokens waiting to be rescanned) or a detached list (a macro
//! argument, an `#if` line). An expansion's result is pushed back onto the
//! source and rescanned, so a function-like macro produced by an expansion
//! can take its arguments from the text that follows.

use super::lexer::lex_fragment;
use super::macros::{Macro, MacroKind};
use super::token::{hide_intersection, hide_union, hide_with, Kind, Token};
use super::{Preprocessor, MAX_ARG_DEPTH, MAX_WORK_BYTES, MAX_WORK_TOKENS};
use crate::diag::Diagnostic;
use crate::source::{MacroSite, SrcSpan};
use std::rc::Rc;

/// Where tokens are read from.
pub(super) enum Source {
    /// The current file, after the pending tokens; stops at a directive line.
    Main,
    /// A detached list, stored reversed (the next token is last).
    List(Vec<Token>),
}

impl Preprocessor<'_> {
    fn src_next(&mut self, src: &mut Source) -> Option<Token> {
        match src {
            Source::List(list) => list.pop(),
            Source::Main => {
                if let Some(t) = self.pending.pop() {
                    return Some(t);
                }
                let frame = self.frames.last_mut()?;
                let t = frame.tokens.get(frame.pos)?;
                if t.line_start && t.is_punct("#") {
                    return None;
                }
                frame.pos += 1;
                Some(t.clone())
            }
        }
    }

    fn src_peek<'s>(&'s self, src: &'s Source) -> Option<&'s Token> {
        match src {
            Source::List(list) => list.last(),
            Source::Main => {
                if let Some(t) = self.pending.last() {
                    return Some(t);
                }
                let frame = self.frames.last()?;
                let t = frame.tokens.get(frame.pos)?;
                (!(t.line_start && t.is_punct("#"))).then_some(t)
            }
        }
    }

    /// Puts `toks` (in order) in front of the source, to be rescanned.
    fn src_push(&mut self, src: &mut Source, toks: Vec<Token>) {
        let stack = match src {
            Source::List(list) => list,
            Source::Main => &mut self.pending,
        };
        stack.extend(toks.into_iter().rev());
    }

    /// Fully macro-expands a detached list of tokens.
    pub(super) fn expand_list(&mut self, mut toks: Vec<Token>) -> Vec<Token> {
        toks.reverse();
        let mut src = Source::List(toks);
        let mut out = Vec::new();
        while let Some(t) = self.expand_next(&mut src) {
            out.push(t);
        }
        out
    }

    /// The next token of `src` that is not a macro to expand, expanding
    /// macros on the way.
    pub(super) fn expand_next(&mut self, src: &mut Source) -> Option<Token> {
        loop {
            let mut tok = self.src_next(src)?;
            if tok.kind != Kind::Ident || tok.no_expand || self.aborted {
                return Some(tok);
            }
            if self.in_if && tok.is_ident("defined") {
                self.protect_defined_operand(src);
                return Some(tok);
            }
            let Some(mac) = self.macros.get(&*tok.text).cloned() else {
                return Some(tok);
            };
            if tok.hidden(&mac.name) {
                tok.no_expand = true;
                return Some(tok);
            }
            // The outermost call: inherited, or this one.
            let site = |call: SrcSpan| {
                tok.expansion.clone().unwrap_or_else(|| {
                    Rc::new(MacroSite {
                        name: mac.name.to_string(),
                        call,
                    })
                })
            };
            let result = match &mac.kind {
                MacroKind::Line | MacroKind::File | MacroKind::Counter => {
                    let site = site(tok.span());
                    return Some(self.builtin_value(&mac, &tok, site));
                }
                MacroKind::Object => {
                    let hide = hide_with(&tok.hide, &mac.name);
                    self.substitute(&mac, &[], &site(tok.span()), &hide)
                }
                MacroKind::Function { .. } => {
                    if !self.src_peek(src).is_some_and(|t| t.is_punct("(")) {
                        return Some(tok);
                    }
                    let Some((args, close)) = self.collect_args(src, &tok, &mac) else {
                        continue;
                    };
                    let mut call = tok.span();
                    if close.file == tok.file {
                        call.hi = close.hi.max(tok.hi);
                    }
                    let site = site(call);
                    let hide = hide_with(&hide_intersection(&tok.hide, &close.hide), &mac.name);
                    self.substitute(&mac, &args, &site, &hide)
                }
            };
            let mut result = result;
            if let Some(first) = result.first_mut() {
                first.space_before = tok.space_before;
            }
            self.src_push(src, result);
        }
    }

    /// In `#if`, a `defined` produced by a macro: its operand (`X` or
    /// `( X )`) must not be expanded.
    fn protect_defined_operand(&mut self, src: &mut Source) {
        let mut held = Vec::new();
        if let Some(next) = self.src_next(src) {
            let paren = next.is_punct("(");
            held.push(next);
            if paren {
                held.extend(self.src_next(src));
            }
        }
        for t in &mut held {
            t.no_expand |= t.kind == Kind::Ident;
        }
        self.src_push(src, held);
    }

    /// `__LINE__`, `__FILE__`, `__COUNTER__`.
    fn builtin_value(&mut self, mac: &Macro, tok: &Token, site: Rc<MacroSite>) -> Token {
        let (kind, text) = match mac.kind {
            MacroKind::Line => {
                let (file, at) = (site.call.file, site.call.lo);
                let line = self.files.get(file).line_col(at).0;
                (Kind::Number, line.to_string())
            }
            MacroKind::File => {
                let file = self.frames.last().map_or(tok.file, |f| f.file);
                let name = &self.files.get(file).name;
                let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
                (Kind::Str, format!("\"{escaped}\""))
            }
            _ => {
                self.counter += 1;
                (Kind::Number, (self.counter - 1).to_string())
            }
        };
        let mut out = tok.respelled(kind, text);
        out.expansion = Some(site);
        out
    }

    /// Reads `( args )` after a function-like macro's name.
    fn collect_args(
        &mut self,
        src: &mut Source,
        name: &Token,
        mac: &Macro,
    ) -> Option<(Vec<Vec<Token>>, Token)> {
        let MacroKind::Function { params, variadic } = &mac.kind else {
            return None;
        };
        self.src_next(src)?; // `(`
        let mut args: Vec<Vec<Token>> = vec![Vec::new()];
        let mut depth = 0usize;
        let close = loop {
            let Some(mut t) = self.src_next(src) else {
                let at_directive = matches!(src, Source::Main) && self.at_directive();
                let d = if at_directive {
                    Diagnostic::unsupported(format!(
                        "preprocessing directive inside the arguments of macro `{}`",
                        mac.name
                    ))
                } else {
                    Diagnostic::error(format!("unterminated invocation of macro `{}`", mac.name))
                };
                self.diags.push(name.locate(d));
                return None;
            };
            t.line_start = false;
            if t.is_punct("(") {
                depth += 1;
            } else if t.is_punct(")") {
                if depth == 0 {
                    break t;
                }
                depth -= 1;
            } else if t.is_punct(",") && depth == 0 && !(*variadic && args.len() == params.len()) {
                args.push(Vec::new());
                continue;
            }
            if let Some(last) = args.last_mut() {
                last.push(t);
            }
        };
        let given = args.len();
        let ok = if *variadic {
            if given + 1 == params.len() {
                args.push(Vec::new());
            }
            args.len() == params.len()
        } else if params.is_empty() {
            given == 1 && args.first().is_some_and(Vec::is_empty)
        } else {
            given == params.len()
        };
        if !ok {
            let (at_least, want) = if *variadic {
                ("at least ", params.len() - 1)
            } else {
                ("", params.len())
            };
            let s = if want == 1 { "" } else { "s" };
            let was = if given == 1 { "was" } else { "were" };
            let d = Diagnostic::error(format!(
                "macro `{}` takes {at_least}{want} argument{s} but {given} {was} given",
                mac.name
            ));
            self.diags.push(name.locate(d));
            return None;
        }
        Some((args, close))
    }

    /// Is the current file at a directive line?
    fn at_directive(&self) -> bool {
        self.pending.is_empty()
            && self
                .frames
                .last()
                .and_then(|f| f.tokens.get(f.pos))
                .is_some_and(|t| t.line_start && t.is_punct("#"))
    }

    /// Counts work done by an expansion; false once over the limits.
    fn charge(&mut self, tokens: usize, bytes: usize, site: &MacroSite) -> bool {
        self.work_tokens += tokens;
        self.work_bytes += bytes;
        if self.work_tokens > MAX_WORK_TOKENS || self.work_bytes > MAX_WORK_BYTES {
            self.abort_at_site(site, "macro expansion too large");
        }
        !self.aborted
    }

    /// Stops the run with an error at a macro invocation.
    fn abort_at_site(&mut self, site: &MacroSite, message: &str) {
        if !self.aborted {
            self.diags.push(Diagnostic::error(message).at(site.call));
        }
        self.aborted = true;
    }

    /// The replacement list of `mac` with arguments substituted, `#` and
    /// `##` applied, ready to be rescanned.
    fn substitute(
        &mut self,
        mac: &Rc<Macro>,
        args: &[Vec<Token>],
        site: &Rc<MacroSite>,
        hide: &super::token::HideSet,
    ) -> Vec<Token> {
        let mut expanded: Vec<Option<Vec<Token>>> = vec![None; args.len()];
        let mut out = self.substitute_list(mac, &mac.body, args, &mut expanded, site, true);
        out.retain(|t| t.kind != Kind::Placemarker);
        if !self.charge(out.len(), 0, site) {
            return Vec::new();
        }
        for t in &mut out {
            t.expansion = Some(site.clone());
            t.hide = hide_union(&t.hide, hide);
            t.line_start = false;
        }
        out
    }

    fn substitute_list(
        &mut self,
        mac: &Rc<Macro>,
        body: &[Token],
        args: &[Vec<Token>],
        expanded: &mut Vec<Option<Vec<Token>>>,
        site: &MacroSite,
        va_opt_allowed: bool,
    ) -> Vec<Token> {
        let variadic = matches!(mac.kind, MacroKind::Function { variadic: true, .. });
        let va_index = args.len().checked_sub(1).filter(|_| variadic);
        let mut out: Vec<Token> = Vec::new();
        let mut paste_next: Option<&Token> = None;
        let mut i = 0;
        while let Some(t) = body.get(i) {
            let param = (t.kind == Kind::Ident)
                .then(|| mac.param_index(&t.text))
                .flatten();
            // `#param`
            if t.is_punct("#") && !args.is_empty() {
                if let Some(p) = body.get(i + 1).and_then(|n| mac.param_index(&n.text)) {
                    let s = self.stringize(args.get(p).map_or(&[][..], Vec::as_slice), t, site);
                    self.append(&mut out, vec![s], &mut paste_next, site);
                    i += 2;
                    continue;
                }
            }
            if t.is_punct("##") {
                // GNU `, ## __VA_ARGS__`: drop the comma when there are no
                // variable arguments; otherwise no pasting happens.
                let next_is_va = body
                    .get(i + 1)
                    .and_then(|n| mac.param_index(&n.text))
                    .is_some_and(|p| Some(p) == va_index);
                if next_is_va && out.last().is_some_and(|l| l.is_punct(",")) {
                    let va = va_index
                        .and_then(|v| args.get(v))
                        .cloned()
                        .unwrap_or_default();
                    if va.is_empty() {
                        out.pop();
                    } else {
                        out.extend(va);
                    }
                    i += 2;
                    continue;
                }
                paste_next = Some(t);
                i += 1;
                continue;
            }
            // `__VA_OPT__(content)`
            if variadic
                && va_opt_allowed
                && t.is_ident("__VA_OPT__")
                && body.get(i + 1).is_some_and(|n| n.is_punct("("))
            {
                let end = matching_paren(body, i + 1);
                let va_empty = va_index
                    .and_then(|v| args.get(v))
                    .is_none_or(|a| a.is_empty());
                let group = if va_empty {
                    vec![t.respelled(Kind::Placemarker, "")]
                } else {
                    let inner = body.get(i + 2..end).unwrap_or(&[]);
                    // `__VA_OPT__` does not nest (C23), which also bounds the recursion.
                    let mut g = self.substitute_list(mac, inner, args, expanded, site, false);
                    if g.is_empty() {
                        g.push(t.respelled(Kind::Placemarker, ""));
                    }
                    g
                };
                self.append(&mut out, group, &mut paste_next, site);
                i = end + 1;
                continue;
            }
            if let Some(p) = param {
                let raw = args.get(p).cloned().unwrap_or_default();
                let next_is_paste = body.get(i + 1).is_some_and(|n| n.is_punct("##"));
                let mut group = if paste_next.is_some() || next_is_paste {
                    raw
                } else {
                    match expanded.get(p).cloned().flatten() {
                        Some(e) => e,
                        None => {
                            let e = self.expand_arg(raw, site);
                            if let Some(slot) = expanded.get_mut(p) {
                                *slot = Some(e.clone());
                            }
                            e
                        }
                    }
                };
                if group.is_empty() {
                    group.push(t.respelled(Kind::Placemarker, ""));
                } else if let Some(first) = group.first_mut() {
                    first.space_before = t.space_before;
                }
                self.append(&mut out, group, &mut paste_next, site);
                i += 1;
                continue;
            }
            self.append(&mut out, vec![t.clone()], &mut paste_next, site);
            i += 1;
        }
        out
    }

    /// Expands one macro argument on its own, bounding the nesting.
    fn expand_arg(&mut self, raw: Vec<Token>, site: &MacroSite) -> Vec<Token> {
        if self.arg_depth >= MAX_ARG_DEPTH {
            self.abort_at_site(site, "macro arguments nested too deeply");
            return raw;
        }
        self.arg_depth += 1;
        let e = self.expand_list(raw);
        self.arg_depth -= 1;
        e
    }

    /// Appends `group`, pasting its first token onto the last one if a
    /// `##` is pending.
    fn append(
        &mut self,
        out: &mut Vec<Token>,
        group: Vec<Token>,
        paste: &mut Option<&Token>,
        site: &MacroSite,
    ) {
        let Some(op) = paste.take() else {
            out.extend(group);
            return;
        };
        let mut rest = group.into_iter();
        match (out.pop(), rest.next()) {
            (Some(lhs), Some(rhs)) => {
                let pasted = self.paste(lhs, rhs, op, site);
                out.extend(pasted);
            }
            (lhs, rhs) => out.extend(lhs.into_iter().chain(rhs)),
        }
        out.extend(rest);
    }

    /// `lhs ## rhs`.
    fn paste(&mut self, lhs: Token, rhs: Token, op: &Token, site: &MacroSite) -> Vec<Token> {
        if lhs.kind == Kind::Placemarker {
            return vec![rhs];
        }
        if rhs.kind == Kind::Placemarker {
            return vec![lhs];
        }
        let text = format!("{}{}", lhs.text, rhs.text);
        if !self.charge(0, text.len(), site) {
            return Vec::new();
        }
        let mut toks = lex_fragment(&text, &lhs);
        if toks.len() == 1 && toks.first().is_some_and(|t| t.text.len() == text.len()) {
            if let Some(mut t) = toks.pop() {
                t.space_before = lhs.space_before;
                t.no_expand = false;
                return vec![t];
            }
        }
        let d = Diagnostic::error(format!(
            "pasting `{}` and `{}` does not give a valid preprocessing token",
            lhs.text, rhs.text
        ));
        self.diags.push(op.locate(d));
        vec![lhs, rhs]
    }

    /// `#arg`: the argument's spelling as a string literal.
    fn stringize(&mut self, arg: &[Token], hash: &Token, site: &MacroSite) -> Token {
        let mut s = String::from("\"");
        for (i, t) in arg.iter().enumerate() {
            if i > 0 && t.space_before {
                s.push(' ');
            }
            if matches!(t.kind, Kind::Str | Kind::Char | Kind::Unterminated) {
                for c in t.text.chars() {
                    if c == '"' || c == '\\' {
                        s.push('\\');
                    }
                    s.push(c);
                }
            } else {
                s.push_str(&t.text);
            }
        }
        s.push('"');
        self.charge(0, s.len(), site);
        let mut tok = match (arg.first(), arg.last()) {
            (Some(first), Some(last)) if first.file == last.file && last.hi >= first.lo => {
                let mut t = first.respelled(Kind::Str, s);
                t.hi = last.hi;
                t
            }
            _ => hash.respelled(Kind::Str, s),
        };
        tok.space_before = hash.space_before;
        tok.hide = None;
        tok
    }
}

/// The index of the `)` matching the `(` at `open` (or the end of `body`).
fn matching_paren(body: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in body.iter().enumerate().skip(open) {
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    body.len()
}
