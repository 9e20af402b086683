//! `kmeans_distance.cu`: invert_mapping is a permutation (bit-exact).
//! kmeansPoint with all-zero centres (plans cannot set `__constant__`
//! memory): each point's distance to every centre is the same f32 sum, so
//! the strict `<` keeps cluster 0; membership and deltas are integers,
//! bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `kmeans_distance.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let pts: Vec<f32> = p.get("points")?;
    let (np, nf) = (p.int(0, 2)? as usize, p.int(0, 3)? as usize);
    let mut feat: Vec<f32> = p.get("features")?;
    for pt in 0..np {
        for f in 0..nf {
            feat[pt + np * f] = pts[pt * nf + f];
        }
    }
    let mut member: Vec<i32> = p.get("membership")?;
    let mut deltas: Vec<i32> = p.get("block_deltas")?;
    let npoints = p.int(1, 2)? as usize;
    let l = &p.plan.launches[1];
    let per_block = (l.block[0] * l.block.get(1).copied().unwrap_or(1)) as usize;
    for (pt, m) in member.iter_mut().enumerate().take(npoints) {
        if *m != 0 {
            deltas[pt / per_block] += 1;
        }
        *m = 0;
    }
    Ok(vec![
        exact("features", feat),
        exact("membership", member),
        exact("block_deltas", deltas),
    ])
}
