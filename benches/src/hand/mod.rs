//! The workloads written as idiomatic Rust with rayon: what a
//! competent Rust programmer writes for the job (parallel over rows or
//! chunks, inner loops over slices that LLVM vectorises, no `unsafe`), the
//! baseline the CPU back end is measured against. Each has a plain
//! sequential reference next to it, and a test that the two agree.

pub mod histogram;
pub mod reduce;
pub mod sgemm;
pub mod stencil;
pub mod transpose;

use crate::launch::Output;
use crate::workloads::{self as w, Kind, Sizes};

/// A workload's inputs in host memory, for the hand-written Rust to run on
/// again and again.
pub struct HostProblem {
    kind: Kind,
    sizes: Sizes,
    floats: Vec<f32>,
    floats_b: Vec<f32>,
    words: Vec<u32>,
    out: Vec<f32>,
    initial_out: Vec<f32>,
    sum: f32,
    bins: [u32; 256],
}

impl HostProblem {
    /// The inputs of `kind` at `sizes` (the same the CUDA kernel gets).
    pub fn new(kind: Kind, sizes: Sizes) -> Self {
        let mut p = HostProblem {
            kind,
            sizes,
            floats: Vec::new(),
            floats_b: Vec::new(),
            words: Vec::new(),
            out: Vec::new(),
            initial_out: Vec::new(),
            sum: 0.0,
            bins: [0; 256],
        };
        match kind {
            Kind::Sgemm => {
                let (a, b, c) = w::sgemm_inputs(sizes.sgemm_n);
                (p.floats, p.floats_b, p.out, p.initial_out) = (a, b, c.clone(), c);
            }
            Kind::Reduce => p.floats = w::reduce_input(sizes.reduce_n),
            Kind::Stencil => {
                p.floats = w::stencil_input(sizes.stencil_n);
                p.out = vec![0.0; p.floats.len()];
            }
            Kind::Histogram => p.words = w::histogram_input(sizes.histogram_bytes),
            Kind::Transpose => {
                p.floats = w::transpose_input(sizes.transpose_n);
                p.out = vec![0.0; p.floats.len()];
            }
        }
        p
    }

    /// Puts the output back in its initial state (the sgemm's initial C).
    pub fn reset(&mut self) {
        if self.kind == Kind::Sgemm {
            self.out.copy_from_slice(&self.initial_out);
        }
    }

    /// Runs the hand-written Rust once.
    pub fn run(&mut self) {
        match self.kind {
            Kind::Sgemm => sgemm::sgemm(
                self.sizes.sgemm_n as usize,
                w::SGEMM_ALPHA,
                &self.floats,
                &self.floats_b,
                w::SGEMM_BETA,
                &mut self.out,
            ),
            Kind::Reduce => self.sum = reduce::sum(&self.floats),
            Kind::Stencil => stencil::stencil(
                self.sizes.stencil_n as usize,
                w::STENCIL_C0,
                w::STENCIL_C1,
                &self.floats,
                &mut self.out,
            ),
            Kind::Histogram => self.bins = histogram::histogram(&self.words),
            Kind::Transpose => {
                let n = self.sizes.transpose_n as usize;
                transpose::transpose(n, n, &self.floats, &mut self.out)
            }
        }
    }

    /// The result of the last run.
    pub fn output(&self) -> Output {
        match self.kind {
            Kind::Sgemm | Kind::Stencil | Kind::Transpose => Output::Floats(self.out.clone()),
            Kind::Reduce => Output::Sum(self.sum),
            Kind::Histogram => Output::Bins(self.bins.to_vec()),
        }
    }
}
