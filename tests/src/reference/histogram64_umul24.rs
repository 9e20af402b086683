//! `histogram64_umul24.cu`: per-block 64-bin histograms of the top 6 bits
//! of every byte, and their merge: integer counts, bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `histogram64_umul24.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let data: Vec<u32> = p.get("data")?;
    let count = p.int(0, 2)? as usize;
    let l = &p.plan.launches[0];
    let (grid, block) = (l.grid[0] as usize, l.block[0] as usize);
    let mut partial: Vec<u32> = p.get("partial")?;
    for b in 0..grid {
        partial[b * 64..(b + 1) * 64].fill(0);
    }
    for pos in 0..count {
        let b = (pos % (grid * block)) / block;
        for &word in &data[4 * pos..4 * pos + 4] {
            for shift in [2, 10, 18, 26] {
                partial[b * 64 + ((word >> shift) & 0x3F) as usize] += 1;
            }
        }
    }
    let mut hist: Vec<u32> = p.get("hist")?;
    let nh = p.int(1, 2)? as usize;
    for (bin, h) in hist.iter_mut().enumerate() {
        *h = (0..nh).map(|k| partial[bin + k * 64]).sum();
    }
    Ok(vec![exact("partial", partial), exact("hist", hist)])
}
