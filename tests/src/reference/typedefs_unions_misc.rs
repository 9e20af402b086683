//! `typedefs_unions_misc.cu`: Record bytes (the padding byte of each
//! 12-byte record is not compared: a struct copy may or may not write it),
//! Packed4 floats, exponent/mantissa bits and the pointer walk: all
//! bit-exact.

use super::check::{exact, Check, Expected};
use super::plan::PlanInputs;
use super::values::Values;

/// Expected outputs of `typedefs_unions_misc.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let vals: Vec<f32> = p.get("vals")?;
    let n = p.int(0, 3)? as usize;
    let mut recs: Vec<u8> = p.get("recs")?;
    let mut packed: Vec<f32> = p.get("packed")?;
    let mut padding = Vec::new();
    for i in 0..n {
        let key = (i as u32).wrapping_mul(12);
        let flags = (i & 0x7fff) as i16;
        let tag = b'A' + (i % 26) as u8;
        let r = &mut recs[12 * i..12 * i + 12];
        r[0..4].copy_from_slice(&vals[i].to_le_bytes());
        r[4..8].copy_from_slice(&key.to_le_bytes());
        r[8..10].copy_from_slice(&flags.to_le_bytes());
        r[10] = tag;
        padding.push(12 * i + 11);
        packed[4 * i..4 * i + 4].copy_from_slice(&[vals[i], key as f32, f32::from(flags), 16.0]);
    }
    let nb = p.int(1, 3)? as usize;
    let mut exponent: Vec<u32> = p.get("exponent")?;
    let mut mantissa: Vec<u32> = p.get("mantissa")?;
    for i in 0..nb {
        let u = vals[i].to_bits();
        exponent[i] = (u >> 23) & 0xFF;
        mantissa[i] = u & 0x7F_FFFF;
    }
    let ints: Vec<i32> = p.get("ints")?;
    let mut walked: Vec<i32> = p.get("walked")?;
    let (nw, chunk) = (p.int(2, 2)? as usize, p.int(2, 3)? as usize);
    let threads = p.plan.launches[2].block[0] as usize * p.plan.launches[2].grid[0] as usize;
    for t in 0..threads {
        if (t + 1) * chunk > nw {
            continue;
        }
        let part = &ints[t * chunk..(t + 1) * chunk];
        let (mut lo, mut hi) = (0, 0);
        for &v in part {
            lo = if v < lo { v } else { lo };
            hi = if v > hi { v } else { hi };
        }
        walked[3 * t..3 * t + 3].copy_from_slice(&[lo.min(hi), lo.max(hi), chunk as i32]);
    }
    Ok(vec![
        Expected {
            buffer: "recs".into(),
            values: Values::U8(recs),
            check: Check::ExactExcept(padding),
        },
        exact("packed", packed),
        exact("exponent", exponent),
        exact("mantissa", mantissa),
        exact("walked", walked),
    ])
}
