//! `hotspot.cu` (Rodinia hotspot), one iteration: every cell gets
//! `T + step/Cap * (P + (S + N - 2T)/Ry + (E + W - 2T)/Rx + (80 - T)/Rz)`
//! with edge neighbours clamped to the cell itself. The kernel mixes f32
//! and f64 (`2.0 * T`): within 4 * 2^-24 of the terms' magnitudes.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `hotspot.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let power: Vec<f32> = p.get("power")?;
    let temp: Vec<f32> = p.get("temp")?;
    let (cols, rows) = (p.int(0, 4)? as usize, p.int(0, 5)? as usize);
    let f = |k: usize| -> Result<f32, String> { Ok(p.scalar(0, k)? as f32) };
    let (cap, rx, ry, rz, step) = (f(8)?, f(9)?, f(10)?, f(11)?, f(12)?);
    let sdc = f64::from(step / cap);
    let (rx1, ry1, rz1) = (
        f64::from(1.0 / rx),
        f64::from(1.0 / ry),
        f64::from(1.0 / rz),
    );
    let mut v = vec![0.0; rows * cols];
    let mut m = vec![0.0; rows * cols];
    let t = |y: usize, x: usize| f64::from(temp[y * cols + x]);
    for y in 0..rows {
        for x in 0..cols {
            let c = t(y, x);
            let (n, s) = (t(y.saturating_sub(1), x), t((y + 1).min(rows - 1), x));
            let (w, e) = (t(y, x.saturating_sub(1)), t(y, (x + 1).min(cols - 1)));
            let pw = f64::from(power[y * cols + x]);
            let inner = pw + (s + n - 2.0 * c) * ry1 + (e + w - 2.0 * c) * rx1 + (80.0 - c) * rz1;
            let inner_mag = pw.abs()
                + (s.abs() + n.abs() + 2.0 * c.abs()) * ry1.abs()
                + (e.abs() + w.abs() + 2.0 * c.abs()) * rx1.abs()
                + (80.0 + c.abs()) * rz1.abs();
            v[y * cols + x] = c + sdc * inner;
            m[y * cols + x] = c.abs() + sdc.abs() * inner_mag;
        }
    }
    Ok(vec![f32_within_mag("temp_out", &v, &m, 4.0 * U32)])
}
