//! Checking one finished run: each output buffer against the reference's
//! expected values, and `summary.json` against the plan (RUN-PLAN.md).

use crate::reference::check::{compare, Expected};
use crate::reference::plan::PlanInputs;
use crate::reference::values::{ElemType, Values};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::Path;

/// One row of the failure table.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The plan's name.
    pub plan: String,
    /// The output buffer, `summary.json`, `(run)` or `-`.
    pub output: String,
    /// What is wrong.
    pub what: String,
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
pub fn check_summary(inputs: &PlanInputs, out: &Path, backend: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(out.join("summary.json")) {
        Ok(t) => t,
        Err(e) => return vec![format!("summary.json: {e}")],
    };
    let s: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![format!("summary.json is not JSON: {e}")],
    };
    if s["backend"] != backend {
        problems.push(format!("backend is {}, not {backend:?}", s["backend"]));
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
pub fn check_outputs(
    name: &str,
    inputs: &PlanInputs,
    expected: &[Expected],
    out: &Path,
    backend: &str,
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
    for p in check_summary(inputs, out, backend) {
        failures.push(Failure {
            plan: name.into(),
            output: "summary.json".into(),
            what: p,
        });
    }
    failures
}
