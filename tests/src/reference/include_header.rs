//! `include_header.cu`: `lerp` and `smoothstep` are a few f32 operations
//! that a back end may contract into fma: within 3 * 2^-24 of the terms'
//! magnitudes (plus the final rounding). Elements outside the range keep
//! their initial values.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `include_header.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("a")?;
    let b: Vec<f32> = p.get("b")?;
    let out0: Vec<f32> = p.get("lerped")?;
    let (begin, end) = match p.plan.launches[0]
        .args
        .get(3)
        .and_then(|v| v.get("fields"))
        .and_then(|f| f.as_array())
    {
        Some(f) if f.len() == 2 => (
            f[0].as_integer().ok_or("begin")? as usize,
            f[1].as_integer().ok_or("end")? as usize,
        ),
        _ => return Err("Range fields".into()),
    };
    let t = p.scalar(0, 4)? as f32;
    let (lv, lm): (Vec<f64>, Vec<f64>) = (0..out0.len())
        .map(|i| {
            if (begin..end).contains(&i) {
                let d = f64::from(b[i] - a[i]);
                let td = f64::from(t) * d;
                (f64::from(a[i]) + td, f64::from(a[i]).abs() + td.abs())
            } else {
                (f64::from(out0[i]), 0.0)
            }
        })
        .unzip();
    let x: Vec<f32> = p.get("x")?;
    let (n, lo, hi) = (
        p.int(1, 2)? as usize,
        p.scalar(1, 3)? as f32,
        p.scalar(1, 4)? as f32,
    );
    let s0: Vec<f32> = p.get("smooth")?;
    let (sv, sm): (Vec<f64>, Vec<f64>) = (0..s0.len())
        .map(|i| {
            if i < n {
                let t = f64::from(((x[i] - lo) / (hi - lo)).clamp(0.0, 1.0));
                (t * t * (3.0 - 2.0 * t), t * t * (3.0 + 2.0 * t))
            } else {
                (f64::from(s0[i]), 0.0)
            }
        })
        .unzip();
    Ok(vec![
        f32_within_mag("lerped", &lv, &lm, 3.0 * U32),
        f32_within_mag("smooth", &sv, &sm, 3.0 * U32),
    ])
}
