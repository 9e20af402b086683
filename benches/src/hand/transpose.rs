//! Transpose of a row-major `height*width` matrix into `width*height`.
//!
//! Parallel over bands of 32 output rows (32 input columns); each band is
//! filled tile by tile, 32x32 at a time, so the 32 input rows a tile reads
//! and the 32 output rows it writes stay in cache: the CPU form of the CUDA
//! kernel's shared-memory tile.

use rayon::prelude::*;

/// Tile edge.
const TILE: usize = 32;

/// `out[x][y] = input[y][x]`, in parallel.
pub fn transpose(width: usize, height: usize, input: &[f32], out: &mut [f32]) {
    assert!(input.len() == width * height && out.len() == width * height);
    if width == 0 || height == 0 {
        return;
    }
    out.par_chunks_mut(height * TILE)
        .enumerate()
        .for_each(|(band, rows)| {
            let x0 = band * TILE;
            for y0 in (0..height).step_by(TILE) {
                let y1 = (y0 + TILE).min(height);
                for (dx, out_row) in rows.chunks_exact_mut(height).enumerate() {
                    let x = x0 + dx;
                    for (o, y) in out_row[y0..y1].iter_mut().zip(y0..y1) {
                        *o = input[y * width + x];
                    }
                }
            }
        });
}

/// The sequential reference.
pub fn transpose_reference(width: usize, height: usize, input: &[f32], out: &mut [f32]) {
    for y in 0..height {
        for x in 0..width {
            out[x * height + y] = input[y * width + x];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::Rng;

    #[test]
    fn matches_the_index_swap() {
        for (w, h) in [(1usize, 1usize), (3, 5), (33, 70), (64, 64)] {
            let input = Rng::new(9).f32s(w * h, -1.0, 1.0);
            let mut fast = vec![0.0; w * h];
            let mut slow = vec![0.0; w * h];
            transpose(w, h, &input, &mut fast);
            transpose_reference(w, h, &input, &mut slow);
            assert_eq!(fast, slow, "{w}x{h}");
        }
    }
}
