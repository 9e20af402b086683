//! `spmv_csr.cu`: each row is a short sum (a different order in the warp
//! kernel, possibly fused): within 1e-5 of the terms' magnitudes.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `spmv_csr.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let rows = p.int(0, 0)? as usize;
    let row_ptr: Vec<i32> = p.get("row_ptr")?;
    let col: Vec<i32> = p.get("col_idx")?;
    let vals: Vec<f32> = p.get("vals")?;
    let x: Vec<f32> = p.get("x")?;
    let (v, m): (Vec<f64>, Vec<f64>) = (0..rows)
        .map(|r| {
            (row_ptr[r] as usize..row_ptr[r + 1] as usize).fold((0.0, 0.0), |(s, m), jj| {
                let t = f64::from(vals[jj]) * f64::from(x[col[jj] as usize]);
                (s + t, m + t.abs())
            })
        })
        .unzip();
    Ok(vec![
        f32_within_mag("y_scalar", &v, &m, 1e-5),
        f32_within_mag("y_vector", &v, &m, 1e-5),
    ])
}
