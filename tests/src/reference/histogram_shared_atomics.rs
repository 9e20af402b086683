//! `histogram_shared_atomics.cu`: the histogram is integer counts
//! (bit-exact). ring_push: each nonzero value gets a distinct slot from
//! atomicInc (no wrap-around with fewer than 1024 pushes), in an order the
//! atomics decide: the first K slots are compared as a multiset, the rest
//! must keep their initial value.

use super::check::{Check, Expected};
use super::plan::PlanInputs;
use super::values::Values;

/// Expected outputs of `histogram_shared_atomics.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let data: Vec<u8> = p.get("data")?;
    let mut hist: Vec<u32> = p.get("hist")?;
    for &b in &data[..4 * p.int(0, 2)? as usize] {
        hist[usize::from(b)] += 1;
    }
    let values: Vec<i32> = p.get("values")?;
    let mut ring: Vec<i32> = p.get("ring")?;
    let pushed: Vec<i32> = values[..p.int(1, 2)? as usize]
        .iter()
        .copied()
        .filter(|&v| v != 0)
        .collect();
    if pushed.len() >= ring.len() {
        return Err("the plan pushes enough values to wrap the ring".into());
    }
    ring[..pushed.len()].copy_from_slice(&pushed);
    Ok(vec![
        super::check::exact("hist", hist),
        Expected {
            buffer: "ring".into(),
            values: Values::I32(ring),
            check: Check::SortedPrefix(pushed.len()),
        },
    ])
}
