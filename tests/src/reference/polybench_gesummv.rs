//! `polybench_gesummv.cu` in double: two 4096-term sums per row
//! (accumulated in global memory, possibly fused): within 1e-12 of the
//! terms' magnitudes; rows not launched keep their initial values.

use super::check::{f64_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

const N: usize = 4096;

/// Expected outputs of `polybench_gesummv.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f64> = p.get("a")?;
    let b: Vec<f64> = p.get("b")?;
    let x: Vec<f64> = p.get("x")?;
    let y0: Vec<f64> = p.get("y")?;
    let t0: Vec<f64> = p.get("tmp")?;
    let (alpha, beta) = (p.scalar(0, 0)?, p.scalar(0, 1)?);
    let rows = (p.plan.launches[0].grid[0] * p.plan.launches[0].block[0]) as usize;
    let (mut yv, mut ym) = (y0.clone(), vec![0.0; N]);
    let (mut tv, mut tm) = (t0.clone(), vec![0.0; N]);
    for i in 0..rows.min(N) {
        let (ts, tmag) = dot(N, |j| a[i * N + j] * x[j]);
        let (ys, ymag) = dot(N, |j| b[i * N + j] * x[j]);
        tv[i] = t0[i] + ts;
        tm[i] = t0[i].abs() + tmag;
        let yy = y0[i] + ys;
        yv[i] = alpha * tv[i] + beta * yy;
        ym[i] = alpha.abs() * tm[i] + beta.abs() * (y0[i].abs() + ymag);
    }
    Ok(vec![
        f64_within_mag("y", &yv, &ym, 1e-12),
        f64_within_mag("tmp", &tv, &tm, 1e-12),
    ])
}
