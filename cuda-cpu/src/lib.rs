//! The CPU kernel ABI of cudawasm, shared by the three parties that meet on
//! the CPU: the generated Rust of the compile-time path, the run-time
//! executor of `cuda-compiler` (`back/cpu`), and the runtime `cuda-rt`.
//!
//! It holds what all three must agree on: device memory ([`GlobalBuffer`]),
//! launch geometry ([`LaunchDims`]), arguments ([`KernelArg`]), the kernel
//! interface ([`CpuKernel`]) and faults ([`KernelFault`]). It depends on
//! neither the compiler nor the runtime, so the compiler does not pull in
//! the runtime's GPU back ends and the runtime does not pull in the
//! compiler.

pub mod access;
pub mod exec;
mod fault;
pub mod grid;
mod launch;
mod memory;
pub mod num;
pub mod sem;

pub use fault::{FaultKind, KernelError, KernelFault, SourceLoc};
pub use launch::{CpuKernel, Dim3, KernelArg, LaunchDims, LaunchOptions, ScalarArg};
pub use memory::GlobalBuffer;
