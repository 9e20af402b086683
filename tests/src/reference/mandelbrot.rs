//! `mandelbrot.cu`: the iteration is replayed in f32 with the kernel's
//! operation order and without fused multiply-adds, so the iteration counts
//! and colour bytes are bit-exact on a back end that does not contract
//! (the CPU back end). A contracting GPU back end may differ on pixels
//! next to the set's boundary.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

fn iters(cr: f32, ci: f32, max_iter: i32) -> i32 {
    let (mut zx, mut zy) = (0.0f32, 0.0f32);
    let mut n = 0;
    while n < max_iter && zx * zx + zy * zy <= 4.0 {
        let (nx, ny) = (zx * zx - zy * zy, 2.0f32 * zx * zy);
        zx = nx + cr;
        zy = ny + ci;
        n += 1;
    }
    n
}

fn color(n: i32, max_iter: i32) -> [u8; 4] {
    if n == max_iter {
        return [0, 0, 0, 255];
    }
    let t = n as f32 / max_iter as f32;
    let r = (9.0f32 * (1.0 - t) * t * t * t * 255.0) as u8;
    let g = (15.0f32 * (1.0 - t) * (1.0 - t) * t * t * 255.0) as u8;
    let b = (8.5f32 * (1.0 - t) * (1.0 - t) * (1.0 - t) * t * 255.0) as u8;
    [r, g, b, 255]
}

/// Expected outputs of `mandelbrot.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let (w, h) = (p.int(0, 1)? as usize, p.int(0, 2)? as usize);
    let (x0, y0) = (p.scalar(0, 3)? as f32, p.scalar(0, 4)? as f32);
    let (dx, dy) = (p.scalar(0, 5)? as f32, p.scalar(0, 6)? as f32);
    let max_iter = p.int(0, 7)? as i32;
    let mut img: Vec<u8> = p.get("img")?;
    for y in 0..h {
        for x in 0..w {
            let n = iters(x0 + x as f32 * dx, y0 + y as f32 * dy, max_iter);
            let at = 4 * (y * w + x);
            img[at..at + 4].copy_from_slice(&color(n, max_iter));
        }
    }
    Ok(vec![exact("img", img)])
}
