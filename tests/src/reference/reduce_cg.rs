//! `reduce_cg.cu`: the float sum (grid-stride, tile reductions, atomics in
//! an unknown order) within 1e-5 of the sum of |terms|; block maxima are
//! order-independent: bit-exact.

use super::check::{exact, f32_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `reduce_cg.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("in")?;
    let n = p.int(0, 2)? as usize;
    let s0: Vec<f32> = p.get("sum")?;
    let s = f64::from(s0[0]) + x[..n].iter().map(|&v| f64::from(v)).sum::<f64>();
    let m = f64::from(s0[0]).abs() + x[..n].iter().map(|&v| f64::from(v).abs()).sum::<f64>();
    let nm = p.int(1, 2)? as usize;
    let bs = p.plan.launches[1].block[0] as usize;
    let mut maxes: Vec<f32> = p.get("max")?;
    for (b, out) in maxes.iter_mut().enumerate() {
        let part = &x[(b * bs).min(nm)..((b + 1) * bs).min(nm)];
        *out = part.iter().copied().fold(-3.402_823_466e38_f32, f32::max);
    }
    Ok(vec![
        f32_within_mag("sum", &[s], &[m], 1e-5),
        exact("max", maxes),
    ])
}
