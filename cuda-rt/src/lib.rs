//! The cudawasm runtime: devices, buffers, streams and backends.
//!
//! Thin safe types over backend traits, as wgpu has them:
//! - [`Device`] — a backend plus a caching memory pool. [`Device::auto`]
//!   picks CUDA, then a GPU adapter, then the CPU; only the CPU backend is
//!   built so far. `CUDA_RT_BACKEND=cpu|wgpu|cuda` overrides the choice,
//!   and asking for a missing backend is an [`Error`] naming what is
//!   missing, never a silent fallback. [`Device::list`] shows what exists.
//! - [`DeviceBuffer`] — typed device memory (`T: bytemuck::Pod`) with
//!   upload, download, copies and [`BufferSlice`] views for pointer offsets.
//! - [`Stream`] and [`Event`] — ordering and timing (on the CPU backend work
//!   runs synchronously, in submission order).
//! - [`KernelArtifact`] — a compiled kernel as plain data (signature, CPU
//!   entry point, WGSL, PTX, features): the runtime never depends on the
//!   compiler. Launch it with a [`LaunchConfig`] and [`KernelArg`]s, which
//!   are checked against its parameters before it runs.
//! - The pool ([`PoolStats`], [`Device::trim`]) caches freed blocks in
//!   power-of-two size classes.
//!
//! ```
//! # fn main() -> Result<(), cuda_rt::Error> {
//! let dev = cuda_rt::Device::cpu();
//! let x = dev.upload(&[1.0f32, 2.0, 3.0])?;
//! let mut y = dev.alloc_zeroed::<f32>(3)?;
//! y.copy_from(&x)?;
//! assert_eq!(y.slice(1..)?.download()?, vec![2.0, 3.0]);
//! # Ok(()) }
//! ```

mod artifact;
pub mod backend;
mod buffer;
mod device;
mod error;
mod launch;
mod pool;
mod stream;

pub use artifact::{KernelArtifact, ParamInfo, ParamKind, ScalarType};
pub use buffer::{BufferSlice, DeviceBuffer};
pub use cuda_cpu::{Dim3, KernelError, KernelFault, LaunchOptions, ScalarArg};
pub use device::{BackendKind, Device, DeviceInfo, BACKEND_ENV};
pub use error::{Error, Result};
pub use launch::{KernelArg, LaunchConfig, MAX_THREADS_PER_BLOCK};
pub use pool::{size_class, PoolStats, MIN_CLASS_BYTES};
pub use stream::{Event, Stream};
