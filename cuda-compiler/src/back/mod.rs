//! Back ends: the Kernel IR to code that runs.
//!
//! - [`cpu`]: the CPU executor (register bytecode run by a per-block
//!   scheduler) that implements [`cuda_cpu::CpuKernel`].

pub mod cpu;
