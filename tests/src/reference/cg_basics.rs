//! `cg_basics.cu`: integer sums through `thread_block`/tiles and warp votes;
//! all integer, bit-exact (integer adds commute, so the atomics' order does
//! not matter).

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `cg_basics.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let input: Vec<i32> = p.get("input")?;
    let n = p.int(0, 2)? as usize;
    // thread_sum reads int4 i for i < n / 4: the first 4 * (n / 4) ints.
    let total = input[..4 * (n / 4)]
        .iter()
        .fold(0i32, |a, &b| a.wrapping_add(b));
    let s0: Vec<i32> = p.get("sum_block")?;
    let t0: Vec<i32> = p.get("sum_tiles")?;

    let flags: Vec<i32> = p.get("flags")?;
    let nf = p.int(2, 2)? as usize;
    let mut votes: Vec<i32> = p.get("votes")?;
    let threads = (p.plan.launches[2].grid[0] * p.plan.launches[2].block[0]) as usize;
    for w in 0..threads / 32 {
        let f: Vec<bool> = (w * 32..w * 32 + 32)
            .map(|i| i < nf && flags[i] != 0)
            .collect();
        votes[3 * w] = f.iter().filter(|&&b| b).count() as i32;
        votes[3 * w + 1] = i32::from(f.iter().any(|&b| b));
        votes[3 * w + 2] = i32::from(f.iter().all(|&b| b));
    }
    Ok(vec![
        exact("sum_block", vec![s0[0].wrapping_add(total)]),
        exact("sum_tiles", vec![t0[0].wrapping_add(total)]),
        exact("votes", votes),
    ])
}
