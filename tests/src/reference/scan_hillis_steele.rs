//! `scan_hillis_steele.cu`: the exclusive float block scan within 1e-5 of
//! the magnitudes of each prefix's terms; the inclusive warp scans of ints
//! (lanes past n add 0) are bit-exact.

use super::check::{exact, f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::scan_blelloch::exclusive_scan;

/// Expected outputs of `scan_hillis_steele.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f64> = p.get::<f32>("in")?.iter().map(|&v| f64::from(v)).collect();
    let n = p.int(0, 2)? as usize;
    let (v, m) = exclusive_scan(&x[..n]);
    let mut data: Vec<i32> = p.get("data")?;
    let nd = p.int(1, 1)? as usize;
    for w in (0..nd).step_by(32) {
        let mut acc = 0i32;
        for d in data.iter_mut().take(nd).skip(w).take(32) {
            acc = acc.wrapping_add(*d);
            *d = acc;
        }
    }
    Ok(vec![
        f32_within_mag("out", &v, &m, 1e-5),
        exact("data", data),
    ])
}
