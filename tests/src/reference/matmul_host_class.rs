//! `matmul_host_class.cu`: 64-term dot products in tile order (and possibly
//! fused): within 1e-5 of the sum of the terms' magnitudes.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;

/// `C = A * B` for square `n x n` row-major matrices, in f64, with the
/// magnitude of each sum.
pub fn matmul(a: &[f32], b: &[f32], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; n * n];
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            for k in 0..n {
                let t = f64::from(a[i * n + k]) * f64::from(b[k * n + j]);
                v[i * n + j] += t;
                m[i * n + j] += t.abs();
            }
        }
    }
    (v, m)
}

/// Expected outputs of `matmul_host_class.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("A")?;
    let b: Vec<f32> = p.get("B")?;
    let n = p.int(0, 3)? as usize;
    let (v, m) = matmul(&a, &b, n);
    Ok(vec![
        f32_within_mag("C16", &v, &m, 1e-5),
        f32_within_mag("C32", &v, &m, 1e-5),
    ])
}
