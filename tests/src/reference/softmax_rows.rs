//! `softmax_rows.cu`: exp(x - max) / sum in f64; the kernel's __expf in the
//! sum (at most 2 + floor(1.173 * 6) = 9 ulp for arguments in [-6, 0]),
//! expf (2 ulp) and two roundings: within a relative 4e-6.

use super::check::{within, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `softmax_rows.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let mut out = Vec::new();
    for (li, name) in ["y128", "y256"].iter().enumerate() {
        let cols = p.int(li, 2)? as usize;
        let rows = p.plan.launches[li].grid[0] as usize;
        let mut y: Vec<f32> = p.get(name)?;
        let mut tol = vec![0.0; y.len()];
        for r in 0..rows {
            let row: Vec<f64> = x[r * cols..(r + 1) * cols]
                .iter()
                .map(|&v| f64::from(v))
                .collect();
            let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let s: f64 = row.iter().map(|v| (v - m).exp()).sum();
            for c in 0..cols {
                let v = (row[c] - m).exp() / s;
                y[r * cols + c] = v as f32;
                tol[r * cols + c] = 4e-6 * v;
            }
        }
        out.push(within(name, y, tol));
    }
    Ok(out)
}
