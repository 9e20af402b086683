//! `atomic_cas_loops.cu`: the float max through CAS is order-independent and
//! so bit-exact; the double CAS sum adds in an unknown order: within
//! 1e-12 * sum|terms| (a 4096-term f64 sum errs by at most 4096 * 2^-53 of
//! it, about 4.5e-13).

use super::check::{exact, f64_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `atomic_cas_loops.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("in_f32")?;
    let m0: Vec<f32> = p.get("max_out")?;
    let max = x.iter().fold(m0[0], |m, &v| if v > m { v } else { m });

    let d: Vec<f64> = p.get("in_f64")?;
    let s0: Vec<f64> = p.get("sum_out")?;
    let sum = s0[0] + d.iter().sum::<f64>();
    let mag = s0[0].abs() + d.iter().map(|v| v.abs()).sum::<f64>();
    Ok(vec![
        exact("max_out", vec![max]),
        f64_within_mag("sum_out", &[sum], &[mag], 1e-12),
    ])
}
