//! One Jacobi step of the 5-point stencil on an `n*n` row-major grid:
//! `out = c0*centre + c1*(north + south + west + east)` inside, the
//! boundary copied.
//!
//! Parallel over output rows; each interior row zips the five input row
//! slices (north, south, centre shifted -1/0/+1) so the loop has no index
//! arithmetic or bounds checks left and vectorises. The additions run in
//! the CUDA kernel's order, so results are bit-identical to it.

use rayon::prelude::*;

/// One stencil step from `input` into `out`, in parallel.
pub fn stencil(n: usize, c0: f32, c1: f32, input: &[f32], out: &mut [f32]) {
    assert!(input.len() == n * n && out.len() == n * n);
    out.par_chunks_mut(n).enumerate().for_each(|(y, row)| {
        let centre = &input[y * n..(y + 1) * n];
        if y == 0 || y + 1 == n || n < 3 {
            row.copy_from_slice(centre);
            return;
        }
        let north = &input[(y - 1) * n + 1..y * n - 1];
        let south = &input[(y + 1) * n + 1..(y + 2) * n - 1];
        let west = &centre[..n - 2];
        let mid = &centre[1..n - 1];
        let east = &centre[2..];
        row[0] = centre[0];
        row[n - 1] = centre[n - 1];
        for (o, ((((&c, &no), &so), &we), &ea)) in row[1..n - 1]
            .iter_mut()
            .zip(mid.iter().zip(north).zip(south).zip(west).zip(east))
        {
            *o = c0 * c + c1 * (no + so + we + ea);
        }
    });
}

/// The sequential reference with plain indices.
pub fn stencil_reference(n: usize, c0: f32, c1: f32, input: &[f32], out: &mut [f32]) {
    for y in 0..n {
        for x in 0..n {
            let i = y * n + x;
            out[i] = if x == 0 || y == 0 || x == n - 1 || y == n - 1 {
                input[i]
            } else {
                c0 * input[i] + c1 * (input[i - n] + input[i + n] + input[i - 1] + input[i + 1])
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::{max_abs_diff, stencil_input};

    #[test]
    fn matches_the_indexed_loop() {
        for n in [1usize, 2, 3, 17, 130] {
            let input = stencil_input(n as u32);
            let mut fast = vec![0.0; n * n];
            let mut slow = vec![0.0; n * n];
            stencil(n, 0.5, 0.125, &input, &mut fast);
            stencil_reference(n, 0.5, 0.125, &input, &mut slow);
            assert_eq!(max_abs_diff(&fast, &slow), Some(0.0), "n = {n}");
        }
    }
}
