//! `soa_struct_pointers.cu`: the table holds `sqrtf(i)` (correctly rounded)
//! written by one launch and read by the next: bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `soa_struct_pointers.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let keys: Vec<u8> = p.get("keys")?;
    let mut out: Vec<f32> = p.get("out")?;
    for (li, l) in p.plan.launches.iter().enumerate() {
        if l.kernel == "table_lookup" && p.int(li, 3)? == 0 {
            for i in 0..p.int(li, 2)? as usize {
                out[i] = f32::from(keys[i]).sqrt();
            }
        }
    }
    Ok(vec![exact("out", out)])
}
