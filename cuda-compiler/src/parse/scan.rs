//! Character-level scanning that does not need the grammar: skipping
//! whitespace and comments, checking delimiters, skipping a host item as
//! balanced tokens, naming the token at an offset.

use crate::source::Span;

/// Deepest bracket nesting accepted; deeper input is reported, not parsed
/// (the PEG parser recurses once per level).
pub(crate) const MAX_NESTING: usize = 1024;

/// A delimiter problem found before parsing.
pub(crate) enum DelimError {
    /// An opening delimiter never closed.
    Unclosed { open: char, at: u32 },
    /// A closing delimiter that does not match the innermost open one.
    Mismatched {
        close: char,
        at: u32,
        open: Option<(char, u32)>,
    },
    /// Nesting deeper than [`MAX_NESTING`].
    TooDeep { at: u32 },
}

fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// Skips a string or character literal starting at `i` (on the quote).
fn skip_quoted(b: &[u8], mut i: usize) -> usize {
    let q = b[i];
    i += 1;
    while i < b.len() && b[i] != q && b[i] != b'\n' {
        if b[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    (i + 1).min(b.len())
}

/// Skips a comment or `#` line starting at `i`, if there is one.
fn skip_comment(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1)) {
        (Some(b'/'), Some(b'/')) => Some(line_end(b, i)),
        (Some(b'/'), Some(b'*')) => {
            let mut j = i + 2;
            while j + 1 < b.len() && !(b[j] == b'*' && b[j + 1] == b'/') {
                j += 1;
            }
            Some((j + 2).min(b.len()))
        }
        _ => None,
    }
}

fn line_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// Is `i` the first non-blank byte of its line?
fn at_line_start(b: &[u8], i: usize) -> bool {
    b[..i]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|c| c.is_ascii_whitespace())
}

/// Is this `#` the start of a `#pragma unroll` line?
fn is_pragma_unroll(text: &str, i: usize) -> bool {
    let rest = text.get(i + 1..).unwrap_or("");
    let mut words = rest.split('\n').next().unwrap_or("").split_whitespace();
    words.next() == Some("pragma") && words.next().is_some_and(|w| w == "unroll")
}

/// Skips whitespace, comments, `#` lines other than `#pragma unroll`,
/// `[[attributes]]` and `__attribute__((…))`.
pub(crate) fn skip_trivia(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if let Some(j) = skip_comment(b, i) {
            i = j;
        } else if b.get(i) == Some(&b'#') && !is_pragma_unroll(text, i) {
            i = line_end(b, i);
        } else {
            return i;
        }
    }
}

/// Checks that every bracket is closed by its partner, skipping literals and
/// comments, and that nesting stays below [`MAX_NESTING`].
pub(crate) fn check_delimiters(text: &str) -> Vec<DelimError> {
    let b = text.as_bytes();
    let mut stack: Vec<(u8, u32)> = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let Some(j) = skip_comment(b, i) {
            i = j;
            continue;
        }
        match b[i] {
            b'"' | b'\'' => {
                // A digit separator is not a character literal.
                if b[i] == b'\'' && i > 0 && b[i - 1].is_ascii_alphanumeric() {
                    let prev_digit = b[..i]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'\'')
                        .last()
                        .is_some_and(|c| c.is_ascii_digit());
                    if prev_digit {
                        i += 1;
                        continue;
                    }
                }
                i = skip_quoted(b, i);
                continue;
            }
            b'#' if at_line_start(b, i) && !is_pragma_unroll(text, i) => {
                i = line_end(b, i);
                continue;
            }
            c @ (b'(' | b'[' | b'{') => {
                stack.push((c, i as u32));
                if stack.len() > MAX_NESTING {
                    errors.push(DelimError::TooDeep { at: i as u32 });
                    return errors;
                }
            }
            c @ (b')' | b']' | b'}') => match stack.last() {
                Some(&(open, _)) if closer(open) == c => {
                    stack.pop();
                }
                other => {
                    errors.push(DelimError::Mismatched {
                        close: c as char,
                        at: i as u32,
                        open: other.map(|&(o, at)| (o as char, at)),
                    });
                    return errors;
                }
            },
            _ => {}
        }
        i += 1;
    }
    if let Some(&(open, at)) = stack.last() {
        errors.push(DelimError::Unclosed {
            open: open as char,
            at,
        });
    }
    errors
}

/// The end of the item starting at `start`, skipped as balanced tokens: a
/// `;` at depth 0 (included), or the `}` that closes a body opened at depth
/// 0 (with a directly following `;`).
pub(crate) fn skip_item(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        if let Some(j) = skip_comment(b, i) {
            i = j;
            continue;
        }
        match b[i] {
            b'"' => {
                i = skip_quoted(b, i);
                continue;
            }
            b'\'' if !(i > 0 && b[i - 1].is_ascii_alphanumeric()) => {
                i = skip_quoted(b, i);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' => {
                if depth == 0 {
                    // A stray closer: stop before it (the caller handles it).
                    return i.max(start + 1).min(b.len());
                }
                depth -= 1;
                if depth == 0 {
                    let after = skip_trivia(text, i + 1);
                    if b.get(after) == Some(&b';') {
                        return after + 1;
                    }
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The identifiers in `text` before the first `{` at depth 0.
pub(crate) fn head_words(text: &str) -> Vec<&str> {
    let end = first_body_brace(text).unwrap_or(text.len());
    words(text.get(..end).unwrap_or(text))
}

fn first_body_brace(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// All identifier-like words of a text.
pub(crate) fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The token at `pos` for "found `…`" messages, and its span.
pub(crate) fn token_at(text: &str, pos: usize) -> (Option<String>, Span) {
    let pos = skip_trivia(text, pos);
    let b = text.as_bytes();
    let Some(&c) = b.get(pos) else {
        return (None, Span::new(pos as u32, pos as u32));
    };
    let len = if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
        b[pos..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'$' || **c == b'.')
            .count()
    } else if c == b'"' || c == b'\'' {
        skip_quoted(b, pos) - pos
    } else {
        const PUNCT: [&str; 24] = [
            "<<=", ">>=", "<<<", ">>>", "...", "->", "::", "<<", ">>", "<=", ">=", "==", "!=",
            "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        ];
        let rest = &text[pos..];
        PUNCT.iter().find(|p| rest.starts_with(**p)).map_or_else(
            || rest.chars().next().map_or(1, char::len_utf8),
            |p| p.len(),
        )
    };
    let end = (pos + len).min(text.len());
    (
        text.get(pos..end).map(str::to_string),
        Span::new(pos as u32, end as u32),
    )
}

/// The end of the last token before `pos` (skipping back over whitespace).
pub(crate) fn prev_token_end(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut i = pos.min(b.len());
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    i
}

/// The start of the statement containing `pos`: just after the nearest `;`,
/// `{` or `}` at the same nesting level, or after an enclosing `(`/`[`.
pub(crate) fn statement_start(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = pos.min(b.len());
    while i > 0 {
        let c = b[i - 1];
        match c {
            b')' | b']' => depth += 1,
            b'(' | b'[' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
            }
            b';' | b'{' | b'}' if depth == 0 => return i,
            _ => {}
        }
        i -= 1;
    }
    0
}

/// The first `{ … }` directly inside the group opened at `open` (before
/// `limit`) that holds a `;` of its own: a statement block, which no
/// parenthesised or bracketed expression contains, so the group should
/// have been closed before it (`if (i < n { … }`).
pub(crate) fn block_inside_group(text: &str, open: usize, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let limit = limit.min(b.len());
    let mut depth = 0usize;
    let mut brace_at: Option<usize> = None;
    let mut i = open + 1;
    while i < limit {
        if let Some(j) = skip_comment(b, i) {
            i = j;
            continue;
        }
        match b[i] {
            b'"' => {
                i = skip_quoted(b, i);
                continue;
            }
            b'\'' if !(i > 0 && b[i - 1].is_ascii_alphanumeric()) => {
                i = skip_quoted(b, i);
                continue;
            }
            b'{' if depth == 0 => {
                brace_at = Some(i);
                depth = 1;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    brace_at = None;
                }
            }
            b';' if depth == 1 && brace_at.is_some() => return brace_at,
            _ => {}
        }
        i += 1;
    }
    None
}
