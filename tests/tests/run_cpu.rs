//! The whole conformance corpus on the `cpu` back end through the public
//! door, `cudawasm run PLAN --backend cpu --out DIR`: every plan in
//! `tests/conformance/plans/` is run, each output buffer is compared with the
//! plain-Rust reference of `cudawasm_tests::reference`, and `summary.json` is
//! checked. All mismatches are collected and reported in one table. The
//! driver is `cudawasm_tests::corpus_run`, shared with the other backends.

use cudawasm_tests::corpus_run::{
    cudawasm_binary, plan_files, plan_name, plans_dir, run_corpus, run_reference,
};
use cudawasm_tests::reference::plan::PlanInputs;
use cudawasm_tests::reference::values::Values;
use cudawasm_tests::reference::REFERENCES;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Plans that fail today for a reason outside the plans and references,
/// with the reason. They are still run and their problems printed; they do
/// not fail the test, but one that starts passing does (so the entry is
/// removed when the bug is fixed).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Every corpus file has a plan, every plan a reference whose outputs are
/// exactly the plan's `[output]` buffers, with their declared types and
/// lengths. Needs no back end.
#[test]
fn every_corpus_file_has_plans_with_references() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance");
    let mut sources = BTreeSet::new();
    let mut problems = Vec::new();
    for path in plan_files() {
        let name = plan_name(&path);
        let inputs = match PlanInputs::load(&path) {
            Ok(i) => i,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        sources.insert(inputs.plan.source.trim_start_matches("../").to_string());
        match run_reference(&name, &inputs) {
            Err(e) => problems.push(format!("{name}: reference failed: {e}")),
            Ok(exp) => {
                let got: Vec<&str> = exp.iter().map(|e| e.buffer.as_str()).collect();
                let want: Vec<&str> = inputs
                    .plan
                    .output
                    .buffers
                    .iter()
                    .map(String::as_str)
                    .collect();
                if got != want {
                    problems.push(format!(
                        "{name}: reference outputs {got:?}, plan outputs {want:?}"
                    ));
                }
                for e in &exp {
                    let decl = inputs.buffers.get(&e.buffer);
                    if decl.map(Values::elem_type) != Some(e.values.elem_type())
                        || decl.map(Values::len) != Some(e.values.len())
                    {
                        problems.push(format!(
                            "{name}: reference output `{}` does not match its declaration",
                            e.buffer
                        ));
                    }
                }
            }
        }
    }
    for (name, _) in REFERENCES {
        if !plans_dir().join(format!("{name}.toml")).exists() {
            problems.push(format!("reference `{name}` has no plan"));
        }
    }
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".cu"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in &files {
        if !sources.contains(f) {
            problems.push(format!("{f}: no plan runs it"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Runs every plan on the cpu back end and compares with the references.
#[test]
fn conformance_plans_match_references_on_cpu() {
    let bin = match cudawasm_binary() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    run_corpus(&bin, "cpu", false).print_and_check(KNOWN_FAILURES);
}
