//! Negative corpus: every `tests/negative/*.cu` must fail to check, and the
//! FIRST error must be exactly the one its `// EXPECT-ERROR:` line names
//! (`[FILE:]LINE:COL: message`, or `-: message` for an error without a
//! source location). A file without `FILE:` expects the error in itself; a
//! `FILE` is matched as a path suffix (`include/bad.h`).
//!
//! All files are checked and every failure is reported at the end, with the
//! rendered diagnostics.
//!
//! nvcc 13 rejects every file except those that are valid CUDA this project
//! does not support (`unsupported: …`: recursion, `goto`, `asm`, `new`,
//! virtual calls, function pointers, variadic templates, partial
//! specialisation, `long double`), the `--instance` cases, and three that
//! nvcc only warns about and this project makes errors (an atomic or a store
//! on constant memory, `return;` in a non-void function, an integer literal
//! too large for any type).

mod support;

use std::path::Path;
use support::{
    check_isolated, corpus_dir, corpus_files, directives, failure_report, indent, options_from_args,
};

/// Where an expected error is.
#[derive(Debug, PartialEq)]
enum ExpectedAt {
    /// No source location.
    Nowhere,
    /// `file` (`None`: the corpus file itself), 1-based line and column.
    At(Option<String>, u32, u32),
}

/// Parses `[FILE:]LINE:COL: message` or `-: message`.
fn parse_expectation(value: &str) -> Result<(ExpectedAt, String), String> {
    let (loc, message) = value
        .split_once(": ")
        .ok_or_else(|| format!("bad `// EXPECT-ERROR: {value}` (no `: ` before the message)"))?;
    let message = message.trim().to_string();
    if loc.trim() == "-" {
        return Ok((ExpectedAt::Nowhere, message));
    }
    let bad = || format!("bad location `{loc}` in `// EXPECT-ERROR:`");
    let (rest, col) = loc.rsplit_once(':').ok_or_else(bad)?;
    let col: u32 = col.trim().parse().map_err(|_| bad())?;
    let (file, line) = match rest.rsplit_once(':') {
        Some((file, line)) => (Some(file.trim().to_string()), line),
        None => (None, rest),
    };
    let line: u32 = line.trim().parse().map_err(|_| bad())?;
    Ok((ExpectedAt::At(file, line, col), message))
}

/// Checks one file; returns a failure description, or `None` if it passed.
fn check_one(path: &Path, corpus: &Path) -> Option<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Some(format!("cannot read the file: {e}")),
    };
    let expectations = directives(&text, "EXPECT-ERROR");
    let [expectation] = expectations.as_slice() else {
        return Some(format!(
            "a negative file needs exactly one `// EXPECT-ERROR:` line, found {}",
            expectations.len()
        ));
    };
    let (want_at, want_msg) = match parse_expectation(expectation) {
        Ok(e) => e,
        Err(e) => return Some(e),
    };
    let opts = match options_from_args(&directives(&text, "ARGS"), corpus) {
        Ok(o) => o,
        Err(e) => return Some(e),
    };

    let checked = match check_isolated(path, &opts) {
        Ok(c) => c,
        Err(e) => return Some(e),
    };
    let rendered = checked.render_diagnostics();
    let Some(first) = checked.diagnostics.iter().find(|d| d.is_error()) else {
        return Some(format!(
            "no error reported (expected \"{expectation}\")\n{}",
            indent(&rendered)
        ));
    };
    let got_loc = first.location(&checked.files);
    let main_name = path.display().to_string();
    let loc_ok = match (&want_at, &got_loc) {
        (ExpectedAt::Nowhere, None) => true,
        (ExpectedAt::At(file, line, col), Some((got_file, got_line, got_col))) => {
            let file_ok = match file {
                None => *got_file == main_name,
                Some(f) => Path::new(got_file).ends_with(f),
            };
            file_ok && line == got_line && col == got_col
        }
        _ => false,
    };
    if loc_ok && first.message == want_msg {
        return None;
    }
    let got = match &got_loc {
        Some((f, l, c)) if *f == main_name => format!("{l}:{c}: {}", first.message),
        Some((f, l, c)) => format!("{f}:{l}:{c}: {}", first.message),
        None => format!("-: {}", first.message),
    };
    Some(format!(
        "expected \"{expectation}\", found \"{got}\"\n{}",
        indent(&rendered)
    ))
}

#[test]
fn negative_corpus() {
    let dir = corpus_dir("negative");
    let files = corpus_files(&dir);
    assert!(!files.is_empty(), "no .cu files in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        if let Some(why) = check_one(path, &dir) {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            failures.push((name, why));
        }
    }
    if !failures.is_empty() {
        panic!("{}", failure_report("negative", files.len(), &failures));
    }
}

#[test]
fn expectation_syntax() {
    assert_eq!(
        parse_expectation("12:5: unsupported: recursion in device code"),
        Ok((
            ExpectedAt::At(None, 12, 5),
            "unsupported: recursion in device code".to_string()
        ))
    );
    assert_eq!(
        parse_expectation("include/bad.h:3:1: use of undeclared identifier `y`"),
        Ok((
            ExpectedAt::At(Some("include/bad.h".to_string()), 3, 1),
            "use of undeclared identifier `y`".to_string()
        ))
    );
    assert_eq!(
        parse_expectation("-: invalid template instance `k<`"),
        Ok((
            ExpectedAt::Nowhere,
            "invalid template instance `k<`".to_string()
        ))
    );
}
