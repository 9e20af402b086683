//! `warp_aggregation.cu`: both compactions write every positive value once,
//! at slots the atomics order: the first K slots are compared as a
//! multiset, the rest must stay 0, and the counts are exact. Block votes
//! are integers: bit-exact.

use super::check::{exact, Check, Expected};
use super::plan::PlanInputs;
use super::values::Values;

/// Expected outputs of `warp_aggregation.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let src: Vec<i32> = p.get("src")?;
    let mut out = Vec::new();
    for (li, (dst, cnt)) in [("dst_agg", "n_agg"), ("dst_ballot", "n_ballot")]
        .into_iter()
        .enumerate()
    {
        let n = p.int(li, 3)? as usize;
        let pos: Vec<i32> = src[..n].iter().copied().filter(|&v| v > 0).collect();
        let mut d: Vec<i32> = p.get(dst)?;
        d[..pos.len()].copy_from_slice(&pos);
        let c0: Vec<i32> = p.get(cnt)?;
        out.push(Expected {
            buffer: dst.into(),
            values: Values::I32(d),
            check: Check::SortedPrefix(pos.len()),
        });
        out.push(exact(cnt, vec![c0[0] + pos.len() as i32]));
    }
    let x: Vec<f32> = p.get("x")?;
    let n = p.int(2, 4)? as usize;
    let l = &p.plan.launches[2];
    let (grid, bs) = (l.grid[0] as usize, l.block[0] as usize);
    let (mut counts, mut all, mut any) = (
        p.get::<i32>("block_counts")?,
        p.get::<i32>("all_positive")?,
        p.get::<i32>("any_positive")?,
    );
    for b in 0..grid {
        let preds: Vec<bool> = (b * bs..(b + 1) * bs)
            .map(|i| i < n && x[i] > 0.0)
            .collect();
        counts[b] = preds.iter().filter(|&&v| v).count() as i32;
        all[b] = i32::from(preds.iter().all(|&v| v));
        any[b] = i32::from(preds.iter().any(|&v| v));
    }
    out.push(exact("block_counts", counts));
    out.push(exact("all_positive", all));
    out.push(exact("any_positive", any));
    Ok(out)
}
