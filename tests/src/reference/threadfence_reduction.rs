//! `threadfence_reduction.cu`: out[b] holds block b's grid-stride partial
//! sum, except out[0], which the last block to retire overwrites with the
//! total: within 1e-5 of the sums of |terms|.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `threadfence_reduction.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("in")?;
    let n = p.int(0, 2)? as usize;
    let l = &p.plan.launches[0];
    let (grid, block) = (l.grid[0] as usize, l.block[0] as usize);
    let out0: Vec<f32> = p.get("out")?;
    let mut v: Vec<f64> = out0.iter().map(|&x| f64::from(x)).collect();
    let mut m = vec![0.0; v.len()];
    for vb in v.iter_mut().take(grid) {
        *vb = 0.0;
    }
    for (i, &xi) in x.iter().enumerate().take(n) {
        let b = (i % (grid * block)) / block;
        v[b] += f64::from(xi);
        m[b] += f64::from(xi).abs();
    }
    if grid > 1 {
        v[0] = x[..n].iter().map(|&t| f64::from(t)).sum();
        m[0] = x[..n].iter().map(|&t| f64::from(t).abs()).sum();
    }
    Ok(vec![f32_within_mag("out", &v, &m, 1e-5)])
}
