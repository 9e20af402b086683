//! `template_static_recursion.cu`: x^N by N - 1 products plus a sum of the
//! first N inputs (the last add may be fused): within (N + 2) * 2^-24 of
//! |x|^N + sum |x_k|; tree sums of 16 within 16 * 2^-24 of sum |x_k|.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `template_static_recursion.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let xd: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let mut out = Vec::new();
    for (li, (name, n)) in [("p3", 3usize), ("p8", 8usize)].into_iter().enumerate() {
        let count = p.int(li, 2)? as usize;
        let y0: Vec<f32> = p.get(name)?;
        let s: f64 = xd[..n].iter().sum();
        let sm: f64 = xd[..n].iter().map(|v| v.abs()).sum();
        let (v, m): (Vec<f64>, Vec<f64>) = (0..y0.len())
            .map(|i| {
                if i < count {
                    let pw = xd[i].powi(n as i32);
                    (pw + s, pw.abs() + sm)
                } else {
                    (f64::from(y0[i]), 0.0)
                }
            })
            .unzip();
        out.push(f32_within_mag(name, &v, &m, (n as f64 + 2.0) * U32));
    }
    let n = p.int(2, 2)? as usize;
    let t0: Vec<f32> = p.get("t16")?;
    let (v, m): (Vec<f64>, Vec<f64>) = (0..t0.len())
        .map(|i| {
            if i < n / 16 {
                let part = &xd[16 * i..16 * i + 16];
                (
                    part.iter().sum::<f64>(),
                    part.iter().map(|v| v.abs()).sum::<f64>(),
                )
            } else {
                (f64::from(t0[i]), 0.0)
            }
        })
        .unzip();
    out.push(f32_within_mag("t16", &v, &m, 16.0 * U32));
    Ok(out)
}
