//! `polybench_2mm.cu`: tmp = alpha A B and D = beta D + tmp C, 64-term sums
//! accumulated in global memory (possibly fused): within 1e-5 of the terms'
//! magnitudes; D's magnitude carries tmp's (tmp's own error is within 1e-5
//! of its magnitude).

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

/// Expected outputs of `polybench_2mm.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let (a, b, c, d): (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) =
        (p.get("A")?, p.get("B")?, p.get("C")?, p.get("D")?);
    let n = 64;
    let (alpha, beta) = (
        f64::from(p.scalar(0, 0)? as f32),
        f64::from(p.scalar(1, 0)? as f32),
    );
    let mut tv = vec![0.0; n * n];
    let mut tm = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let (s, m) = dot(n, |k| {
                alpha * f64::from(a[i * n + k]) * f64::from(b[k * n + j])
            });
            tv[i * n + j] = s;
            tm[i * n + j] = m;
        }
    }
    let mut dv = vec![0.0; n * n];
    let mut dm = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let d0 = beta * f64::from(d[i * n + j]);
            let (s, _) = dot(n, |k| tv[i * n + k] * f64::from(c[k * n + j]));
            let (_, m) = dot(n, |k| tm[i * n + k] * f64::from(c[k * n + j]));
            dv[i * n + j] = d0 + s;
            dm[i * n + j] = d0.abs() + m;
        }
    }
    Ok(vec![
        f32_within_mag("tmp", &tv, &tm, 1e-5),
        f32_within_mag("D", &dv, &dm, 2e-5),
    ])
}
