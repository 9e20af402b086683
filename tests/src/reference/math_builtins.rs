//! `math_builtins.cu`, against f64 math on the kernel's f32 inputs.
//!
//! - trig_exp: eleven terms, each within 4 ulp (CUDA: sinf/cosf/expf/erff
//!   2, tanf/powf 4, logf 1, sqrtf 0; floorf/ceilf/fmodf exact), plus ten
//!   f32 additions: within 2e-6 of the sum of the terms' magnitudes. The
//!   f32 arguments the kernel computes (`v * 0.25f`, `-v * v`,
//!   `1.0f + fabsf(v)`) are rounded in f32 first, as in the kernel.
//! - polar: hypotf and atan2f within 4 ulp (CUDA: 3); the round trip
//!   `(r cos t, r sin t)` within 2e-6 * r (absolute: cos/sin near zero
//!   inherit the absolute error of theta).
//! - stats_double: within 1e-15 of the terms' magnitudes (CUDA double
//!   exp/log1p/cbrt 1 ulp, pow 2 ulp, sqrt exact).
//! - rounding: round-half-even, truncation, lroundf (half away from zero),
//!   fmaf and __saturatef are all exactly defined: bit-exact.
//! - safe_normalize: components within 4 ulp (rsqrtf 2 ulp, the squared
//!   length and the product one rounding each).

use super::check::{exact, ulp, within, Expected, U32};
use super::plan::PlanInputs;

fn erf(x: f64) -> f64 {
    // erf by its Maclaurin series (|x| <= 3 needs < 60 terms for 1e-17)
    // and the continued fraction of erfc beyond; |x| <= 3 here.
    let mut term = x;
    let mut sum = x;
    let x2 = x * x;
    let mut k = 0.0;
    while term.abs() > 1e-18 * sum.abs().max(1e-300) && k < 200.0 {
        k += 1.0;
        term *= -x2 / k;
        sum += term / (2.0 * k + 1.0);
    }
    sum * 2.0 / std::f64::consts::PI.sqrt()
}

/// Expected outputs of `math_builtins.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let mut trig: Vec<f32> = p.get("trig")?;
    let mut trig_tol = vec![0.0; trig.len()];
    for i in 0..p.int(0, 2)? as usize {
        let v = x[i];
        let d = f64::from(v);
        let terms = [
            f64::from(d.sin() as f32) * f64::from(d.cos() as f32),
            f64::from(v * 0.25).tan(),
            f64::from(-v * v).exp(),
            f64::from(1.0f32 + v.abs()).ln(),
            d.abs().powf(1.5),
            d.abs().sqrt(),
            erf(d),
            f64::from(v % 3.0),
            f64::from(v.floor()),
            -f64::from(v.ceil()),
        ];
        let s: f64 = terms.iter().sum();
        let mag: f64 = terms.iter().map(|t| t.abs()).sum();
        trig[i] = s as f32;
        trig_tol[i] = 2e-6 * mag + 2.0 * U32 * s.abs();
    }

    let xy: Vec<f32> = p.get("xy")?;
    let mut rt: Vec<f32> = p.get("rt")?;
    let mut back: Vec<f32> = p.get("back")?;
    let mut back_tol = vec![0.0; back.len()];
    for i in 0..p.int(1, 3)? as usize {
        let (px, py) = (f64::from(xy[2 * i]), f64::from(xy[2 * i + 1]));
        let r = px.hypot(py);
        let t = py.atan2(px);
        rt[2 * i] = r as f32;
        rt[2 * i + 1] = t as f32;
        back[2 * i] = (r * t.cos()).abs().copysign(px) as f32;
        back[2 * i + 1] = (r * t.sin()) as f32;
        back_tol[2 * i] = 2e-6 * r;
        back_tol[2 * i + 1] = 2e-6 * r;
    }

    let xd: Vec<f64> = p.get("xd")?;
    let mut mean: Vec<f64> = p.get("mean")?;
    let mut norm: Vec<f64> = p.get("norm")?;
    let (mut mt, mut nt) = (vec![0.0; mean.len()], vec![0.0; norm.len()]);
    for i in 0..p.int(2, 3)? as usize {
        let v = xd[i];
        let e = v.exp() - 1.0;
        let l = v.abs().ln_1p();
        mean[i] = 0.5 * (e + l);
        mt[i] = 1e-15 * (v.exp() + 1.0 + l.abs());
        let terms = [(v * v + 1e-12).sqrt(), v.cbrt(), v.abs().powf(0.25)];
        norm[i] = terms.iter().sum();
        nt[i] = 1e-15 * terms.iter().map(|t| t.abs()).sum::<f64>();
    }

    let xr: Vec<f32> = p.get("xr")?;
    let mut r: Vec<i32> = p.get("r")?;
    let mut lr: Vec<i64> = p.get("lr")?;
    let mut sat: Vec<f32> = p.get("sat")?;
    for i in 0..p.int(3, 4)? as usize {
        let v = xr[i];
        let t = v as i32;
        r[i] = (v.round_ties_even() as i32)
            .wrapping_add(t.wrapping_abs())
            .wrapping_add(t.min(7))
            .wrapping_add(t.max(-7));
        lr[i] = v.round() as i64;
        let f = v.mul_add(0.5, 0.5);
        sat[i] = f.clamp(0.0, 1.0)
            + if v.is_nan() || v.is_infinite() {
                1.0
            } else {
                0.0
            };
    }

    let mut v3: Vec<f32> = p.get("v3")?;
    for i in 0..p.int(4, 1)? as usize {
        let a = [
            f64::from(v3[3 * i]),
            f64::from(v3[3 * i + 1]),
            f64::from(v3[3 * i + 2]),
        ];
        let len2 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
        let out = if len2 > 1e-6 {
            let inv = 1.0 / len2.sqrt();
            [a[0] * inv, a[1] * inv, a[2] * inv]
        } else if len2 > 0.0 {
            [0.0, 0.0, 0.0]
        } else {
            [0.0, 0.0, 1.0]
        };
        for k in 0..3 {
            v3[3 * i + k] = out[k] as f32;
        }
    }
    Ok(vec![
        within("trig", trig, trig_tol),
        ulp("rt", rt, 4),
        within("back", back, back_tol),
        within("mean", mean, mt),
        within("norm", norm, nt),
        exact("r", r),
        exact("lr", lr),
        exact("sat", sat),
        ulp("v3", v3, 4),
    ])
}
