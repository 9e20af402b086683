//! `C = alpha*A*B + beta*C` for square row-major matrices.
//!
//! Parallel over blocks of four rows of C; inside, the i-k-j order: each
//! element `a[i][k]` of the four rows scales row `k` of B into four
//! accumulator rows, so one pass over a row of B feeds four rows of C and
//! the j loop is a vectorised axpy over rows that stay in L1 (four
//! accumulator rows and one row of B). Every element sums its products in
//! k order, as the CUDA kernel does, so the results are bit-identical.

use rayon::prelude::*;

/// Rows of C computed together (a register/cache tile over B's rows).
const ROWS: usize = 4;

/// `c = alpha*a*b + beta*c` for `n*n` row-major matrices, in parallel.
pub fn sgemm(n: usize, alpha: f32, a: &[f32], b: &[f32], beta: f32, c: &mut [f32]) {
    assert!(a.len() == n * n && b.len() == n * n && c.len() == n * n);
    if n == 0 {
        return;
    }
    c.par_chunks_mut(n * ROWS)
        .zip(a.par_chunks(n * ROWS))
        .for_each(|(c_rows, a_rows)| {
            let rows = c_rows.len() / n;
            let mut acc = vec![0.0f32; n * ROWS];
            for (k, b_row) in b.chunks_exact(n).enumerate() {
                for (r, acc_row) in acc.chunks_exact_mut(n).take(rows).enumerate() {
                    let aik = a_rows[r * n + k];
                    for (x, &bkj) in acc_row.iter_mut().zip(b_row) {
                        *x += aik * bkj;
                    }
                }
            }
            for (c_row, acc_row) in c_rows.chunks_exact_mut(n).zip(acc.chunks_exact(n)) {
                for (cij, &s) in c_row.iter_mut().zip(acc_row) {
                    *cij = alpha * s + beta * *cij;
                }
            }
        });
}

/// The sequential textbook triple loop, for checking.
pub fn sgemm_reference(n: usize, alpha: f32, a: &[f32], b: &[f32], beta: f32, c: &mut [f32]) {
    for i in 0..n {
        for j in 0..n {
            let mut s = 0.0f32;
            for k in 0..n {
                s += a[i * n + k] * b[k * n + j];
            }
            c[i * n + j] = alpha * s + beta * c[i * n + j];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::{max_abs_diff, sgemm_inputs};

    #[test]
    fn matches_the_triple_loop() {
        // 5 and 70 are not multiples of ROWS.
        for n in [1usize, 5, 70, 130] {
            let (a, b, c0) = sgemm_inputs(n as u32);
            let mut fast = c0.clone();
            let mut slow = c0;
            sgemm(n, 1.5, &a, &b, 0.5, &mut fast);
            sgemm_reference(n, 1.5, &a, &b, 0.5, &mut slow);
            assert_eq!(max_abs_diff(&fast, &slow), Some(0.0), "n = {n}");
        }
    }
}
