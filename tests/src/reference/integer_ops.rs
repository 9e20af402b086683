//! `integer_ops.cu`: integer semantics of CUDA (wrapping signed arithmetic
//! as the GPU does it, arithmetic `>>` on signed values, truncating float to
//! unsigned conversion after clamping): everything bit-exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

fn expand_bits(v: u32) -> u32 {
    let mut v = v.wrapping_mul(0x0001_0001) & 0xFF00_00FF;
    v = v.wrapping_mul(0x0000_0101) & 0x0F00_F00F;
    v = v.wrapping_mul(0x0000_0011) & 0xC30C_30C3;
    v.wrapping_mul(0x0000_0005) & 0x4924_9249
}

fn ffs(v: i32) -> i32 {
    if v == 0 {
        0
    } else {
        v.trailing_zeros() as i32 + 1
    }
}

/// Expected outputs of `integer_ops.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let u: Vec<u32> = p.get("u")?;
    let w: Vec<u64> = p.get("u64s")?;
    let n = p.int(0, 3)? as usize;
    let mut stats: Vec<i32> = p.get("stats")?;
    for i in 0..n {
        let (v, x) = (u[i], w[i]);
        stats[6 * i..6 * i + 6].copy_from_slice(&[
            v.count_ones() as i32,
            x.count_ones() as i32,
            v.leading_zeros() as i32,
            x.leading_zeros() as i32,
            v.reverse_bits() as i32,
            ffs(v as i32),
        ]);
    }
    let pts: Vec<f32> = p.get("pts")?;
    let mut codes: Vec<u32> = p.get("codes")?;
    for i in 0..p.int(1, 2)? as usize {
        let q = |c: f32| expand_bits((c * 1024.0).max(0.0).min(1023.0) as u32);
        let (xx, yy, zz) = (q(pts[3 * i]), q(pts[3 * i + 1]), q(pts[3 * i + 2]));
        codes[i] = xx
            .wrapping_mul(4)
            .wrapping_add(yy.wrapping_mul(2))
            .wrapping_add(zz);
    }
    let a: Vec<i32> = p.get("a")?;
    let c: Vec<i8> = p.get("c")?;
    let s: Vec<i16> = p.get("s")?;
    let mut mixed: Vec<i32> = p.get("mixed")?;
    for i in 0..p.int(2, 5)? as usize {
        let x = a[i];
        let mut uu = u[i];
        let widened = i32::from(c[i]) + i32::from(s[i]);
        let arith = x >> 3;
        let logical = (x as u32) >> 3;
        let mid = x.wrapping_add((uu.wrapping_sub(x as u32) as i32) >> 1);
        let hi = ((u64::from(uu) * 0x9E37_79B9u64) >> 32) as u32;
        uu = uu.wrapping_sub(1);
        uu ^= uu << 13;
        uu |= (widened as u32) & 0xFF;
        let first = if x < 0 { arith } else { logical as i32 };
        mixed[i] = first
            .wrapping_add(mid)
            .wrapping_add((hi & 7) as i32)
            .wrapping_add((uu % 17) as i32);
    }
    let small: Vec<i32> = p.get("small")?;
    let mut wide: Vec<i64> = p.get("wide")?;
    for i in 0..p.int(3, 2)? as usize {
        let mut acc: i64 = 0;
        for k in 0..64 {
            acc = acc.wrapping_add(i64::from(small[i]).wrapping_mul(1i64 << (k % 31)));
            acc -= acc / 3;
        }
        wide[i] = acc.wrapping_add(((acc as u64) >> 63) as i64);
    }
    Ok(vec![
        exact("stats", stats),
        exact("codes", codes),
        exact("mixed", mixed),
        exact("wide", wide),
    ])
}
