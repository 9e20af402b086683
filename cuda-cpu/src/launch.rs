//! Launch geometry, arguments and the kernel interface.

use crate::{GlobalBuffer, KernelError};
use std::time::Duration;

/// A CUDA `dim3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dim3 {
    /// x
    pub x: u32,
    /// y
    pub y: u32,
    /// z
    pub z: u32,
}

impl Dim3 {
    /// `(x, y, z)`.
    pub const fn new(x: u32, y: u32, z: u32) -> Self {
        Self { x, y, z }
    }

    /// `x * y * z` (saturating).
    pub fn volume(self) -> u64 {
        u64::from(self.x) * u64::from(self.y) * u64::from(self.z)
    }
}

/// Grid, block and dynamic shared memory of one launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaunchDims {
    /// Blocks in the grid.
    pub grid: Dim3,
    /// Threads in a block.
    pub block: Dim3,
    /// Bytes of `extern __shared__` memory.
    pub dynamic_shared_bytes: u32,
}

/// How a launch runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    /// Bounds-check every global and shared access (default on; off is
    /// the opt-in `unchecked` mode).
    pub bounds_checks: bool,
    /// Stop a launch that runs longer than this (infinite loops).
    pub timeout: Option<Duration>,
}

impl Default for LaunchOptions {
    fn default() -> Self {
        Self {
            bounds_checks: true,
            timeout: None,
        }
    }
}

/// A scalar kernel argument, already converted to the parameter's type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarArg {
    /// bool
    Bool(bool),
    /// i8
    I8(i8),
    /// u8
    U8(u8),
    /// i16
    I16(i16),
    /// u16
    U16(u16),
    /// i32
    I32(i32),
    /// u32
    U32(u32),
    /// i64
    I64(i64),
    /// u64
    U64(u64),
    /// f16, as its bits
    F16(u16),
    /// f32
    F32(f32),
    /// f64
    F64(f64),
}

/// One kernel argument.
#[derive(Debug, Clone, Copy)]
pub enum KernelArg<'a> {
    /// A pointer parameter: a device buffer and a byte offset into it
    /// (pointer arithmetic on the host side, `"@x+16"` in a run plan).
    Buffer {
        /// The buffer.
        buf: &'a GlobalBuffer,
        /// Byte offset of the pointer into the buffer.
        offset_bytes: u64,
    },
    /// A scalar parameter.
    Scalar(ScalarArg),
    /// A struct or vector passed by value, as its bytes in nvcc's layout.
    Bytes(&'a [u8]),
}

/// A kernel the CPU can run: generated Rust or the run-time executor.
pub trait CpuKernel: Send + Sync {
    /// The kernel's name (`reduce<float, 256>`).
    fn name(&self) -> &str;

    /// Runs the whole grid (blocks in parallel) and returns when it is done.
    fn launch(
        &self,
        dims: &LaunchDims,
        args: &[KernelArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<(), KernelError>;
}
