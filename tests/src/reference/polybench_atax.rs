//! `polybench_atax.cu`: tmp = A x then y = A^T tmp, 128-term sums (possibly
//! fused): within 1e-5 (tmp) and 2e-5 (y, which carries tmp's error) of the
//! terms' magnitudes.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

/// Expected outputs of `polybench_atax.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("A")?;
    let x: Vec<f32> = p.get("x")?;
    let t0: Vec<f32> = p.get("tmp")?;
    let y0: Vec<f32> = p.get("y")?;
    let n = x.len();
    let (tv, tm): (Vec<f64>, Vec<f64>) = (0..n)
        .map(|i| {
            let (s, m) = dot(n, |j| f64::from(a[i * n + j]) * f64::from(x[j]));
            (f64::from(t0[i]) + s, f64::from(t0[i]).abs() + m)
        })
        .unzip();
    let (yv, ym): (Vec<f64>, Vec<f64>) = (0..n)
        .map(|j| {
            let (s, _) = dot(n, |i| f64::from(a[i * n + j]) * tv[i]);
            let (_, m) = dot(n, |i| f64::from(a[i * n + j]) * tm[i]);
            (f64::from(y0[j]) + s, f64::from(y0[j]).abs() + m)
        })
        .unzip();
    Ok(vec![
        f32_within_mag("tmp", &tv, &tm, 1e-5),
        f32_within_mag("y", &yv, &ym, 2e-5),
    ])
}
