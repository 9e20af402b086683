//! `dynamic_shared_template.cu`: per-block tree sums. Floats: the reference
//! sums in f64; the f32 tree of 256 terms is within 1e-5 of the sum of the
//! terms' magnitudes (f64: 1e-13). Ints: bit-exact. two_arrays_dyn is one
//! f32 product per element: bit-exact.

use super::check::{exact, f32_within_mag, f64_within_mag, Expected};
use super::plan::PlanInputs;

fn block_sums(v: &[f64], n: usize, blocks: usize, bs: usize) -> (Vec<f64>, Vec<f64>) {
    (0..blocks)
        .map(|b| {
            let part = &v[(b * bs).min(n)..((b + 1) * bs).min(n)];
            (
                part.iter().sum::<f64>(),
                part.iter().map(|x| x.abs()).sum::<f64>(),
            )
        })
        .unzip()
}

/// Expected outputs of `dynamic_shared_template.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let n = p.int(0, 2)? as usize;
    let (blocks, bs) = (
        p.plan.launches[0].grid[0] as usize,
        p.plan.launches[0].block[0] as usize,
    );
    let f: Vec<f64> = p
        .get::<f32>("in_f32")?
        .iter()
        .map(|&x| f64::from(x))
        .collect();
    let (fs, fm) = block_sums(&f, n, blocks, bs);
    let d: Vec<f64> = p.get("in_f64")?;
    let (ds, dm) = block_sums(&d, n, blocks, bs);
    let ints: Vec<i32> = p.get("in_i32")?;
    let isums: Vec<i32> = (0..blocks)
        .map(|b| {
            ints[(b * bs).min(n)..((b + 1) * bs).min(n)]
                .iter()
                .fold(0i32, |a, &x| a.wrapping_add(x))
        })
        .collect();

    let a: Vec<f32> = p.get("in_f32")?;
    let bi: Vec<i32> = p.get("b_i32")?;
    let mut out: Vec<f32> = p.get("two_out")?;
    let n2 = p.int(3, 3)? as usize;
    let bs2 = p.plan.launches[3].block[0] as usize;
    for (i, o) in out.iter_mut().enumerate().take(n2) {
        let (blk, t) = (i / bs2, i % bs2);
        let src = blk * bs2 + (bs2 - 1 - t);
        *o = if src < n2 {
            a[src] * bi[src] as f32
        } else {
            0.0 * 0.0
        };
    }
    Ok(vec![
        f32_within_mag("out_f32", &fs, &fm, 1e-5),
        f64_within_mag("out_f64", &ds, &dm, 1e-13),
        exact("out_i32", isums),
        exact("two_out", out),
    ])
}
