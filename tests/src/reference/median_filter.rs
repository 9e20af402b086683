//! `median_filter.cu`: medians of clamped 3x3 byte windows and the top-4
//! indices per row (ties resolved as the kernel's insertion does): exact.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `median_filter.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let img: Vec<u8> = p.get("img")?;
    let (w, h) = (p.int(0, 2)?, p.int(0, 3)?);
    let mut med: Vec<u8> = p.get("med")?;
    for y in 0..h {
        for x in 0..w {
            let mut win = Vec::with_capacity(9);
            for dy in -1..=1 {
                for dx in -1..=1 {
                    let (sx, sy) = ((x + dx).clamp(0, w - 1), (y + dy).clamp(0, h - 1));
                    win.push(img[(sy * w + sx) as usize]);
                }
            }
            win.sort_unstable();
            med[(y * w + x) as usize] = win[4];
        }
    }
    let m: Vec<f32> = p.get("m")?;
    let (rows, cols) = (p.int(1, 2)? as usize, p.int(1, 3)? as usize);
    let mut top: Vec<i32> = p.get("top")?;
    for r in 0..rows {
        let mut best = [(-1e30f32, -1i32); 4];
        for c in 0..cols {
            let mut cand = (m[r * cols + c], c as i32);
            for slot in best.iter_mut() {
                if cand.0 > slot.0 {
                    std::mem::swap(slot, &mut cand);
                }
            }
        }
        for (t, b) in best.iter().enumerate() {
            top[r * 4 + t] = b.1;
        }
    }
    Ok(vec![exact("med", med), exact("top", top)])
}
