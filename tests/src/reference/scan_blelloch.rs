//! `scan_blelloch.cu`: an exclusive scan of the whole array (block scans,
//! scan of the block sums, uniform add). Each output is a sum of up to 1023
//! floats in tree order: within 1e-5 of the sum of the magnitudes of its
//! terms; the block sums and their scan likewise.

use super::check::{f32_within_mag, Expected};
use super::plan::PlanInputs;

/// Exclusive prefix sums of `x` in f64 with their magnitudes.
pub fn exclusive_scan(x: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (mut s, mut m) = (0.0, 0.0);
    x.iter()
        .map(|&v| {
            let r = (s, m);
            s += v;
            m += v.abs();
            r
        })
        .unzip()
}

/// Expected outputs of `scan_blelloch.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f64> = p.get::<f32>("in")?.iter().map(|&v| f64::from(v)).collect();
    let per = p.int(0, 3)? as usize;
    let blocks = p.plan.launches[0].grid[0] as usize;
    let (ov, om) = exclusive_scan(&x[..per * blocks]);
    let (bv, bm): (Vec<f64>, Vec<f64>) = (0..blocks)
        .map(|b| {
            let part = &x[b * per..(b + 1) * per];
            (
                part.iter().sum::<f64>(),
                part.iter().map(|v| v.abs()).sum::<f64>(),
            )
        })
        .unzip();
    let (sv, sm) = exclusive_scan(&bv);
    let total: f64 = bv.iter().sum();
    let tmag: f64 = bm.iter().sum();
    Ok(vec![
        f32_within_mag("out", &ov, &om, 1e-5),
        f32_within_mag("block_sums", &bv, &bm, 1e-5),
        f32_within_mag(
            "scanned_sums",
            &sv,
            &sm.iter().map(|m| m + tmag).collect::<Vec<_>>(),
            1e-5,
        ),
        f32_within_mag("total", &[total], &[tmag], 1e-5),
    ])
}
