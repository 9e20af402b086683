//! Writes the expanded text and its source map.
//!
//! Plain file tokens keep the white space that separated them in the file
//! (so output lines match source lines while no directive or macro call
//! intervenes); a run that skipped a comment, a directive or a macro call
//! is replaced by its newlines, or one space. Tokens from macro expansions
//! are separated by a space only where they would otherwise lex together.

use super::lexer::would_glue;
use super::token::{Spelling, Token};
use super::MAX_OUTPUT;
use crate::source::{ExpansionMap, FileId, Files, Segment, SrcSpan};

/// The output text being built.
#[derive(Default)]
pub(super) struct Writer {
    text: String,
    map: ExpansionMap,
    /// How far into which file the output has got (the end of the last
    /// plain token, or the start of the macro call being written).
    cur: Option<(FileId, u32)>,
    /// The last token written, for the glue check.
    last: Option<Spelling>,
    /// The last token was a plain file token ending at `cur`.
    last_plain: bool,
}

fn is_blank(s: &str) -> bool {
    s.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
}

impl Writer {
    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Continues in `file` at `pos` (after an `#include` that wrote text).
    pub fn resume_at(&mut self, at: (FileId, u32)) {
        self.cur = Some(at);
        self.newline(at.0, at.1);
    }

    /// Writes generated text mapped to one place.
    fn put(&mut self, s: &str, file: FileId, lo: u32, hi: u32) {
        let out_lo = self.text.len() as u32;
        self.text.push_str(s);
        self.map.push(Segment {
            out_lo,
            out_hi: self.text.len() as u32,
            src: SrcSpan { file, lo, hi },
            expansion: None,
        });
    }

    fn newline(&mut self, file: FileId, at: u32) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.put("\n", file, at, at);
        }
        self.last = None;
        self.last_plain = false;
    }

    /// Writes one token with what separates it from the previous one.
    /// Returns false once the output is over its size limit.
    pub fn token(&mut self, files: &Files, tok: &Token) -> bool {
        let (file, anchor) = match &tok.expansion {
            Some(site) => (site.call.file, site.call.lo),
            None => (tok.file, tok.lo),
        };
        let glue =
            |last: &Option<Spelling>| last.as_ref().is_some_and(|l| would_glue(l, &tok.text));
        match self.cur {
            Some((f, p)) if f == file && p <= anchor => {
                let gap = files
                    .get(f)
                    .text
                    .get(p as usize..anchor as usize)
                    .unwrap_or("");
                if gap.is_empty() {
                    // Two plain tokens that touch in the file were lexed apart.
                    let touching = self.last_plain && tok.expansion.is_none();
                    if !touching && glue(&self.last) {
                        self.put(" ", file, anchor, anchor);
                    }
                } else if is_blank(gap) {
                    self.put(gap, f, p, anchor);
                } else {
                    let lines = gap.bytes().filter(|&b| b == b'\n').count();
                    if lines == 0 {
                        if tok.space_before || glue(&self.last) {
                            self.put(" ", file, anchor, anchor);
                        }
                    } else {
                        self.put(&"\n".repeat(lines), file, anchor, anchor);
                        // Keep the indentation of the token's line.
                        let indent = gap.rsplit('\n').next().unwrap_or("");
                        if !indent.is_empty() && is_blank(indent) {
                            let lo = anchor - indent.len() as u32;
                            self.put(indent, f, lo, anchor);
                        }
                    }
                }
            }
            Some((f, _)) if f != file => self.newline(file, anchor),
            _ => {
                if glue(&self.last) || (tok.space_before && self.last.is_some()) {
                    self.put(" ", file, anchor, anchor);
                }
            }
        }
        let out_lo = self.text.len() as u32;
        self.text.push_str(&tok.text);
        self.map.push(Segment {
            out_lo,
            out_hi: self.text.len() as u32,
            src: tok.span(),
            expansion: tok.expansion.as_deref().cloned(),
        });
        self.cur = Some(match tok.expansion {
            Some(_) => (file, anchor),
            None => (file, tok.hi),
        });
        self.last = Some(tok.text.clone());
        self.last_plain = tok.expansion.is_none();
        self.text.len() <= MAX_OUTPUT
    }

    /// Writes `#pragma unroll [tokens]` on a line of its own; output then
    /// continues at `resume` (or wherever the next token is).
    pub fn pragma_unroll(&mut self, head: SrcSpan, args: &[Token], resume: Option<(FileId, u32)>) {
        self.newline(head.file, head.lo);
        self.put("#pragma unroll", head.file, head.lo, head.hi);
        self.cur = None;
        for t in args {
            let out_lo = self.text.len() as u32;
            self.text.push(' ');
            self.text.push_str(&t.text);
            self.map.push(Segment {
                out_lo: out_lo + 1,
                out_hi: self.text.len() as u32,
                src: t.span(),
                expansion: t.expansion.as_deref().cloned(),
            });
        }
        self.put("\n", head.file, head.hi, head.hi);
        self.last = None;
        self.last_plain = false;
        self.cur = resume;
    }

    /// The text and its map.
    pub fn finish(self) -> (String, ExpansionMap) {
        (self.text, self.map)
    }
}
