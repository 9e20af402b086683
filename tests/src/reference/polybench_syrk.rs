//! `polybench_syrk.cu`: C = beta C + sum_k alpha a[i][k] a[j][k] with the
//! macro constants alpha = 12435 and beta = 4546, 1024 terms accumulated
//! in global memory (possibly fused): within 1e-5 of the terms'
//! magnitudes; entries not launched keep their initial values.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

const M: usize = 1024;
const N: usize = 1024;

/// Expected outputs of `polybench_syrk.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("a")?;
    let c0: Vec<f32> = p.get("c")?;
    let l = &p.plan.launches[0];
    let (cols, rows) = (
        (l.grid[0] * l.block[0]) as usize,
        (l.grid[1] * l.block[1]) as usize,
    );
    let (alpha, beta) = (12435.0f64, 4546.0f64);
    let mut v: Vec<f64> = c0.iter().map(|&x| f64::from(x)).collect();
    let mut m = vec![0.0; c0.len()];
    for i in 0..rows {
        for j in 0..cols {
            let c = beta * f64::from(c0[i * N + j]);
            let (s, mag) = dot(M, |k| {
                alpha * f64::from(a[i * M + k]) * f64::from(a[j * M + k])
            });
            v[i * N + j] = c + s;
            m[i * N + j] = c.abs() + mag;
        }
    }
    Ok(vec![f32_within_mag("c", &v, &m, 1e-5)])
}
