//! 256-bin histogram of the bytes of little-endian 32-bit words.
//!
//! Parallel over chunks with rayon's fold/reduce: each task counts into its
//! own `[u32; 256]` (the CPU analogue of the kernel's shared-memory copy)
//! and the copies are added together at the end.

use rayon::prelude::*;

/// Words a rayon task counts before its copy may be merged.
const CHUNK: usize = 1 << 14;

/// The histogram of the bytes of `words`, in parallel.
pub fn histogram(words: &[u32]) -> [u32; 256] {
    words
        .par_chunks(CHUNK)
        .fold(
            || [0u32; 256],
            |mut h, chunk| {
                for &w in chunk {
                    for byte in w.to_le_bytes() {
                        h[usize::from(byte)] += 1;
                    }
                }
                h
            },
        )
        .reduce(
            || [0u32; 256],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        )
}

/// The sequential reference.
pub fn histogram_reference(words: &[u32]) -> [u32; 256] {
    let mut h = [0u32; 256];
    for &w in words {
        for shift in [0, 8, 16, 24] {
            h[((w >> shift) & 0xff) as usize] += 1;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::histogram_input;

    #[test]
    fn matches_the_sequential_count() {
        for bytes in [0u32, 4, 4000, 1 << 18] {
            let words = histogram_input(bytes);
            let h = histogram(&words);
            assert_eq!(h, histogram_reference(&words), "{bytes} bytes");
            assert_eq!(
                h.iter().map(|&c| u64::from(c)).sum::<u64>(),
                u64::from(bytes)
            );
        }
    }
}
