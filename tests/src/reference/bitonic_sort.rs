//! `bitonic_sort.cu`: the shared-memory key/value network is replayed stage
//! by stage (the pairs of one stage are disjoint, so their order does not
//! matter), which also fixes where equal keys put their values; the global
//! network sorts floats ascending. Bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

const LIMIT: usize = 1024;

fn comparator(key: &mut [u32], val: &mut [u32], a: usize, b: usize, dir: u32) {
    if u32::from(key[a] > key[b]) == dir {
        key.swap(a, b);
        val.swap(a, b);
    }
}

/// Expected outputs of `bitonic_sort.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let keys: Vec<u32> = p.get("src_key")?;
    let vals: Vec<u32> = p.get("src_val")?;
    let array_length = p.int(0, 4)? as usize;
    let dir = p.int(0, 5)? as u32;
    let blocks = p.plan.launches[0].grid[0] as usize;
    let mut dst_key: Vec<u32> = p.get("dst_key")?;
    let mut dst_val: Vec<u32> = p.get("dst_val")?;
    let threads = LIMIT / 2;
    for b in 0..blocks {
        let mut k = keys[b * LIMIT..(b + 1) * LIMIT].to_vec();
        let mut v = vals[b * LIMIT..(b + 1) * LIMIT].to_vec();
        let mut size = 2;
        while size < array_length {
            let mut stride = size / 2;
            while stride > 0 {
                for t in 0..threads {
                    let ddd = dir ^ u32::from((t & (size / 2)) != 0);
                    let pos = 2 * t - (t & (stride - 1));
                    comparator(&mut k, &mut v, pos, pos + stride, ddd);
                }
                stride >>= 1;
            }
            size <<= 1;
        }
        let mut stride = array_length / 2;
        while stride > 0 {
            for t in 0..threads {
                let pos = 2 * t - (t & (stride - 1));
                comparator(&mut k, &mut v, pos, pos + stride, dir);
            }
            stride >>= 1;
        }
        dst_key[b * LIMIT..(b + 1) * LIMIT].copy_from_slice(&k);
        dst_val[b * LIMIT..(b + 1) * LIMIT].copy_from_slice(&v);
    }

    let mut values: Vec<f32> = p.get("values")?;
    values.sort_by(f32::total_cmp);
    Ok(vec![
        exact("dst_key", dst_key),
        exact("dst_val", dst_val),
        exact("values", values),
    ])
}
