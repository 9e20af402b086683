//! `sgemm_tiled.cu`: C = alpha A B + beta C with K = 100 terms per dot
//! product in tile order (possibly fused): within 1e-5 of the terms'
//! magnitudes.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::polybench::dot;

/// Expected outputs of `sgemm_tiled.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let (m, n, k) = (
        p.int(0, 0)? as usize,
        p.int(0, 1)? as usize,
        p.int(0, 2)? as usize,
    );
    let (alpha, beta) = (
        f64::from(p.scalar(0, 3)? as f32),
        f64::from(p.scalar(0, 6)? as f32),
    );
    let a: Vec<f32> = p.get("A")?;
    let b: Vec<f32> = p.get("B")?;
    let c: Vec<f32> = p.get("C")?;
    let mut v: Vec<f64> = c.iter().map(|&x| f64::from(x)).collect();
    let mut mag = vec![0.0; c.len()];
    for r in 0..m {
        for col in 0..n {
            let (s, sm) = dot(k, |t| f64::from(a[r * k + t]) * f64::from(b[t * n + col]));
            let c0 = beta * f64::from(c[r * n + col]);
            v[r * n + col] = alpha * s + c0;
            mag[r * n + col] = alpha.abs() * sm + c0.abs();
        }
    }
    Ok(vec![f32_within_mag("C", &v, &mag, 1e-5)])
}
