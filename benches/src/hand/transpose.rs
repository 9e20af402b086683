//! Transpose of a row-major `height*width` matrix into `width*height`.
//!
//! Parallel over bands of 256 output rows (256 input columns); each band is
//! filled tile by tile through a 256x16 local array (the CPU form of the
//! CUDA kernel's shared-memory tile): 16 input row segments of 256 floats
//! read, 256 output row segments of 16 floats written. (32x32 tiles ran
//! 2x slower here: 128-byte reads at a power-of-two stride defeat the
//! prefetchers.)

use rayon::prelude::*;

/// Output rows (input columns) of a band: 1 KiB input row segments, long
/// enough for the hardware prefetchers.
const BAND: usize = 256;
/// Input rows per tile: 64-byte (whole cache line) output row segments.
const TILE: usize = 16;

/// `out[x][y] = input[y][x]`, in parallel.
pub fn transpose(width: usize, height: usize, input: &[f32], out: &mut [f32]) {
    assert!(input.len() == width * height && out.len() == width * height);
    if width == 0 || height == 0 {
        return;
    }
    out.par_chunks_mut(height * BAND)
        .enumerate()
        .for_each(|(band, rows)| {
            let x0 = band * BAND;
            let xs = rows.len() / height;
            // Reading a column of a power-of-two-wide matrix directly hits
            // one cache set over and over; a tile in a local array turns
            // both sides into contiguous row segments.
            let mut tile = [[0.0f32; TILE]; BAND];
            for y0 in (0..height).step_by(TILE) {
                let ys = (height - y0).min(TILE);
                for (dy, in_row) in input[y0 * width..].chunks_exact(width).take(ys).enumerate() {
                    for (t, &v) in tile.iter_mut().zip(&in_row[x0..x0 + xs]) {
                        t[dy] = v;
                    }
                }
                for (out_row, t) in rows.chunks_exact_mut(height).zip(&tile) {
                    out_row[y0..y0 + ys].copy_from_slice(&t[..ys]);
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
        for (w, h) in [(1usize, 1usize), (3, 5), (33, 70), (64, 64), (600, 37)] {
            let input = Rng::new(9).f32s(w * h, -1.0, 1.0);
            let mut fast = vec![0.0; w * h];
            let mut slow = vec![0.0; w * h];
            transpose(w, h, &input, &mut fast);
            transpose_reference(w, h, &input, &mut slow);
            assert_eq!(fast, slow, "{w}x{h}");
        }
    }
}
