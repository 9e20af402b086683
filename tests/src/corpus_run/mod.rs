//! The conformance corpus through the public door, for any backend:
//! `cudawasm run PLAN --backend B --out DIR` for every plan in
//! `tests/conformance/plans/`, each output compared with the plain-Rust
//! reference of [`crate::reference`], and `summary.json` checked. The
//! per-backend tests (`tests/run_cpu.rs`, `tests/run_wgpu.rs`) are this
//! driver with their backend's known failures.
//!
//! `CUDAWASM_PLANS=a,b` runs only the named plans (for a quick look).

mod binary;
mod check;

pub use binary::{cudawasm_binary, run_plan, workspace_root, RunFailure, PLAN_TIMEOUT};
pub use check::{check_outputs, check_summary, Failure};

use crate::reference::check::Expected;
use crate::reference::plan::PlanInputs;
use crate::reference::reference;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The directory of the run plans.
pub fn plans_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance/plans")
}

/// Every plan file, sorted by name (only those `CUDAWASM_PLANS` names,
/// when it is set).
pub fn plan_files() -> Vec<PathBuf> {
    let only: Option<BTreeSet<String>> = std::env::var("CUDAWASM_PLANS")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.split(',').map(|n| n.trim().to_string()).collect());
    let mut v: Vec<PathBuf> = std::fs::read_dir(plans_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter(|p| only.as_ref().is_none_or(|o| o.contains(&plan_name(p))))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A plan's name (its file stem).
pub fn plan_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs a reference, turning a panic (a plan the reference does not expect)
/// into an error.
pub fn run_reference(name: &str, inputs: &PlanInputs) -> Result<Vec<Expected>, String> {
    let f = reference(name).ok_or("no reference")?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(inputs)))
        .unwrap_or_else(|_| Err("the reference panicked".to_string()))
}

/// What a corpus run found.
#[derive(Debug, Default)]
pub struct CorpusReport {
    /// The backend it ran on.
    pub backend: String,
    /// Plans run.
    pub plans: usize,
    /// Plans whose every output matched, with their wall time.
    pub passed: Vec<String>,
    /// Plans the back end refused with an "unsupported" diagnostic, with
    /// the line that says so (only when the run allows it).
    pub unsupported: Vec<(String, String)>,
    /// Every problem found.
    pub failures: Vec<Failure>,
}

/// Runs every plan on `backend`. With `allow_unsupported`, a plan whose
/// kernel the back end refuses with an "unsupported …" diagnostic is
/// listed in [`CorpusReport::unsupported`] instead of failing.
pub fn run_corpus(bin: &Path, backend: &str, allow_unsupported: bool) -> CorpusReport {
    let tmp = std::env::temp_dir().join(format!("cudawasm-run-{backend}-{}", std::process::id()));
    let mut report = CorpusReport {
        backend: backend.to_string(),
        ..CorpusReport::default()
    };
    let plans = plan_files();
    assert!(
        !plans.is_empty(),
        "no run plan found in {} (or none matches `CUDAWASM_PLANS`)",
        plans_dir().display()
    );
    report.plans = plans.len();
    for path in &plans {
        let name = plan_name(path);
        let started = Instant::now();
        let loaded = PlanInputs::load(path).and_then(|inputs| {
            let exp = run_reference(&name, &inputs)?;
            Ok((inputs, exp))
        });
        let (inputs, exp) = match loaded {
            Ok(r) => r,
            Err(e) => {
                report.failures.push(Failure {
                    plan: name,
                    output: "-".into(),
                    what: e,
                });
                continue;
            }
        };
        let out = tmp.join(&name);
        match run_plan(bin, path, backend, &out) {
            Err(f) => match f.unsupported_reason().filter(|_| allow_unsupported) {
                Some(reason) => report.unsupported.push((name.clone(), reason.to_string())),
                None => report.failures.push(Failure {
                    plan: name.clone(),
                    output: "(run)".into(),
                    what: f.summary,
                }),
            },
            Ok(()) => {
                let f = check_outputs(&name, &inputs, &exp, &out, backend);
                if f.is_empty() {
                    report
                        .passed
                        .push(format!("{name} ({:.2}s)", started.elapsed().as_secs_f64()));
                }
                report.failures.extend(f);
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    let _ = std::fs::remove_dir_all(&tmp);
    report
}

impl CorpusReport {
    /// The plans with at least one problem.
    pub fn failed_plans(&self) -> BTreeSet<String> {
        self.failures.iter().map(|f| f.plan.clone()).collect()
    }

    /// The problems as an aligned table.
    pub fn table(&self) -> String {
        let w = self
            .failures
            .iter()
            .map(|f| f.plan.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let wo = self
            .failures
            .iter()
            .map(|f| f.output.len())
            .max()
            .unwrap_or(6)
            .max(6);
        let mut table = format!("{:w$}  {:wo$}  problem\n", "plan", "output");
        for f in &self.failures {
            table.push_str(&format!("{:w$}  {:wo$}  {}\n", f.plan, f.output, f.what));
        }
        table
    }

    /// Prints what passed, what was unsupported and what failed, then
    /// fails the test when a plan fails that is not in `known_failures`,
    /// or a known failure passes (so its entry is removed when fixed).
    pub fn print_and_check(&self, known_failures: &[(&str, &str)]) {
        let b = &self.backend;
        eprintln!(
            "{} of {} plans pass on {b}: {}",
            self.passed.len(),
            self.plans,
            self.passed.join(", ")
        );
        if !self.unsupported.is_empty() {
            eprintln!("{} plans unsupported on {b}:", self.unsupported.len());
            for (plan, why) in &self.unsupported {
                eprintln!("  {plan}: {why}");
            }
        }
        let failed = self.failed_plans();
        let table = self.table();
        if !self.failures.is_empty() {
            eprintln!(
                "{} of {} plans fail on {b} ({} problems):\n{table}",
                failed.len(),
                self.plans,
                self.failures.len()
            );
            for (name, why) in known_failures {
                eprintln!("known failure {name}: {why}");
            }
        }
        let known: BTreeSet<&str> = known_failures.iter().map(|(n, _)| *n).collect();
        let unexpected: Vec<&String> = failed
            .iter()
            .filter(|p| !known.contains(p.as_str()))
            .collect();
        let ran: BTreeSet<String> = plan_files().iter().map(|p| plan_name(p)).collect();
        let fixed: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| ran.contains(*k) && !failed.contains(*k))
            .filter(|k| !self.unsupported.iter().any(|(p, _)| p == k))
            .collect();
        assert!(
            unexpected.is_empty() && fixed.is_empty(),
            "plans failing on {b} that are not known failures: {unexpected:?}; known failures \
             that now pass (remove them from KNOWN_FAILURES): {fixed:?}\n{table}"
        );
    }
}
