//! Preprocessing tokens and hide sets.
//!
//! A [`Token`] remembers where it was spelled (file and byte range) and,
//! once it has gone through a macro expansion, the outermost invocation that
//! produced it, so the output text can be mapped back for diagnostics.

use crate::diag::Diagnostic;
use crate::source::{FileId, MacroSite, SrcSpan};
use std::rc::Rc;

/// What sort of pp-token a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword.
    Ident,
    /// A pp-number (`12`, `0x1fu`, `1.5e-3f`, `1e`).
    Number,
    /// A character literal with its prefix.
    Char,
    /// A string literal with its prefix.
    Str,
    /// An operator or punctuator.
    Punct,
    /// A quote that never closes before the end of the line.
    Unterminated,
    /// Any other single character (`@`, a backtick, a stray `\`).
    Other,
    /// The empty token standing for an empty macro argument next to `##`.
    Placemarker,
}

/// The macros a token must no longer be expanded as (Prosser's hide set).
pub(crate) type HideSet = Option<Rc<Vec<Rc<str>>>>;

/// A token's spelling: a range of a shared text (the lexed file, so that
/// lexing allocates nothing per token) or a text of its own.
#[derive(Clone)]
pub(crate) struct Spelling {
    buf: Rc<str>,
    lo: u32,
    hi: u32,
}

impl Spelling {
    /// The range `lo..hi` of `buf` (which must lie on character boundaries).
    pub fn slice(buf: &Rc<str>, lo: usize, hi: usize) -> Spelling {
        Spelling {
            buf: buf.clone(),
            lo: lo as u32,
            hi: hi as u32,
        }
    }
}

impl std::ops::Deref for Spelling {
    type Target = str;

    fn deref(&self) -> &str {
        self.buf
            .get(self.lo as usize..self.hi as usize)
            .unwrap_or("")
    }
}

impl From<&str> for Spelling {
    fn from(s: &str) -> Spelling {
        Spelling {
            buf: Rc::from(s),
            lo: 0,
            hi: s.len() as u32,
        }
    }
}

impl From<String> for Spelling {
    fn from(s: String) -> Spelling {
        let hi = s.len() as u32;
        Spelling {
            buf: Rc::from(s),
            lo: 0,
            hi,
        }
    }
}

impl PartialEq for Spelling {
    fn eq(&self, other: &Spelling) -> bool {
        **self == **other
    }
}

impl std::fmt::Display for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", &**self)
    }
}

/// One preprocessing token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// What sort of token.
    pub kind: Kind,
    /// The spelling (line splices removed).
    pub text: Spelling,
    /// The file it was spelled in.
    pub file: FileId,
    /// Start of the spelling in that file.
    pub lo: u32,
    /// End of the spelling in that file.
    pub hi: u32,
    /// White space or a comment came before it on its line.
    pub space_before: bool,
    /// It is the first token of a (logical) line.
    pub line_start: bool,
    /// It must never be expanded again ("painted blue").
    pub no_expand: bool,
    /// The outermost macro invocation that produced it.
    pub expansion: Option<Rc<MacroSite>>,
    /// Macros it came out of.
    pub hide: HideSet,
}

impl Token {
    /// Is this the punctuator `p`?
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == Kind::Punct && &*self.text == p
    }

    /// Is this the identifier `name`?
    pub fn is_ident(&self, name: &str) -> bool {
        self.kind == Kind::Ident && &*self.text == name
    }

    /// Where it was spelled.
    pub fn span(&self) -> SrcSpan {
        SrcSpan {
            file: self.file,
            lo: self.lo,
            hi: self.hi,
        }
    }

    /// A diagnostic's location set to this token (and its macro call site).
    pub fn locate(&self, diag: Diagnostic) -> Diagnostic {
        let mut d = diag.at(self.span());
        d.expansion = self.expansion.as_deref().cloned();
        d
    }

    /// Is `name` in the token's hide set?
    pub fn hidden(&self, name: &str) -> bool {
        self.hide
            .as_ref()
            .is_some_and(|h| h.iter().any(|n| &**n == name))
    }

    /// A copy with different text and kind, keeping place and expansion.
    pub fn respelled(&self, kind: Kind, text: impl Into<Spelling>) -> Token {
        Token {
            kind,
            text: text.into(),
            ..self.clone()
        }
    }
}

/// The union of a hide set and one more macro name.
pub(crate) fn hide_with(set: &HideSet, name: &Rc<str>) -> HideSet {
    let mut names: Vec<Rc<str>> = set.as_ref().map_or_else(Vec::new, |s| s.to_vec());
    if !names.iter().any(|n| n == name) {
        names.push(name.clone());
    }
    Some(Rc::new(names))
}

/// The union of two hide sets.
pub(crate) fn hide_union(a: &HideSet, b: &HideSet) -> HideSet {
    match (a, b) {
        (None, x) | (x, None) => x.clone(),
        (Some(x), Some(y)) => {
            if Rc::ptr_eq(x, y) {
                return a.clone();
            }
            let mut names = x.to_vec();
            for n in y.iter() {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
            Some(Rc::new(names))
        }
    }
}

/// The intersection of two hide sets.
pub(crate) fn hide_intersection(a: &HideSet, b: &HideSet) -> HideSet {
    match (a, b) {
        (Some(x), Some(y)) => {
            if Rc::ptr_eq(x, y) {
                return a.clone();
            }
            let names: Vec<Rc<str>> = x.iter().filter(|n| y.contains(n)).cloned().collect();
            (!names.is_empty()).then(|| Rc::new(names))
        }
        _ => None,
    }
}
