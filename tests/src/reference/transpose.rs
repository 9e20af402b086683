//! `transpose.cu`: copies and transposes move values: bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `transpose.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("idata")?;
    let w = (p.plan.launches[0].grid[0] * 32) as usize;
    let t: Vec<f32> = (0..w * w).map(|i| x[(i % w) * w + i / w]).collect();
    Ok(vec![
        exact("copied", x),
        exact("naive", t.clone()),
        exact("coalesced", t.clone()),
        exact("no_conflicts", t),
    ])
}
