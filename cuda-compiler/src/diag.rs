//! Diagnostics in rustc's style.
//!
//! Every stage reports problems as [`Diagnostic`]s pointing at original
//! source ranges ([`SrcSpan`]); [`render`] prints them as
//! `error: msg\n --> file:line:col` with the source line, a caret, labels,
//! notes and a help line, plus an "in this macro invocation" note when the
//! text came from a macro expansion.

use crate::source::{ExpansionMap, Files, MacroSite, Span, SrcSpan};
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Compilation cannot go on.
    Error,
    /// Suspicious but compiled.
    Warning,
}

/// A secondary label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: SrcSpan,
    /// What it says.
    pub message: String,
}

/// One problem found in the user's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The headline, e.g. `unsupported: virtual functions in device code`.
    pub message: String,
    /// The primary location, if the problem has one.
    pub span: Option<SrcSpan>,
    /// Text under the primary caret.
    pub label: Option<String>,
    /// Set when the primary text came from a macro expansion.
    pub expansion: Option<MacroSite>,
    /// Secondary labels.
    pub labels: Vec<Label>,
    /// `= note: …` lines.
    pub notes: Vec<String>,
    /// `= help: …` line.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            expansion: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// A warning with a message and no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// An `unsupported: <what>` error: the one form used for every feature
    /// the project does not (yet) compile.
    pub fn unsupported(what: impl std::fmt::Display) -> Self {
        Self::error(format!("unsupported: {what}"))
    }

    /// Sets the primary location from an original-file span.
    pub fn at(mut self, span: SrcSpan) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the primary location from a span of preprocessed text.
    pub fn at_expanded(mut self, span: Span, map: &ExpansionMap) -> Self {
        if let Some(loc) = map.locate(span) {
            self.span = Some(loc.span);
            self.expansion = loc.expansion;
        }
        self
    }

    /// Sets the text under the primary caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: SrcSpan, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col` of the primary span, if any.
    pub fn location(&self, files: &Files) -> Option<(String, u32, u32)> {
        let span = self.span?;
        let file = files.get(span.file);
        let (line, col) = file.line_col(span.lo);
        Some((file.name.clone(), line, col))
    }

    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A list of diagnostics; the `Err` side of every stage.
pub type Diagnostics = Vec<Diagnostic>;

/// Renders diagnostics as rustc does (without colour).
pub fn render(diags: &[Diagnostic], files: &Files) -> String {
    let mut out = String::new();
    for d in diags {
        render_one(&mut out, d, files);
        out.push('\n');
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, files: &Files) {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{sev}: {}", d.message);
    let gutter = d
        .span
        .iter()
        .chain(d.labels.iter().map(|l| &l.span))
        .chain(d.expansion.iter().map(|e| &e.call))
        .map(|s| files.get(s.file).line_col(s.lo).0.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    if let Some(span) = d.span {
        snippet(
            out,
            files,
            span,
            d.label.as_deref().unwrap_or(""),
            "-->",
            &pad,
            '^',
        );
    }
    for l in &d.labels {
        snippet(out, files, l.span, &l.message, ":::", &pad, '-');
    }
    if let Some(site) = &d.expansion {
        let msg = format!("in this expansion of `{}`", site.name);
        snippet(out, files, site.call, &msg, ":::", &pad, '-');
    }
    if d.span.is_some() || !d.labels.is_empty() {
        let _ = writeln!(out, "{pad} |");
    }
    for n in &d.notes {
        let _ = writeln!(out, "{pad} = note: {n}");
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "{pad} = help: {h}");
    }
}

fn snippet(
    out: &mut String,
    files: &Files,
    span: SrcSpan,
    label: &str,
    arrow: &str,
    pad: &str,
    mark: char,
) {
    let file = files.get(span.file);
    let (line, col) = file.line_col(span.lo);
    let (end_line, end_col) = file.line_col(span.hi.max(span.lo));
    let _ = writeln!(out, "{pad}{arrow} {}:{line}:{col}", file.name);
    let _ = writeln!(out, "{pad} |");
    let text = file.line_text(line);
    let _ = writeln!(out, "{:>w$} | {}", line, text, w = pad.len());
    let width = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        (text.chars().count() as u32 + 1).saturating_sub(col).max(1)
    };
    let lead: String = text
        .chars()
        .take(col as usize - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let marks: String = std::iter::repeat_n(mark, width as usize).collect();
    if label.is_empty() {
        let _ = writeln!(out, "{pad} | {lead}{marks}");
    } else {
        let _ = writeln!(out, "{pad} | {lead}{marks} {label}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_like_rustc() {
        let mut files = Files::new();
        let f = files.add(SourceFile::new(
            "k.cu",
            None,
            "__global__ void k() {\n  int x = y;\n}\n",
        ));
        let d = Diagnostic::error("use of undeclared identifier `y`")
            .at(SrcSpan {
                file: f,
                lo: 32,
                hi: 33,
            })
            .with_label("not found in this scope")
            .with_help("declare `y` before using it");
        let text = render(&[d], &files);
        assert_eq!(
            text,
            "error: use of undeclared identifier `y`\n --> k.cu:2:11\n  |\n2 |   int x = y;\n  |           ^ not found in this scope\n  |\n  = help: declare `y` before using it\n\n"
        );
    }
}
