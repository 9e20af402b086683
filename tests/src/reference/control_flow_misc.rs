//! `control_flow_misc.cu`: Collatz step counts and first-negative column
//! indices are integers: bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

fn collatz(mut v: u64) -> i32 {
    let mut steps = 0;
    while v > 1 {
        v = if v & 1 == 1 { 3 * v + 1 } else { v / 2 };
        steps += 1;
        if steps > 10000 {
            return -1;
        }
    }
    steps
}

/// Expected outputs of `control_flow_misc.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let mut steps: Vec<i32> = p.get("steps")?;
    for (i, s) in steps.iter_mut().enumerate().take(p.int(0, 1)? as usize) {
        *s = collatz(i as u64 + 1);
    }
    let m: Vec<f32> = p.get("m")?;
    let (rows, cols) = (p.int(1, 2)? as usize, p.int(1, 3)? as usize);
    let mut pos: Vec<i32> = p.get("pos")?;
    for (r, out) in pos.iter_mut().enumerate().take(rows) {
        *out = m[r * cols..(r + 1) * cols]
            .iter()
            .position(|&v| v < 0.0)
            .map_or(-1, |c| c as i32);
    }
    Ok(vec![exact("steps", steps), exact("pos", pos)])
}
