//! The tokens of `cuda! { … }` as CUDA source text, with a map from text
//! offsets back to the tokens, so a compiler error at a position of the
//! text is reported at the Rust token it came from.
//!
//! Tokens are laid out at their own line and column (rustc gives each
//! token's position), so preprocessor lines and literal spellings such as
//! `1.f` come out as written.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// The text and, for each token, its byte range in the text and its span.
pub struct MappedText {
    /// The CUDA source.
    pub text: String,
    spans: Vec<(usize, usize, Span)>,
}

impl MappedText {
    /// Lays out `tokens` as text.
    pub fn new(tokens: TokenStream) -> Self {
        let mut out = MappedText {
            text: String::new(),
            spans: Vec::new(),
        };
        let mut at = Cursor::default();
        out.push_stream(tokens, &mut at);
        out.text.push('\n');
        out
    }

    /// The span of the token at byte `offset` of the text (or the next
    /// token after it, or the last token).
    pub fn span_at(&self, offset: usize) -> Span {
        self.spans
            .iter()
            .find(|(lo, hi, _)| *lo <= offset && offset < *hi)
            .or_else(|| self.spans.iter().find(|(lo, _, _)| *lo >= offset))
            .or(self.spans.last())
            .map_or_else(Span::call_site, |(_, _, s)| *s)
    }

    fn push_stream(&mut self, tokens: TokenStream, at: &mut Cursor) {
        for tt in tokens {
            match tt {
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    if !open.is_empty() {
                        self.push_token(open, g.span_open(), at);
                    }
                    self.push_stream(g.stream(), at);
                    if !close.is_empty() {
                        self.push_token(close, g.span_close(), at);
                    }
                }
                other => {
                    let text = other.to_string();
                    self.push_token(&text, other.span(), at);
                }
            }
        }
    }

    fn push_token(&mut self, text: &str, span: Span, at: &mut Cursor) {
        let start = span.start();
        if start.line > at.line && at.line > 0 {
            for _ in at.line..start.line {
                self.text.push('\n');
            }
            at.col = 0;
        }
        if start.line >= at.line && start.column > at.col {
            for _ in at.col..start.column {
                self.text.push(' ');
            }
        } else if (start.line < at.line || start.column < at.col)
            && !self.text.is_empty()
            && !self.text.ends_with(['\n', ' '])
        {
            // Positions unknown or out of order: keep tokens apart.
            self.text.push(' ');
        }
        let lo = self.text.len();
        self.text.push_str(text);
        self.spans.push((lo, self.text.len(), span));
        let end = span.end();
        at.line = if text.contains('\n') {
            end.line
        } else {
            start.line
        }
        .max(1);
        // A joint punctuation's span may cover its partner (`*=`), so a
        // one-line token ends where its own text does.
        at.col = if text.contains('\n') {
            end.column
        } else {
            start.column + text.chars().count()
        };
    }
}

#[derive(Default)]
struct Cursor {
    line: usize,
    col: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn layout(src: &str) -> String {
        let tokens = TokenStream::from_str(src).unwrap_or_default();
        MappedText::new(tokens).text
    }

    #[test]
    fn tokens_keep_their_lines_and_columns() {
        assert_eq!(layout("y[i] *= a;"), "y[i] *= a;\n");
        assert_eq!(
            layout("#define N 4\nint x = 1.f;"),
            "#define N 4\nint x = 1.f;\n"
        );
        assert_eq!(layout("a <<= 2; b->c"), "a <<= 2; b->c\n");
    }
}
