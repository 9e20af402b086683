//! `reduce_warp_shuffle.cu`: block sums of a grid-stride partition (each
//! block owns the elements i with (i mod (grid * block)) / block == b) and
//! one atomic total: floats in an order the kernel sets, within 1e-5 of the
//! sum of |terms|.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `reduce_warp_shuffle.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("in")?;
    let l = &p.plan.launches[0];
    let (grid, block) = (l.grid[0] as usize, l.block[0] as usize);
    let n = p.int(0, 2)? as usize;
    let mut v = vec![0.0f64; grid];
    let mut m = vec![0.0f64; grid];
    for (i, &xi) in x.iter().enumerate().take(n) {
        let b = (i % (grid * block)) / block;
        v[b] += f64::from(xi);
        m[b] += f64::from(xi).abs();
    }
    let n2 = p.int(1, 2)? as usize;
    let t0: Vec<f32> = p.get("total")?;
    let t = f64::from(t0[0]) + x[..n2].iter().map(|&v| f64::from(v)).sum::<f64>();
    let tm = f64::from(t0[0]).abs() + x[..n2].iter().map(|&v| f64::from(v).abs()).sum::<f64>();
    Ok(vec![
        f32_within_mag("block_sums", &v, &m, 1e-5),
        f32_within_mag("total", &[t], &[tm], 1e-5),
    ])
}
