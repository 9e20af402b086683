//! `layernorm_welford.cu`: mean and population variance per row in f64;
//! the kernel's Welford updates and merges in f32 err by a few ulp of the
//! mean and the variance: within 2e-5 of (|x - mean| + |mean| + std) *
//! inv_std * |gamma|, plus the final rounding and |beta| terms.

use super::check::{within, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `layernorm_welford.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let g: Vec<f32> = p.get("gamma")?;
    let b: Vec<f32> = p.get("beta")?;
    let (rows, cols, eps) = (
        p.int(0, 4)? as usize,
        p.int(0, 5)? as usize,
        p.scalar(0, 6)? as f32,
    );
    let mut y: Vec<f32> = p.get("y")?;
    let mut tol = vec![0.0; y.len()];
    for r in 0..rows {
        let row: Vec<f64> = x[r * cols..(r + 1) * cols]
            .iter()
            .map(|&v| f64::from(v))
            .collect();
        let mean = row.iter().sum::<f64>() / cols as f64;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / cols as f64;
        let inv = 1.0 / (var + f64::from(eps)).sqrt();
        for c in 0..cols {
            let (gc, bc) = (f64::from(g[c]), f64::from(b[c]));
            let v = (row[c] - mean) * inv * gc + bc;
            y[r * cols + c] = v as f32;
            tol[r * cols + c] =
                2e-5 * ((row[c] - mean).abs() + mean.abs() + var.sqrt()) * inv * gc.abs()
                    + 2.0 * U32 * (v.abs() + bc.abs());
        }
    }
    Ok(vec![within("y", y, tol)])
}
