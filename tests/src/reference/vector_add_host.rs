//! `vector_add_host.cu`: `A + B + 0.0f`, exact f32 adds: bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `vector_add_host.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("A")?;
    let b: Vec<f32> = p.get("B")?;
    let mut c: Vec<f32> = p.get("C")?;
    for i in 0..p.int(0, 3)? as usize {
        c[i] = a[i] + b[i] + 0.0;
    }
    Ok(vec![exact("C", c)])
}
