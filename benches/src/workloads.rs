//! The benchmark workloads: the four of issue 5 (sgemm, reduction, stencil,
//! histogram) and the transpose issue 8 adds for PTX: which CUDA kernel, at
//! which size, with which launch geometry and inputs, and how an output is
//! checked.
//!
//! This is shared data: every bench (CPU executor, generated Rust, wgpu vs
//! hand-written WGSL, PTX vs nvcc) takes its kernels from
//! `benches/kernels/*.cu` and its sizes, launches and inputs from here, so
//! their figures are comparable.

use std::path::PathBuf;

/// Which of the workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `C = alpha*A*B + beta*C`, square, shared-memory tiles.
    Sgemm,
    /// Sum of floats: shared tree, warp-shuffle tail, one atomicAdd a block.
    Reduce,
    /// One Jacobi step of a 2-D 5-point stencil.
    Stencil,
    /// 256-bin byte histogram: shared atomics, then global atomics.
    Histogram,
    /// Square transpose through a padded shared tile.
    Transpose,
}

impl Kind {
    /// Every workload, in table order.
    pub const ALL: [Kind; 5] = [
        Kind::Sgemm,
        Kind::Reduce,
        Kind::Stencil,
        Kind::Histogram,
        Kind::Transpose,
    ];

    /// Short name (`sgemm`), also the kernel file's stem and the module
    /// name of its generated Rust.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sgemm => "sgemm",
            Kind::Reduce => "reduce",
            Kind::Stencil => "stencil",
            Kind::Histogram => "histogram",
            Kind::Transpose => "transpose",
        }
    }

    /// The `__global__` function the bench launches.
    pub fn kernel_name(self) -> &'static str {
        match self {
            Kind::Sgemm => "sgemm",
            Kind::Reduce => "reduce_sum",
            Kind::Stencil => "stencil5",
            Kind::Histogram => "histogram256",
            Kind::Transpose => "transpose",
        }
    }

    /// The CUDA source file (`benches/kernels/<name>.cu`).
    pub fn kernel_file(self) -> PathBuf {
        kernels_dir().join(format!("{}.cu", self.name()))
    }
}

/// `benches/kernels`, where the CUDA sources live.
pub fn kernels_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kernels")
}

/// Problem sizes of one run of the benches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// M = N = K of the sgemm (a multiple of 16).
    pub sgemm_n: u32,
    /// Floats summed by the reduction (a multiple of 256).
    pub reduce_n: u32,
    /// Width and height of the stencil grid.
    pub stencil_n: u32,
    /// Bytes counted by the histogram (a multiple of 4).
    pub histogram_bytes: u32,
    /// Width and height of the transposed matrix.
    pub transpose_n: u32,
}

impl Sizes {
    /// The sizes issue 5 names: sgemm 512², 2^24 floats, stencil 2048²,
    /// a histogram of 2^24 bytes; and a 2048² transpose.
    pub const ISSUE: Sizes = Sizes {
        sgemm_n: 512,
        reduce_n: 1 << 24,
        stencil_n: 2048,
        histogram_bytes: 1 << 24,
        transpose_n: 2048,
    };

    /// Small sizes for tests and `--quick` runs (every launch shape still
    /// has several blocks and, where the kernel has one, a grid-stride loop).
    pub const QUICK: Sizes = Sizes {
        sgemm_n: 64,
        reduce_n: 1 << 18,
        stencil_n: 130,
        histogram_bytes: 1 << 18,
        transpose_n: 100,
    };

    /// The size of `kind` as the table prints it (`512²`, `2^24`).
    pub fn label(&self, kind: Kind) -> String {
        let pow2 = |n: u32| {
            if n.is_power_of_two() {
                format!("2^{}", n.trailing_zeros())
            } else {
                n.to_string()
            }
        };
        match kind {
            Kind::Sgemm => format!("{}²", self.sgemm_n),
            Kind::Reduce => format!("{} f32", pow2(self.reduce_n)),
            Kind::Stencil => format!("{}²", self.stencil_n),
            Kind::Histogram => format!("{} B", pow2(self.histogram_bytes)),
            Kind::Transpose => format!("{}²", self.transpose_n),
        }
    }

    /// Grid and block (x, y, z) of the kernel launch of `kind`.
    pub fn launch(&self, kind: Kind) -> ([u32; 3], [u32; 3]) {
        match kind {
            Kind::Sgemm => {
                let tiles = self.sgemm_n.div_ceil(16);
                ([tiles, tiles, 1], [16, 16, 1])
            }
            // 64 elements a thread, at least one block.
            Kind::Reduce => ([(self.reduce_n / (256 * 64)).max(1), 1, 1], [256, 1, 1]),
            Kind::Stencil => {
                let tiles = self.stencil_n.div_ceil(16);
                ([tiles, tiles, 1], [16, 16, 1])
            }
            Kind::Histogram => {
                let words = self.histogram_bytes / 4;
                ([(words / (256 * 64)).max(1), 1, 1], [256, 1, 1])
            }
            // 32x32 tiles, 32x8 threads each moving four elements.
            Kind::Transpose => {
                let tiles = self.transpose_n.div_ceil(32);
                ([tiles, tiles, 1], [32, 8, 1])
            }
        }
    }
}

/// Scalars of the sgemm: `C = ALPHA*A*B + BETA*C`.
pub const SGEMM_ALPHA: f32 = 1.5;
/// See [`SGEMM_ALPHA`].
pub const SGEMM_BETA: f32 = 0.5;
/// Centre weight of the stencil.
pub const STENCIL_C0: f32 = 0.5;
/// Neighbour weight of the stencil.
pub const STENCIL_C1: f32 = 0.125;

/// A small deterministic generator (xorshift64*), so every bench and test
/// sees the same inputs without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; 0 is remapped).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// A float in `[lo, hi)` with 24 random bits.
    pub fn next_f32(&mut self, lo: f32, hi: f32) -> f32 {
        let unit = (self.next_u32() >> 8) as f32 / (1u32 << 24) as f32;
        lo + (hi - lo) * unit
    }

    /// `n` floats in `[lo, hi)`.
    pub fn f32s(&mut self, n: usize, lo: f32, hi: f32) -> Vec<f32> {
        (0..n).map(|_| self.next_f32(lo, hi)).collect()
    }
}

/// The inputs of the sgemm: A, B and the initial C, each `n*n`.
pub fn sgemm_inputs(n: u32) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let len = (n as usize) * (n as usize);
    let mut rng = Rng::new(1);
    (
        rng.f32s(len, -1.0, 1.0),
        rng.f32s(len, -1.0, 1.0),
        rng.f32s(len, -1.0, 1.0),
    )
}

/// The input of the reduction: `n` floats in `[0, 1)` (positive, so the
/// relative error bound of [`reduce_close`] is meaningful).
pub fn reduce_input(n: u32) -> Vec<f32> {
    Rng::new(2).f32s(n as usize, 0.0, 1.0)
}

/// The input of the stencil: an `n*n` grid.
pub fn stencil_input(n: u32) -> Vec<f32> {
    Rng::new(3).f32s((n as usize) * (n as usize), -1.0, 1.0)
}

/// The input of the transpose: an `n*n` matrix.
pub fn transpose_input(n: u32) -> Vec<f32> {
    Rng::new(5).f32s((n as usize) * (n as usize), -1.0, 1.0)
}

/// The input of the histogram: `bytes / 4` words of random bytes, skewed
/// (a quarter of the bytes are 0x20, as text has spaces) so bins collide.
pub fn histogram_input(bytes: u32) -> Vec<u32> {
    let mut rng = Rng::new(4);
    (0..bytes / 4)
        .map(|_| {
            let w = rng.next_u32();
            let spaces = rng.next_u32();
            let mut out = w;
            for lane in 0..4 {
                if spaces >> (8 * lane) & 3 == 0 {
                    out = (out & !(0xff << (8 * lane))) | (0x20 << (8 * lane));
                }
            }
            out
        })
        .collect()
}

/// Whether a sum of positive floats is within the rounding a parallel f32
/// sum of `n` terms can have (relative 1e-5) of the exact (f64) sum.
pub fn reduce_close(got: f32, exact: f64) -> bool {
    (f64::from(got) - exact).abs() <= 1e-5 * exact.abs().max(1.0)
}

/// The largest absolute difference of two equally long float arrays, or
/// `None` when their lengths differ.
pub fn max_abs_diff(a: &[f32], b: &[f32]) -> Option<f32> {
    (a.len() == b.len()).then(|| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launches_cover_the_problem() {
        for sizes in [Sizes::ISSUE, Sizes::QUICK] {
            let (g, b) = sizes.launch(Kind::Sgemm);
            assert!(g[0] * b[0] >= sizes.sgemm_n && g[1] * b[1] >= sizes.sgemm_n);
            let (g, b) = sizes.launch(Kind::Stencil);
            assert!(g[0] * b[0] >= sizes.stencil_n && g[1] * b[1] >= sizes.stencil_n);
            let (g, b) = sizes.launch(Kind::Transpose);
            assert!(g[0] * b[0] >= sizes.transpose_n && g[1] * b[1] * 4 >= sizes.transpose_n);
            let (g, _) = sizes.launch(Kind::Reduce);
            assert!(g[0] >= 1);
        }
        assert_eq!(Sizes::ISSUE.label(Kind::Reduce), "2^24 f32");
        assert_eq!(Sizes::ISSUE.label(Kind::Sgemm), "512²");
    }

    #[test]
    fn inputs_are_deterministic_and_in_range() {
        assert_eq!(reduce_input(1000), reduce_input(1000));
        assert!(reduce_input(1000).iter().all(|&x| (0.0..1.0).contains(&x)));
        let h = histogram_input(4096);
        let spaces: usize = h
            .iter()
            .map(|w| w.to_le_bytes().iter().filter(|&&b| b == 0x20).count())
            .sum();
        assert!(spaces > 4096 / 5, "skew present: {spaces}");
    }

    #[test]
    fn every_kernel_file_exists() {
        for kind in Kind::ALL {
            assert!(kind.kernel_file().is_file(), "{}", kind.name());
        }
    }
}
