//! `half_arith_coalesced.cu`: half operators round to binary16 after each
//! operation (exact products in f32, one rounding): bit-exact. The
//! compaction's slot order is set by the atomics: the first K slots are a
//! multiset, the rest stay 0, the count is exact.

use super::check::{exact, Check, Expected};
use super::plan::PlanInputs;
use super::values::Values;
use half::f16;

fn h(x: f32) -> f16 {
    f16::from_f32(x)
}

/// Expected outputs of `half_arith_coalesced.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f16> = p.get("hx")?;
    let mut y: Vec<f16> = p.get("hy")?;
    let (a, b) = (h(0.5), h(-1.25));
    for i in 0..p.int(0, 2)? as usize {
        let v = x[i];
        let av = h(a.to_f32() * v.to_f32());
        let avv = h(av.to_f32() * v.to_f32());
        let bv = h(b.to_f32() * v.to_f32());
        let s = h(avv.to_f32() + bv.to_f32());
        let mut r = h(s.to_f32() + a.to_f32());
        if r.to_f32() < 0.0 {
            r = -r;
        }
        y[i] = if r.to_f32() * 2.0 > 100.0 {
            h(100.0)
        } else {
            r
        };
    }
    let src: Vec<i32> = p.get("src")?;
    let n = p.int(1, 3)? as usize;
    let pos: Vec<i32> = src[..n].iter().copied().filter(|&v| v > 0).collect();
    let mut dst: Vec<i32> = p.get("dst")?;
    dst[..pos.len()].copy_from_slice(&pos);
    let c0: Vec<i32> = p.get("count")?;
    Ok(vec![
        exact("hy", y),
        Expected {
            buffer: "dst".into(),
            values: Values::I32(dst),
            check: Check::SortedPrefix(pos.len()),
        },
        exact("count", vec![c0[0] + pos.len() as i32]),
    ])
}
