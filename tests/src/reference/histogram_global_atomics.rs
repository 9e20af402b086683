//! `histogram_global_atomics.cu`: integer counts (bit-exact). The float bin
//! `(int)((x - lo) * scale)` is replayed with the same f32 operations, so
//! values on bin edges land where the kernel puts them.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `histogram_global_atomics.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let bytes: Vec<u8> = p.get("bytes")?;
    let mut bins: Vec<u32> = p.get("byte_bins")?;
    for &b in &bytes[..p.int(0, 2)? as usize] {
        bins[usize::from(b)] += 1;
    }
    let x: Vec<f32> = p.get("floats")?;
    let mut fb: Vec<u32> = p.get("float_bins")?;
    let (n, lo, hi) = (
        p.int(1, 2)? as usize,
        p.scalar(1, 3)? as f32,
        p.scalar(1, 4)? as f32,
    );
    let scale = 64.0f32 / (hi - lo);
    for &v in &x[..n] {
        let bin = ((v - lo) * scale) as i32;
        fb[bin.clamp(0, 63) as usize] += 1;
    }
    Ok(vec![exact("byte_bins", bins), exact("float_bins", fb)])
}
