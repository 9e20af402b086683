//! `rng_xorshift.cu`: the xorshift64* states are integers (bit-exact); each
//! sample is `(s >> 40) / 2^24`, exact in f32, and the hit test
//! `x*x + y*y <= 1` is replayed in f32 without fusion: bit-exact hit count
//! on a back end that does not contract (a fused multiply-add could flip
//! samples on the circle's edge).

use super::check::{exact, Expected};
use super::plan::PlanInputs;

fn xorshift64star(s: &mut u64) -> u64 {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    s.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn uniform01(s: &mut u64) -> f32 {
    (xorshift64star(s) >> 40) as f32 * (1.0f32 / 16_777_216.0f32)
}

/// Expected outputs of `rng_xorshift.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let seed = p.int(0, 1)? as u64;
    let n = p.int(0, 2)? as usize;
    let mut states: Vec<u64> = p.get("states")?;
    for (i, st) in states.iter_mut().enumerate().take(n) {
        let mut s = seed ^ 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1);
        if s == 0 {
            s = 1;
        }
        *st = s;
    }
    let samples = p.int(1, 2)?;
    let l = &p.plan.launches[1];
    let threads = (l.grid[0] * l.block[0]) as usize;
    let mut hits: Vec<u64> = p.get("hits")?;
    for st in states.iter_mut().take(threads) {
        let mut local = 0u64;
        for _ in 0..samples {
            let x = uniform01(st);
            let y = uniform01(st);
            if x * x + y * y <= 1.0 {
                local += 1;
            }
        }
        hits[0] = hits[0].wrapping_add(local);
    }
    Ok(vec![exact("states", states), exact("hits", hits)])
}
