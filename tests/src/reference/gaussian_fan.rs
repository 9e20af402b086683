//! `gaussian_fan.cu` (Rodinia gaussian): Fan1/Fan2 replayed in f32 launch
//! by launch (within a launch no thread reads what another writes), with
//! separate multiply and subtract: bit-exact on a back end that does not
//! contract `a -= m * b` into an fma (the CPU back end).

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `gaussian_fan.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let mut a: Vec<f32> = p.get("a")?;
    let mut b: Vec<f32> = p.get("b")?;
    let mut m: Vec<f32> = p.get("m")?;
    for (li, l) in p.plan.launches.iter().enumerate() {
        let size = p.int(li, if l.kernel == "Fan1" { 2 } else { 3 })? as usize;
        let t = p.int(li, if l.kernel == "Fan1" { 3 } else { 5 })? as usize;
        if l.kernel == "Fan1" {
            for x in 0..size - 1 - t {
                m[size * (x + t + 1) + t] = a[size * (x + t + 1) + t] / a[size * t + t];
            }
        } else {
            for x in 0..size - 1 - t {
                for y in 0..size - t {
                    let prod = m[size * (x + 1 + t) + t] * a[size * t + (y + t)];
                    a[size * (x + 1 + t) + (y + t)] -= prod;
                    if y == 0 {
                        let pb = m[size * (x + 1 + t) + (y + t)] * b[t];
                        b[x + 1 + t] -= pb;
                    }
                }
            }
        }
    }
    Ok(vec![exact("m", m), exact("a", a), exact("b", b)])
}
