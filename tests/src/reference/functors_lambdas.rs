//! `functors_lambdas.cu`: `x * x` and `-x` are single exact operations
//! (bit-exact); `a * x + b` and `scale * v * v + max(v, 0)` may be fused
//! into an fma by a back end: within 2^-23 of the terms' magnitudes.

use super::check::{exact, f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `functors_lambdas.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("xf")?;
    let n = p.int(0, 2)? as usize;
    let mut sq: Vec<f32> = p.get("squares")?;
    for i in 0..n {
        sq[i] = x[i] * x[i];
    }
    let (a, b) = match p.plan.launches[1]
        .args
        .get(3)
        .and_then(|v| v.get("fields"))
        .and_then(|f| f.as_array())
    {
        Some(f) if f.len() == 2 => (
            f[0].as_float().ok_or("affine a")? as f32,
            f[1].as_float().ok_or("affine b")? as f32,
        ),
        _ => return Err("affine_op fields".into()),
    };
    let (av, am): (Vec<f64>, Vec<f64>) = x
        .iter()
        .map(|&v| {
            let t = f64::from(a) * f64::from(v);
            (t + f64::from(b), t.abs() + f64::from(b).abs())
        })
        .unzip();
    let xi: Vec<i32> = p.get("xi")?;
    let neg: Vec<i32> = xi.iter().map(|v| v.wrapping_neg()).collect();
    let scale = p.scalar(3, 3)? as f32;
    let (lv, lm): (Vec<f64>, Vec<f64>) = x
        .iter()
        .map(|&v| {
            let t = f64::from(scale * v) * f64::from(v);
            let m = f64::from(v.max(0.0));
            (t + m, t.abs() + m)
        })
        .unzip();
    Ok(vec![
        exact("squares", sq),
        f32_within_mag("affine", &av, &am, 2.0 * U32),
        exact("negated", neg),
        f32_within_mag("lambda_y", &lv, &lm, 3.0 * U32),
    ])
}
