//! Sum of floats.
//!
//! Parallel over chunks (rayon splits them further as it likes); each chunk
//! is summed with eight independent accumulators so LLVM keeps them in one
//! vector register (a single f32 accumulator is a serial dependency chain
//! that cannot be vectorised under IEEE ordering).

use rayon::prelude::*;

/// Elements a rayon task sums sequentially.
const CHUNK: usize = 1 << 14;
/// Independent accumulators (one 256-bit vector of f32).
const LANES: usize = 8;

/// The sum of `x`, in parallel.
pub fn sum(x: &[f32]) -> f32 {
    x.par_chunks(CHUNK).map(sum_chunk).sum()
}

fn sum_chunk(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let mut lanes = x.chunks_exact(LANES);
    for v in &mut lanes {
        for (a, &e) in acc.iter_mut().zip(v) {
            *a += e;
        }
    }
    let tail: f32 = lanes.remainder().iter().sum();
    acc.iter().sum::<f32>() + tail
}

/// The exact-enough sequential reference: an f64 sum.
pub fn sum_reference(x: &[f32]) -> f64 {
    x.iter().map(|&v| f64::from(v)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::{reduce_close, reduce_input};

    #[test]
    fn matches_the_f64_sum() {
        for n in [0u32, 1, 7, 1000, 1 << 18] {
            let x = reduce_input(n);
            let exact = sum_reference(&x);
            assert!(
                reduce_close(sum(&x), exact),
                "n = {n}: {} vs {exact}",
                sum(&x)
            );
        }
    }
}
