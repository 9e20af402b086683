//! `stream_triad_host.cu`: copy, scale (by the `__device__` scalar 3.0) and
//! add are one exact f32 operation each (bit-exact); the triad
//! `b + 3 * c` may be fused: within 2 * 2^-24 of the terms' magnitudes.

use super::check::{exact, f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `stream_triad_host.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a0: Vec<f32> = p.get("a")?;
    let n = p.int(0, 2)? as usize;
    let mut c: Vec<f32> = p.get("c")?;
    let mut b: Vec<f32> = p.get("b")?;
    c[..n].copy_from_slice(&a0[..n]);
    for i in 0..n {
        b[i] = 3.0 * c[i];
        c[i] = a0[i] + b[i];
    }
    let scalar = f64::from(p.scalar(3, 3)? as f32);
    let (av, am): (Vec<f64>, Vec<f64>) = (0..a0.len())
        .map(|i| {
            if i < n {
                let t = scalar * f64::from(c[i]);
                (f64::from(b[i]) + t, f64::from(b[i]).abs() + t.abs())
            } else {
                (f64::from(a0[i]), 0.0)
            }
        })
        .unzip();
    Ok(vec![
        f32_within_mag("a", &av, &am, 2.0 * U32),
        exact("b", b),
        exact("c", c),
    ])
}
