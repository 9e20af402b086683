//! Faults: what stops a launch, with enough detail to find the bug.

use crate::Dim3;
use std::fmt;

/// A place in the kernel source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLoc {
    /// File name as the compiler saw it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// What went wrong in a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// An access outside its buffer or shared array.
    OutOfBounds {
        /// `global`, `shared`, `local` or `constant`.
        space: &'static str,
        /// The byte offset accessed.
        offset: i64,
        /// The access size in bytes.
        size: u32,
        /// The size of the memory object in bytes.
        len: u64,
    },
    /// An access not aligned to its type.
    Misaligned {
        /// The byte offset accessed.
        offset: i64,
        /// Required alignment.
        align: u32,
    },
    /// Integer division or remainder by zero.
    DivisionByZero,
    /// A barrier reached by only part of the block (or warp).
    DivergentBarrier,
}

/// A fault in one thread of a launch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelFault {
    /// The kernel.
    pub kernel: String,
    /// The faulting block.
    pub block: Dim3,
    /// The faulting thread within the block.
    pub thread: Dim3,
    /// The source location of the faulting operation, when known.
    pub location: Option<SourceLoc>,
    /// What happened.
    pub kind: FaultKind,
}

/// Why a CPU launch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelError {
    /// A thread faulted; the launch stopped.
    Fault(KernelFault),
    /// The launch ran past [`crate::LaunchOptions::timeout`].
    Timeout {
        /// The kernel.
        kernel: String,
        /// The limit in milliseconds.
        limit_ms: u64,
    },
    /// The arguments do not match the kernel's parameters.
    BadArguments {
        /// The kernel.
        kernel: String,
        /// What is wrong.
        message: String,
    },
    /// The launch configuration is invalid (zero-sized grid, too many
    /// threads per block, too much shared memory).
    BadLaunch {
        /// The kernel.
        kernel: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for Dim3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {}, {})", self.x, self.y, self.z)
    }
}

impl fmt::Display for KernelFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "kernel `{}` faulted in block {} thread {}",
            self.kernel, self.block, self.thread
        )?;
        if let Some(loc) = &self.location {
            write!(f, " at {}:{}:{}", loc.file, loc.line, loc.col)?;
        }
        match &self.kind {
            FaultKind::OutOfBounds {
                space,
                offset,
                size,
                len,
            } => write!(
                f,
                ": out-of-bounds {space} access of {size} bytes at byte offset {offset} (object is {len} bytes)"
            ),
            FaultKind::Misaligned { offset, align } => {
                write!(f, ": misaligned access at byte offset {offset} (needs {align}-byte alignment)")
            }
            FaultKind::DivisionByZero => write!(f, ": integer division by zero"),
            FaultKind::DivergentBarrier => write!(
                f,
                ": barrier reached by only some threads (a `__syncthreads()` under a thread-dependent condition)"
            ),
        }
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KernelError::Fault(fault) => write!(f, "{fault}"),
            KernelError::Timeout { kernel, limit_ms } => write!(
                f,
                "kernel `{kernel}` ran longer than the {limit_ms} ms timeout (an infinite loop?)"
            ),
            KernelError::BadArguments { kernel, message } => {
                write!(f, "bad arguments for kernel `{kernel}`: {message}")
            }
            KernelError::BadLaunch { kernel, message } => {
                write!(f, "bad launch of kernel `{kernel}`: {message}")
            }
        }
    }
}

impl std::error::Error for KernelError {}
