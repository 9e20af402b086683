//! `namespaces_constexpr.cu`: scal is one product (bit-exact); axpby
//! `a * x + b * y` may be fused (within 3 * 2^-24 of the terms'
//! magnitudes); smooth8 uses cosf (2 ulp, about 1.2e-7 absolute on the
//! window weight): within 3e-7 of |input| plus the final rounding.

use super::check::{exact, f32_within_mag, within, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `namespaces_constexpr.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let mut scaled: Vec<f32> = p.get("scaled")?;
    let (n, alpha) = (p.int(0, 0)? as usize, p.scalar(0, 1)? as f32);
    for v in scaled.iter_mut().take(n) {
        *v *= alpha;
    }
    let x: Vec<f32> = p.get("x")?;
    let y: Vec<f32> = p.get("y")?;
    let (a, b) = (p.scalar(1, 1)? as f32, p.scalar(1, 3)? as f32);
    let n1 = p.int(1, 0)? as usize;
    let (yv, ym): (Vec<f64>, Vec<f64>) = (0..y.len())
        .map(|i| {
            if i < n1 {
                let (t, u) = (f64::from(a) * f64::from(x[i]), f64::from(b * y[i]));
                (t + u, t.abs() + u.abs())
            } else {
                (f64::from(y[i]), 0.0)
            }
        })
        .unzip();
    let n2 = p.int(2, 2)? as usize;
    let mut sm: Vec<f32> = p.get("smoothed")?;
    let mut tol = vec![0.0; sm.len()];
    let k_pi = 3.141_592_653_589_79_f32;
    for i in 0..n2 {
        let (blk, tid) = (i / 64, i % 64);
        let src = (blk * 64 + (tid + 1) % 64).min(n2 - 1);
        let arg = 2.0f32 * k_pi * tid as f32 / 64.0f32;
        let w = 0.5 * (1.0 - f64::from(arg).cos());
        let v = w * f64::from(x[src]);
        sm[i] = v as f32;
        tol[i] = 3e-7 * f64::from(x[src]).abs() + 2.0 * U32 * v.abs();
    }
    Ok(vec![
        exact("scaled", scaled),
        f32_within_mag("y", &yv, &ym, 3.0 * U32),
        within("smoothed", sm, tol),
    ])
}
