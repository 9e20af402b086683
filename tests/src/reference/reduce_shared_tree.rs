//! `reduce_shared_tree.cu`: per-block integer sums (256 per block, 512 per
//! block for reduce3); bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Per-block wrapping sums of `per_block`-element chunks of `x[..n]`.
pub fn block_sums(x: &[i32], n: usize, blocks: usize, per_block: usize) -> Vec<i32> {
    (0..blocks)
        .map(|b| {
            x[(b * per_block).min(n)..((b + 1) * per_block).min(n)]
                .iter()
                .fold(0i32, |a, &v| a.wrapping_add(v))
        })
        .collect()
}

/// Expected outputs of `reduce_shared_tree.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<i32> = p.get("in")?;
    let mut out = Vec::new();
    for (li, name) in ["out0", "out1", "out2", "out3"].iter().enumerate() {
        let l = &p.plan.launches[li];
        let per = l.block[0] as usize * if li == 3 { 2 } else { 1 };
        out.push(exact(
            name,
            block_sums(&x, p.int(li, 2)? as usize, l.grid[0] as usize, per),
        ));
    }
    Ok(out)
}
