//! `polybench_bicg.cu`: 4096-term sums (possibly fused) over the first 64
//! columns (s) and rows (q): within 1e-5 of the terms' magnitudes; the
//! entries not launched keep their initial values exactly.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

const N: usize = 4096;

/// Expected outputs of `polybench_bicg.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("A")?;
    let r: Vec<f32> = p.get("r")?;
    let pv: Vec<f32> = p.get("p")?;
    let threads = |li: usize| (p.plan.launches[li].grid[0] * p.plan.launches[li].block[0]) as usize;
    let s0: Vec<f32> = p.get("s")?;
    let q0: Vec<f32> = p.get("q")?;
    let (ts, tq) = (threads(0).min(N), threads(1).min(N));
    let (sv, sm): (Vec<f64>, Vec<f64>) = (0..N)
        .map(|j| {
            if j < ts {
                dot(N, |i| f64::from(r[i]) * f64::from(a[i * N + j]))
            } else {
                (f64::from(s0[j]), 0.0)
            }
        })
        .unzip();
    let (qv, qm): (Vec<f64>, Vec<f64>) = (0..N)
        .map(|i| {
            if i < tq {
                dot(N, |j| f64::from(a[i * N + j]) * f64::from(pv[j]))
            } else {
                (f64::from(q0[i]), 0.0)
            }
        })
        .unzip();
    Ok(vec![
        f32_within_mag("s", &sv, &sm, 1e-5),
        f32_within_mag("q", &qv, &qm, 1e-5),
    ])
}
