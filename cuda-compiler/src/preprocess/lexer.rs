//! The pp-token lexer.
//!
//! Line splices (`\` + newline) are removed first, keeping a table from
//! spliced offsets back to the original ones; the lexer then works on the
//! spliced text byte by byte. Every byte of any input produces either
//! white space or a token, so the lexer never fails; an unterminated comment
//! is reported, an unterminated quote becomes a [`Kind::Unterminated`] token
//! that is reported only if it reaches the output.

use super::token::{Kind, Spelling, Token};
use crate::diag::Diagnostic;
use crate::source::{FileId, SrcSpan};
use std::rc::Rc;

/// Length of the punctuator at the start of `s` (longest match), if any.
fn punct_len(s: &[u8]) -> usize {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    match (at(0), at(1), at(2)) {
        (b'.', b'.', b'.') | (b'<', b'<', b'=') | (b'>', b'>', b'=') | (b'-', b'>', b'*') => 3,
        (b'-', b'>' | b'-' | b'=', _)
        | (b'+', b'+' | b'=', _)
        | (b'<', b'<' | b'=', _)
        | (b'>', b'>' | b'=', _)
        | (b'=' | b'!' | b'*' | b'/' | b'%' | b'^', b'=', _)
        | (b'&', b'&' | b'=', _)
        | (b'|', b'|' | b'=', _)
        | (b'#', b'#', _)
        | (b':', b':', _)
        | (b'.', b'*', _) => 2,
        (c, _, _) if b"[](){}.&*+-~!/%<>^|?:;=,#".contains(&c) => 1,
        _ => 0,
    }
}

/// Offsets where line splices were removed: from `spliced` on, add `delta`
/// to a spliced offset to get the original one.
struct SpliceMap {
    breaks: Vec<(u32, u32)>,
}

impl SpliceMap {
    fn original(&self, pos: u32) -> u32 {
        let idx = self.breaks.partition_point(|&(at, _)| at <= pos);
        match idx.checked_sub(1).and_then(|i| self.breaks.get(i)) {
            Some(&(_, delta)) => pos + delta,
            None => pos,
        }
    }

    fn original_end(&self, lo: u32, hi: u32) -> u32 {
        if hi > lo {
            self.original(hi - 1) + 1
        } else {
            self.original(lo)
        }
    }
}

/// Removes `\`-newline pairs, returning the joined text and the offset table.
fn splice(text: &str) -> (std::borrow::Cow<'_, str>, SpliceMap) {
    if !text.contains('\\') {
        return (text.into(), SpliceMap { breaks: Vec::new() });
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut breaks = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            // Like GCC, white space between the backslash and the newline
            // still makes a splice.
            let mut j = i + 1;
            while matches!(bytes.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            let skip = match (bytes.get(j), bytes.get(j + 1)) {
                (Some(b'\n'), _) => j + 1 - i,
                (Some(b'\r'), Some(b'\n')) => j + 2 - i,
                _ => 0,
            };
            if skip > 0 {
                out.push_str(text.get(start..i).unwrap_or(""));
                i += skip;
                start = i;
                breaks.push((out.len() as u32, (i - out.len()) as u32));
                continue;
            }
        }
        i += 1;
    }
    out.push_str(text.get(start..).unwrap_or(""));
    (out.into(), SpliceMap { breaks })
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

/// The lexer state over one spliced text.
struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.s.get(i).copied().unwrap_or(0)
    }

    /// Skips white space and comments. Returns (saw space, saw newline,
    /// start of an unterminated block comment).
    fn skip_blank(&mut self) -> (bool, bool, Option<usize>) {
        let (mut space, mut newline) = (false, false);
        loop {
            match self.at(self.pos) {
                b'\n' => {
                    newline = true;
                    space = true;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c if self.pos < self.s.len() => {
                    space = true;
                    self.pos += 1;
                }
                b'/' if self.at(self.pos + 1) == b'/' => {
                    space = true;
                    while self.pos < self.s.len() && self.at(self.pos) != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.at(self.pos + 1) == b'*' => {
                    space = true;
                    let start = self.pos;
                    match find(self.s, self.pos + 2, b"*/") {
                        Some(end) => {
                            if self.s[start..end].contains(&b'\n') {
                                newline = true;
                            }
                            self.pos = end + 2;
                        }
                        None => {
                            self.pos = self.s.len();
                            return (space, newline, Some(start));
                        }
                    }
                }
                _ => return (space, newline, None),
            }
        }
    }

    /// Lexes the token starting at `self.pos` (not white space) and returns its kind.
    fn token(&mut self) -> Kind {
        let start = self.pos;
        let b = self.at(start);
        if b.is_ascii_digit() || (b == b'.' && self.at(start + 1).is_ascii_digit()) {
            self.number();
            return Kind::Number;
        }
        if is_ident_start(b) {
            while is_ident_continue(self.at(self.pos)) {
                self.pos += 1;
            }
            let word = &self.s[start..self.pos];
            let next = self.at(self.pos);
            match (word, next) {
                (b"u8" | b"u" | b"U" | b"L", b'"' | b'\'') => return self.quoted(next),
                (b"R" | b"u8R" | b"uR" | b"UR" | b"LR", b'"') => return self.raw_string(),
                _ => return Kind::Ident,
            }
        }
        if b == b'"' || b == b'\'' {
            return self.quoted(b);
        }
        let len = punct_len(self.s.get(start..).unwrap_or(&[]));
        if len > 0 {
            self.pos += len;
            return Kind::Punct;
        }
        // Any other single character (always ASCII here: bytes >= 0x80 start identifiers).
        self.pos += 1;
        Kind::Other
    }

    fn number(&mut self) {
        self.pos += 1;
        loop {
            let c = self.at(self.pos);
            let prev = self.at(self.pos - 1);
            let exponent_sign =
                matches!(c, b'+' | b'-') && matches!(prev, b'e' | b'E' | b'p' | b'P');
            if exponent_sign || is_ident_continue(c) || c == b'.' {
                self.pos += 1;
            } else if c == b'\'' && is_ident_continue(self.at(self.pos + 1)) {
                self.pos += 2;
            } else {
                return;
            }
        }
    }

    /// A quoted literal whose opening quote `q` is at `self.pos`.
    fn quoted(&mut self, q: u8) -> Kind {
        self.pos += 1;
        loop {
            match self.at(self.pos) {
                c if c == q => {
                    self.pos += 1;
                    break;
                }
                b'\\' if self.pos + 1 < self.s.len() && self.at(self.pos + 1) != b'\n' => {
                    self.pos += 2
                }
                b'\n' => return Kind::Unterminated,
                _ if self.pos >= self.s.len() => return Kind::Unterminated,
                _ => self.pos += 1,
            }
        }
        self.ud_suffix();
        if q == b'"' {
            Kind::Str
        } else {
            Kind::Char
        }
    }

    /// A raw string; `self.pos` is at its opening quote.
    fn raw_string(&mut self) -> Kind {
        let open = self.pos + 1;
        let mut i = open;
        while i < self.s.len() && i - open <= 16 && !matches!(self.s[i], b'(' | b' ' | b'\\') {
            i += 1;
        }
        if self.at(i) != b'(' {
            return self.quoted(b'"');
        }
        let mut close = Vec::with_capacity(i - open + 2);
        close.push(b')');
        close.extend_from_slice(&self.s[open..i]);
        close.push(b'"');
        match find(self.s, i + 1, &close) {
            Some(end) => {
                self.pos = end + close.len();
                self.ud_suffix();
                Kind::Str
            }
            None => {
                while self.pos < self.s.len() && self.at(self.pos) != b'\n' {
                    self.pos += 1;
                }
                Kind::Unterminated
            }
        }
    }

    fn ud_suffix(&mut self) {
        if is_ident_start(self.at(self.pos)) {
            while is_ident_continue(self.at(self.pos)) {
                self.pos += 1;
            }
        }
    }

    fn slice(&self, lo: usize, hi: usize) -> &str {
        self.text.get(lo..hi).unwrap_or("")
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let tail = hay.get(from..)?;
    tail.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Lexes a whole file into pp-tokens, reporting unterminated comments.
pub(crate) fn lex_file(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Token> {
    let (spliced, map) = splice(text);
    let buf: Rc<str> = Rc::from(&*spliced);
    let mut lx = Lexer {
        s: buf.as_bytes(),
        text: &buf,
        pos: 0,
    };
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut first = true;
    loop {
        let (space, newline, open_comment) = lx.skip_blank();
        if let Some(at) = open_comment {
            let lo = map.original(at as u32);
            diags.push(Diagnostic::error("unterminated `/*` comment").at(SrcSpan {
                file,
                lo,
                hi: lo + 2,
            }));
        }
        if lx.pos >= lx.s.len() {
            break;
        }
        let start = lx.pos;
        let kind = lx.token();
        let (lo, hi) = (start as u32, lx.pos as u32);
        tokens.push(Token {
            kind,
            text: Spelling::slice(&buf, start, lx.pos),
            file,
            lo: map.original(lo),
            hi: map.original_end(lo, hi),
            space_before: space,
            line_start: newline || first,
            no_expand: false,
            expansion: None,
            hide: None,
        });
        first = false;
    }
    tokens
}

/// Lexes text that is not a file of its own (a `##` result, a `_Pragma`
/// string): every token gets the place of `at`.
pub(crate) fn lex_fragment(text: &str, at: &Token) -> Vec<Token> {
    let mut lx = Lexer {
        s: text.as_bytes(),
        text,
        pos: 0,
    };
    let mut tokens = Vec::new();
    loop {
        let (space, _, _) = lx.skip_blank();
        if lx.pos >= lx.s.len() {
            break;
        }
        let start = lx.pos;
        let kind = lx.token();
        let mut tok = at.respelled(kind, lx.slice(start, lx.pos));
        tok.space_before = space;
        tok.line_start = false;
        tokens.push(tok);
    }
    tokens
}

/// Would writing `next` right after `prev` (no space) lex differently?
pub(crate) fn would_glue(prev: &str, next: &str) -> bool {
    let (Some(&last), Some(&first)) = (prev.as_bytes().last(), next.as_bytes().first()) else {
        return false;
    };
    if b")]};,?~".contains(&last) || b"()[]{};,?~\"".contains(&first) && !is_ident_continue(last) {
        return false;
    }
    // Whether the first token runs past `prev` is decided by the first
    // character of `next`; a few are enough. Join them on the stack.
    let tail = next
        .char_indices()
        .nth(4)
        .and_then(|(i, _)| next.get(..i))
        .unwrap_or(next);
    let mut buf = [0u8; 128];
    let total = prev.len() + tail.len();
    let owned;
    let joined: &str = match buf.get_mut(..total) {
        Some(dst) => {
            let (a, b) = dst.split_at_mut(prev.len());
            a.copy_from_slice(prev.as_bytes());
            b.copy_from_slice(tail.as_bytes());
            std::str::from_utf8(dst).unwrap_or("")
        }
        None => {
            owned = format!("{prev}{tail}");
            &owned
        }
    };
    let mut lx = Lexer {
        s: joined.as_bytes(),
        text: joined,
        pos: 0,
    };
    // `.` `.` followed later by another `.` would make `...`.
    if joined.starts_with("//") || joined.starts_with("/*") || joined.starts_with("..") {
        return true;
    }
    lx.token();
    lx.pos != prev.len()
}
