//! The whole conformance corpus on the `cpu` back end through the public
//! door, `cudawasm run PLAN --backend cpu --out DIR`: every plan in
//! `tests/conformance/plans/` is run, each output buffer is compared with the
//! plain-Rust reference of `cudawasm_tests::reference`, and `summary.json` is
//! checked. All mismatches are collected and reported in one table.
//!
//! The binary: `CUDAWASM_BIN` when set (a prebuilt `cudawasm`); otherwise the
//! test builds it once with `cargo build -p cudawasm` (same profile as this
//! test, through the `CARGO` that runs the tests) and takes the executable
//! path from cargo's JSON messages, so it works with any target directory.

use cudawasm_tests::reference::check::{compare, Expected};
use cudawasm_tests::reference::plan::PlanInputs;
use cudawasm_tests::reference::values::{ElemType, Values};
use cudawasm_tests::reference::{reference, REFERENCES};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Plans that fail today for a reason outside the plans and references,
/// with the reason. They are still run and their problems printed; they do
/// not fail the test, but one that starts passing does (so the entry is
/// removed when the bug is fixed).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Longest time one plan may run before it counts as hung.
const PLAN_TIMEOUT: Duration = Duration::from_secs(180);

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn plans_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance/plans")
}

/// Every plan file, sorted by name.
fn plan_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(plans_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn plan_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Finds or builds the `cudawasm` binary.
fn cudawasm_binary() -> Result<PathBuf, String> {
    if let Ok(bin) = std::env::var("CUDAWASM_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args([
        "build",
        "-p",
        "cudawasm",
        "--bin",
        "cudawasm",
        "--message-format=json",
    ]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("`cargo build -p cudawasm` failed ({})", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "cudawasm")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built no `cudawasm` executable".into())
}

/// Runs one plan; the output directory on success, else the failure text.
fn run_plan(bin: &Path, plan: &Path, out: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    let mut child = Command::new(bin)
        .arg("run")
        .arg(plan)
        .args(["--backend", "cpu", "--out"])
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > PLAN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", PLAN_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("wait failed: {e}")),
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("wait failed: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    Err(format!(
        "exit {}: {}",
        output.status.code().unwrap_or(-1),
        first.join(" | ")
    ))
}

/// Runs a reference, turning a panic (a plan the reference does not expect)
/// into an error.
fn run_reference(name: &str, inputs: &PlanInputs) -> Result<Vec<Expected>, String> {
    let f = reference(name).ok_or("no reference")?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(inputs)))
        .unwrap_or_else(|_| Err("the reference panicked".to_string()))
}

/// One row of the failure table.
struct Failure {
    plan: String,
    output: String,
    what: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn pad3(v: &[u32]) -> Vec<u64> {
    let mut r: Vec<u64> = v.iter().map(|&x| u64::from(x)).collect();
    r.resize(3, 1);
    r
}

/// Checks `summary.json` against the plan; problems as text.
fn check_summary(inputs: &PlanInputs, out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(out.join("summary.json")) {
        Ok(t) => t,
        Err(e) => return vec![format!("summary.json: {e}")],
    };
    let s: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![format!("summary.json is not JSON: {e}")],
    };
    if s["backend"] != "cpu" {
        problems.push(format!("backend is {}, not \"cpu\"", s["backend"]));
    }
    if !s["device"].is_string() {
        problems.push("no `device` string".into());
    }
    // One summary entry per plan entry (with its `repeat`), or one per
    // launch made: both readings of RUN-PLAN.md are accepted.
    let entries: Vec<_> = inputs.plan.launches.iter().collect();
    let expanded: Vec<_> = entries
        .iter()
        .flat_map(|l| (0..l.repeat).map(move |_| *l))
        .collect();
    match s["launches"].as_array() {
        None => problems.push("no `launches` array".into()),
        Some(ls) if ls.len() != entries.len() && ls.len() != expanded.len() => {
            problems.push(format!(
                "{} launches listed, the plan has {} entries making {} launches",
                ls.len(),
                entries.len(),
                expanded.len()
            ))
        }
        Some(ls) => {
            let want = if ls.len() == entries.len() {
                &entries
            } else {
                &expanded
            };
            for (k, (got, want)) in ls.iter().zip(want.iter()).enumerate() {
                let dims = |v: &serde_json::Value| -> Option<Vec<u64>> {
                    v.as_array()
                        .map(|a| a.iter().filter_map(|x| x.as_u64()).collect())
                };
                let repeat_ok = got.get("repeat").is_none_or(|r| {
                    r.as_u64() == Some(u64::from(want.repeat)) || ls.len() != entries.len()
                });
                if got["kernel"] != want.kernel.as_str()
                    || dims(&got["grid"]) != Some(pad3(&want.grid))
                    || dims(&got["block"]) != Some(pad3(&want.block))
                    || !got["ms"].is_number()
                    || !repeat_ok
                {
                    problems.push(format!(
                        "launch {k} is {got}, expected kernel `{}` grid {:?} block {:?} repeat {} and ms",
                        want.kernel,
                        pad3(&want.grid),
                        pad3(&want.block),
                        want.repeat
                    ));
                    break;
                }
            }
        }
    }
    let outputs = &s["outputs"];
    let listed: BTreeSet<String> = outputs
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let wanted: BTreeSet<String> = inputs.plan.output.buffers.iter().cloned().collect();
    if listed != wanted {
        problems.push(format!("outputs {listed:?}, expected {wanted:?}"));
    }
    for name in &wanted {
        let o = &outputs[name.as_str()];
        let Some(ty) = inputs.elem_type(name) else {
            continue;
        };
        let len = inputs.buffers.get(name).map(Values::len).unwrap_or(0);
        if o["type"] != ty.name() || o["len"].as_u64() != Some(len as u64) {
            problems.push(format!(
                "output `{name}`: type/len {} {}, expected {} {len}",
                o["type"],
                o["len"],
                ty.name()
            ));
        }
        if let Ok(bytes) = std::fs::read(out.join(format!("{name}.bin"))) {
            let sha = hex(&Sha256::digest(&bytes));
            if o["sha256"] != sha.as_str() {
                problems.push(format!(
                    "output `{name}`: sha256 {} is not that of {name}.bin ({sha})",
                    o["sha256"]
                ));
            }
        }
    }
    problems
}

/// Compares the outputs of one finished run with the reference.
fn check_outputs(
    name: &str,
    inputs: &PlanInputs,
    expected: &[Expected],
    out: &Path,
) -> Vec<Failure> {
    let mut failures = Vec::new();
    for exp in expected {
        let path = out.join(format!("{}.bin", exp.buffer));
        let ty: ElemType = exp.values.elem_type();
        let actual = std::fs::read(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|b| Values::from_le_bytes(ty, &b));
        let what = match actual {
            Err(e) => Some(e),
            Ok(a) if a.len() != exp.values.len() => Some(format!(
                "{} elements, expected {}",
                a.len(),
                exp.values.len()
            )),
            Ok(a) => compare(exp, &a).err().map(|m| {
                format!(
                    "{} of {} differ ({}); max error {:.3e}; first at [{}]: expected {}, got {}",
                    m.count,
                    exp.values.len(),
                    exp.check.describe(),
                    m.max_err,
                    m.first,
                    m.at_first.0,
                    m.at_first.1
                )
            }),
        };
        if let Some(what) = what {
            failures.push(Failure {
                plan: name.into(),
                output: exp.buffer.clone(),
                what,
            });
        }
    }
    for p in check_summary(inputs, out) {
        failures.push(Failure {
            plan: name.into(),
            output: "summary.json".into(),
            what: p,
        });
    }
    failures
}

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
    let tmp = std::env::temp_dir().join(format!("cudawasm-run-cpu-{}", std::process::id()));
    let mut failures = Vec::new();
    let mut passed = Vec::new();
    let plans = plan_files();
    for path in &plans {
        let name = plan_name(path);
        let started = Instant::now();
        let result = PlanInputs::load(path).and_then(|inputs| {
            let exp = run_reference(&name, &inputs)?;
            Ok((inputs, exp))
        });
        let (inputs, exp) = match result {
            Ok(r) => r,
            Err(e) => {
                failures.push(Failure {
                    plan: name,
                    output: "-".into(),
                    what: e,
                });
                continue;
            }
        };
        let out = tmp.join(&name);
        match run_plan(&bin, path, &out) {
            Err(e) => failures.push(Failure {
                plan: name.clone(),
                output: "(run)".into(),
                what: e,
            }),
            Ok(()) => {
                let f = check_outputs(&name, &inputs, &exp, &out);
                if f.is_empty() {
                    passed.push(format!("{name} ({:.2}s)", started.elapsed().as_secs_f64()));
                }
                failures.extend(f);
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!(
        "{} of {} plans pass: {}",
        passed.len(),
        plans.len(),
        passed.join(", ")
    );
    let failed_plans: BTreeSet<String> = failures.iter().map(|f| f.plan.clone()).collect();
    let w = failures
        .iter()
        .map(|f| f.plan.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let wo = failures
        .iter()
        .map(|f| f.output.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut table = format!("{:w$}  {:wo$}  problem\n", "plan", "output");
    for f in &failures {
        table.push_str(&format!("{:w$}  {:wo$}  {}\n", f.plan, f.output, f.what));
    }
    let known: BTreeSet<&str> = KNOWN_FAILURES.iter().map(|(n, _)| *n).collect();
    let unexpected: Vec<&String> = failed_plans
        .iter()
        .filter(|p| !known.contains(p.as_str()))
        .collect();
    let fixed: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| !failed_plans.contains(*k))
        .collect();
    if !failures.is_empty() {
        eprintln!(
            "{} of {} plans fail on cpu ({} problems):\n{table}",
            failed_plans.len(),
            plans.len(),
            failures.len()
        );
        for (name, why) in KNOWN_FAILURES {
            eprintln!("known failure {name}: {why}");
        }
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "plans failing that are not known failures: {unexpected:?}; known failures that now pass \
         (remove them from KNOWN_FAILURES): {fixed:?}\n{table}"
    );
}
