//! Conformance corpus: every `tests/conformance/*.cu` must check without
//! errors, and its module must hold exactly the kernels named by
//! `// EXPECT-KERNELS:` (and the static shared bytes of `// EXPECT-SHARED:`).
//!
//! All files are checked and every failure is reported at the end, with the
//! rendered diagnostics, so one run shows the whole state of the front end.
//!
//! Every file is valid CUDA: each compiles with nvcc 13
//! (`nvcc -std=c++17 -arch=sm_90 -c` plus its `// ARGS:`), and every
//! `EXPECT-SHARED` value equals what `-Xptxas -v` reports as `smem`.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::{
    check_isolated, corpus_dir, corpus_files, directives, failure_report, indent,
    options_from_args, split_top_level, static_shared_bytes,
};

/// Checks one file; returns a failure description, or `None` if it passed.
fn check_one(path: &Path, corpus: &Path) -> Option<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Some(format!("cannot read the file: {e}")),
    };
    let expected: BTreeSet<String> = directives(&text, "EXPECT-KERNELS")
        .iter()
        .flat_map(|line| split_top_level(line))
        .collect();
    if expected.is_empty() {
        return Some("corpus file has no `// EXPECT-KERNELS:` line".to_string());
    }
    let mut expected_shared = BTreeMap::new();
    for entry in directives(&text, "EXPECT-SHARED")
        .iter()
        .flat_map(|line| split_top_level(line))
    {
        let parsed = entry
            .rsplit_once('=')
            .and_then(|(k, v)| Some((k.trim().to_string(), v.trim().parse::<u64>().ok()?)));
        match parsed {
            Some((k, v)) => {
                expected_shared.insert(k, v);
            }
            None => return Some(format!("bad `// EXPECT-SHARED:` entry `{entry}`")),
        }
    }
    let opts = match options_from_args(&directives(&text, "ARGS"), corpus) {
        Ok(o) => o,
        Err(e) => return Some(e),
    };

    let checked = match check_isolated(path, &opts) {
        Ok(c) => c,
        Err(e) => return Some(e),
    };
    let rendered = checked.render_diagnostics();
    if checked.has_errors() {
        let first = checked
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| {
                let at = d
                    .location(&checked.files)
                    .map(|(f, l, c)| format!("{}:{l}:{c}: ", short_name(&f)))
                    .unwrap_or_default();
                format!("{at}{}", d.message)
            })
            .unwrap_or_default();
        return Some(format!("errors (first: {first})\n{}", indent(&rendered)));
    }
    let Some(module) = checked.module.as_ref() else {
        return Some(format!(
            "no errors but no module either\n{}",
            indent(&rendered)
        ));
    };

    let mut problems = Vec::new();
    let names: Vec<&str> = module.kernels.iter().map(|k| k.name.as_str()).collect();
    let found: BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
    if found.len() != names.len() {
        problems.push(format!("duplicate kernel names in {names:?}"));
    }
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    if !missing.is_empty() {
        problems.push(format!("missing kernels {missing:?}"));
    }
    if !extra.is_empty() {
        problems.push(format!("unexpected kernels {extra:?}"));
    }
    for (name, bytes) in &expected_shared {
        match module.kernels.iter().find(|k| &k.name == name) {
            Some(k) => {
                let got = static_shared_bytes(module, k);
                if got != *bytes {
                    problems.push(format!(
                        "`{name}` uses {got} static shared bytes, expected {bytes}"
                    ));
                }
            }
            None => problems.push(format!("EXPECT-SHARED names unknown kernel `{name}`")),
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!(
            "{} (found kernels {names:?})\n{}",
            problems.join("; "),
            indent(&rendered)
        ))
    }
}

/// The file name without the folders, for short reports.
fn short_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned())
}

#[test]
fn conformance_corpus() {
    let dir = corpus_dir("conformance");
    let files = corpus_files(&dir);
    assert!(!files.is_empty(), "no .cu files in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        if let Some(why) = check_one(path, &dir) {
            failures.push((short_name(&path.display().to_string()), why));
        }
    }
    if !failures.is_empty() {
        panic!("{}", failure_report("conformance", files.len(), &failures));
    }
}
