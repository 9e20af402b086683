//! `pathfinder.cu`: the dynamic programme
//! `next[c] = wall[row][c] + min(prev[c-1], prev[c], prev[c+1])` (missing
//! neighbours at the edges ignored), `iteration` rows per launch; integers,
//! bit-exact. Every column of the destination row is written.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `pathfinder.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let wall: Vec<i32> = p.get("wall")?;
    let mut rows = [p.get::<i32>("r0")?, p.get::<i32>("r1")?];
    for li in 0..p.plan.launches.len() {
        let iteration = p.int(li, 0)? as usize;
        let cols = p.int(li, 4)? as usize;
        let start = p.int(li, 6)? as usize;
        let src =
            usize::from(p.plan.launches[li].args.get(2).and_then(|v| v.as_str()) == Some("@r1"));
        let mut prev = rows[src].clone();
        for i in 0..iteration {
            let row = start + i + 1; // gpuWall is wall + cols
            prev = (0..cols)
                .map(|c| {
                    let mut best = prev[c];
                    if c > 0 {
                        best = best.min(prev[c - 1]);
                    }
                    if c + 1 < cols {
                        best = best.min(prev[c + 1]);
                    }
                    best + wall[row * cols + c]
                })
                .collect();
        }
        rows[1 - src] = prev;
    }
    let [r0, r1] = rows;
    Ok(vec![exact("r0", r0), exact("r1", r1)])
}
