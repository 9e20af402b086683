//! The runtime's one error type: every message says what went wrong and
//! what to do about it.

use crate::{BackendKind, Target};

/// Why a runtime call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A backend was asked for that this build or this machine lacks.
    #[error("backend `{backend}` is not available: {reason}")]
    BackendUnavailable {
        /// The backend asked for.
        backend: String,
        /// What is missing and what to do.
        reason: String,
    },
    /// `CUDA_RT_BACKEND` (or a `--backend` flag) names no backend.
    #[error("unknown backend `{name}`: expected one of `auto`, `cpu`, `wgpu`, `cuda`")]
    UnknownBackend {
        /// The name given.
        name: String,
    },
    /// The backend could not allocate device memory.
    #[error("out of device memory on `{backend}`: cannot allocate {bytes} bytes (free buffers or call `Device::trim()`)")]
    OutOfMemory {
        /// The backend.
        backend: BackendKind,
        /// The request.
        bytes: u64,
    },
    /// Host and device sizes disagree in a copy.
    #[error("size mismatch in {what}: {expected} elements expected, {found} given (make both sides the same length)")]
    SizeMismatch {
        /// The operation.
        what: &'static str,
        /// Elements the device side holds.
        expected: usize,
        /// Elements the host side holds.
        found: usize,
    },
    /// A slice or offset past the end of a buffer.
    #[error("range {start}..{end} is out of bounds of a buffer of {len} elements")]
    OutOfRange {
        /// Range start (elements).
        start: usize,
        /// Range end (elements).
        end: usize,
        /// Buffer length (elements).
        len: usize,
    },
    /// A buffer, stream or event used with a device it does not belong to.
    #[error("{what} belongs to another device (create it on the device that uses it)")]
    WrongDevice {
        /// What was misused.
        what: &'static str,
    },
    /// The kernel artefact has no code for this backend.
    #[error("kernel `{kernel}` has no code for backend `{backend}` (compile it for that target or pick another backend)")]
    NoCodeForBackend {
        /// The kernel.
        kernel: String,
        /// The backend.
        backend: BackendKind,
    },
    /// The arguments do not match the kernel's parameters.
    #[error("bad arguments for kernel `{kernel}`: {message}")]
    BadArguments {
        /// The kernel.
        kernel: String,
        /// What is wrong and where.
        message: String,
    },
    /// A launch configuration no device accepts.
    #[error("bad launch configuration for kernel `{kernel}`: {message}")]
    BadLaunch {
        /// The kernel.
        kernel: String,
        /// What is wrong.
        message: String,
    },
    /// The kernel failed while running on the CPU backend (a fault, a
    /// timeout, rejected arguments).
    #[error("{0}")]
    Kernel(#[from] cuda_cpu::KernelError),
    /// A CUDA driver call failed (CUDA backend): the call, CUDA's error
    /// name (`CUDA_ERROR_ILLEGAL_ADDRESS`) and what to do.
    #[error("CUDA driver call `{call}` failed with {name}: {message}")]
    Cuda {
        /// The driver call and what it was for.
        call: String,
        /// CUDA's name of the error.
        name: String,
        /// What it means and what to do.
        message: String,
    },
    /// Something a kernel or launch needs that this backend cannot do
    /// (`unsupported on wgpu: …`).
    #[error("unsupported on {backend}: {message}")]
    Unsupported {
        /// The backend.
        backend: BackendKind,
        /// What is unsupported and what to do.
        message: String,
    },
    /// A launch needs more than a device limit allows; the limit is named
    /// as the backend's API names it (`max_compute_invocations_per_workgroup`).
    #[error("kernel `{kernel}` needs {needed} for the device limit `{limit}`, but the device allows {allowed} (make the launch smaller or use another device)")]
    DeviceLimit {
        /// The kernel.
        kernel: String,
        /// The limit's name.
        limit: &'static str,
        /// What the launch needs.
        needed: u64,
        /// What the device allows.
        allowed: u64,
    },
    /// The device reported an error (validation, out of memory, lost).
    #[error("{backend} device error during {during}: {message}")]
    Device {
        /// The backend.
        backend: BackendKind,
        /// The operation that failed.
        during: String,
        /// The device's message.
        message: String,
    },
    /// The compiler could not produce code for this backend's target, and
    /// said why (with the source position).
    #[error("kernel `{kernel}` has no {target} code: {reason}")]
    TargetSkipped {
        /// The kernel.
        kernel: String,
        /// The target it was not compiled for.
        target: Target,
        /// The compiler's reason.
        reason: String,
    },
    /// An event was queried before it was recorded on a stream.
    #[error("event not recorded yet (call `Stream::record` before querying it)")]
    EventNotRecorded,
}

/// Shorthand for results of the runtime.
pub type Result<T, E = Error> = std::result::Result<T, E>;
