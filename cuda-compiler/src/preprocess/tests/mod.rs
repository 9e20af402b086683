//! Tests of the preprocessor: exact output text, mapped locations and
//! diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conditionals;
mod directives;
mod lexing;
mod macros;
mod sourcemap;

use super::*;
use crate::diag::render;
use crate::source::Span;

/// Preprocesses `src` as `k.cu` with options; panics with the rendered
/// diagnostics on failure.
pub(super) fn run_with(src: &str, opts: &Options) -> (Preprocessed, Diagnostics) {
    match preprocess_with_warnings(SourceFile::new("k.cu", None, src), opts) {
        Ok(r) => r,
        Err((files, diags)) => panic!("preprocessing failed:\n{}", render(&diags, &files)),
    }
}

/// The output text of `src`.
pub(super) fn out(src: &str) -> String {
    run_with(src, &Options::default()).0.text
}

/// The output text with runs of white space collapsed to one space.
pub(super) fn flat(src: &str) -> String {
    out(src).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Diagnostics as `file:line:col: severity: message`.
pub(super) fn diags_of(src: &str, opts: &Options) -> Vec<String> {
    let (files, diags) = match preprocess_with_warnings(SourceFile::new("k.cu", None, src), opts) {
        Ok((pp, w)) => (pp.files, w),
        Err(e) => e,
    };
    diags
        .iter()
        .map(|d| {
            let sev = if d.is_error() { "error" } else { "warning" };
            match d.location(&files) {
                Some((f, l, c)) => format!("{f}:{l}:{c}: {sev}: {}", d.message),
                None => format!("{sev}: {}", d.message),
            }
        })
        .collect()
}

/// Diagnostics with default options.
pub(super) fn diags(src: &str) -> Vec<String> {
    diags_of(src, &Options::default())
}

/// Where the `nth` occurrence of `needle` in the output maps to:
/// `file:line:col` and the macro call site `name@line:col`, if any.
pub(super) fn origin(pp: &Preprocessed, needle: &str, nth: usize) -> String {
    let pos = pp
        .text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in output:\n{}", pp.text))
        .0 as u32;
    let loc = pp
        .map
        .locate(Span::new(pos, pos + needle.len() as u32))
        .expect("mapped");
    let file = pp.files.get(loc.span.file);
    let (l, c) = file.line_col(loc.span.lo);
    let mut s = format!("{}:{l}:{c}", file.name);
    if let Some(site) = loc.expansion {
        let (sl, sc) = pp.files.get(site.call.file).line_col(site.call.lo);
        let (el, ec) = pp.files.get(site.call.file).line_col(site.call.hi);
        s.push_str(&format!(" in {}@{sl}:{sc}-{el}:{ec}", site.name));
    }
    s
}
