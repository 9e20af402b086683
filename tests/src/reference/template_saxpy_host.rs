//! `template_saxpy_host.cu`: axpy may be fused (within 2 unit roundoffs of
//! the terms' magnitudes, f32 and f64); scale_items is one product:
//! bit-exact (floats and ints).

use super::check::{exact, f32_within_mag, f64_within_mag, Expected, U32, U64};
use super::plan::PlanInputs;

/// Expected outputs of `template_saxpy_host.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let xf: Vec<f32> = p.get("xf")?;
    let yf: Vec<f32> = p.get("yf")?;
    let (n, a) = (p.int(0, 0)? as usize, f64::from(p.scalar(0, 1)? as f32));
    let (fv, fm): (Vec<f64>, Vec<f64>) = (0..yf.len())
        .map(|i| {
            let y = f64::from(yf[i]);
            if i < n {
                let t = a * f64::from(xf[i]);
                (t + y, t.abs() + y.abs())
            } else {
                (y, 0.0)
            }
        })
        .unzip();
    let xd: Vec<f64> = p.get("xd")?;
    let yd: Vec<f64> = p.get("yd")?;
    let (nd, ad) = (p.int(1, 0)? as usize, p.scalar(1, 1)?);
    let (dv, dm): (Vec<f64>, Vec<f64>) = (0..yd.len())
        .map(|i| {
            if i < nd {
                (ad * xd[i] + yd[i], (ad * xd[i]).abs() + yd[i].abs())
            } else {
                (yd[i], 0.0)
            }
        })
        .unzip();
    let mut items_f: Vec<f32> = p.get("items_f")?;
    let (ff, nf) = (p.scalar(2, 1)? as f32, p.int(2, 2)? as usize);
    for v in items_f.iter_mut().take(nf) {
        *v *= ff;
    }
    let mut items_i: Vec<i32> = p.get("items_i")?;
    let (fi, ni) = (p.int(3, 1)? as i32, p.int(3, 2)? as usize);
    for v in items_i.iter_mut().take(ni) {
        *v = v.wrapping_mul(fi);
    }
    Ok(vec![
        f32_within_mag("yf", &fv, &fm, 2.0 * U32),
        f64_within_mag("yd", &dv, &dm, 2.0 * U64),
        exact("items_f", items_f),
        exact("items_i", items_i),
    ])
}
