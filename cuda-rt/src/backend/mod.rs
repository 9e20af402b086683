//! The backend interface: what a device must do (allocate, copy, launch)
//! behind the safe public types. One implementation per kind of device;
//! the CPU and (feature `wgpu`) wgpu exist so far; CUDA plugs in here.

pub(crate) mod cpu;
#[cfg(all(feature = "cuda", not(target_arch = "wasm32")))]
pub(crate) mod cuda;
#[cfg(feature = "wgpu")]
pub(crate) mod wgpu;

use crate::{BackendKind, DeviceInfo, KernelArtifact, Result};
use cuda_cpu::{LaunchDims, LaunchOptions, ScalarArg};
use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A backend's own stream object (a CUDA stream), for the backend that
/// made it. Backends that run work synchronously have none: their
/// [`crate::Stream`]s carry `None` and use the default queue.
pub type RawStream = Arc<dyn Any + Send + Sync>;

/// An event a backend recorded on one of its queues (a CUDA event): the
/// GPU's own timestamp of that point of the stream.
pub trait DeviceEvent: Send + Sync + fmt::Debug {
    /// Waits until the work before the event has finished.
    fn synchronize(&self) -> Result<()>;

    /// Milliseconds from this event to `later` (of the same backend),
    /// waiting for `later` first.
    fn elapsed_ms(&self, later: &dyn DeviceEvent) -> Result<f64>;

    /// The event as `Any`, for the backend to recognise its own.
    fn as_any(&self) -> &dyn Any;
}

/// Device memory as a backend holds it: an opaque block that only the
/// backend that made it can read. The runtime's pool keeps these between
/// uses; [`crate::DeviceBuffer`] is the typed, safe face of one.
pub struct RawBuffer {
    mem: Box<dyn Any + Send + Sync>,
    capacity: u64,
    len: u64,
}

impl fmt::Debug for RawBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBuffer")
            .field("capacity", &self.capacity)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl RawBuffer {
    /// Wraps a backend's memory object of `capacity` bytes (for backends).
    pub fn new(mem: Box<dyn Any + Send + Sync>, capacity: u64) -> Self {
        Self {
            mem,
            capacity,
            len: capacity,
        }
    }

    /// Bytes of storage.
    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    /// Bytes in use (what kernels may access).
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The backend's memory object, for the backend that made it.
    pub fn memory<T: Any>(&self) -> Option<&T> {
        self.mem.downcast_ref()
    }

    /// The backend's memory object, mutably (pool reuse).
    pub fn memory_mut<T: Any>(&mut self) -> Option<&mut T> {
        self.mem.downcast_mut()
    }

    pub(crate) fn set_len_field(&mut self, len: u64) {
        self.len = len;
    }
}

/// A launch argument as a backend receives it.
#[derive(Debug, Clone)]
pub enum RawArg<'a> {
    /// A pointer: a buffer and a byte offset into it.
    Buffer {
        /// The buffer.
        buf: &'a RawBuffer,
        /// Byte offset of the pointer.
        offset_bytes: u64,
    },
    /// A scalar of the parameter's type.
    Scalar(ScalarArg),
    /// A struct or vector by value, in nvcc's layout.
    Bytes(Cow<'a, [u8]>),
}

/// What a kind of device does for the runtime. Implementations never
/// panic: every failure is an [`crate::Error`] naming what to do.
pub trait Backend: Send + Sync {
    /// Which kind of backend.
    fn kind(&self) -> BackendKind;

    /// A description of the device.
    fn info(&self) -> DeviceInfo;

    /// A block of at least `capacity` bytes (contents unspecified).
    fn alloc(&self, capacity: u64) -> Result<RawBuffer>;

    /// Sets the bytes kernels may access in a block (≤ its capacity), so
    /// a reused pool block still bounds-checks at the request's size.
    fn set_len(&self, buf: &mut RawBuffer, len: u64) -> Result<()>;

    /// Copies `data` into the block at byte `offset`.
    fn write(&self, buf: &RawBuffer, offset: u64, data: &[u8]) -> Result<()>;

    /// Copies `out.len()` bytes from byte `offset` of the block.
    fn read(&self, buf: &RawBuffer, offset: u64, out: &mut [u8]) -> Result<()>;

    /// Copies `len` bytes between blocks (or within one).
    fn copy(
        &self,
        src: &RawBuffer,
        src_offset: u64,
        dst: &RawBuffer,
        dst_offset: u64,
        len: u64,
    ) -> Result<()>;

    /// Runs a kernel to completion; arguments were checked against the
    /// kernel's parameters already.
    fn launch(
        &self,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()>;

    /// Waits for all work submitted so far.
    fn synchronize(&self) -> Result<()>;

    /// A new queue of its own for [`crate::Device::stream`]; `None` (the
    /// default) when the backend runs work synchronously in call order.
    fn create_stream(&self) -> Result<Option<RawStream>> {
        Ok(None)
    }

    /// [`Backend::launch`] on `stream` (`None`: the default queue). The
    /// default ignores the stream, which suits synchronous backends.
    fn launch_on(
        &self,
        stream: Option<&RawStream>,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()> {
        let _ = stream;
        self.launch(kernel, dims, args, opts)
    }

    /// Records an event of the backend's own on `stream`; `None` (the
    /// default) means the runtime times events by the host clock after
    /// [`Backend::synchronize_stream`].
    fn record_event(&self, stream: Option<&RawStream>) -> Result<Option<Arc<dyn DeviceEvent>>> {
        let _ = stream;
        Ok(None)
    }

    /// Waits for the work queued on `stream` (default: everything).
    fn synchronize_stream(&self, stream: Option<&RawStream>) -> Result<()> {
        let _ = stream;
        self.synchronize()
    }

    /// Device time of the most recent launch in milliseconds, when the
    /// device measures it (GPU timestamp queries); `None` otherwise.
    fn last_launch_ms(&self) -> Option<f64> {
        None
    }

    /// Compiled pipelines the backend keeps for reuse (0 for backends
    /// without a pipeline cache).
    fn cached_pipelines(&self) -> usize {
        0
    }
}
