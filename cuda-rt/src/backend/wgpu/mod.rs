//! The wgpu backend: kernels run as WGSL compute shaders on any WebGPU
//! adapter (Vulkan, Metal, DX12), following the launch ABI of
//! [`cuda_abi::WgslKernel`].
//!
//! - Adapters: hardware GPUs first, software adapters last ([`adapter`]);
//!   the device asks for SUBGROUP, SHADER_F16 and TIMESTAMP_QUERY when the
//!   adapter has them, and for all of the adapter's limits.
//! - Memory: one storage buffer per pool block ([`memory`]).
//! - Launch: limits checked by name first ([`limits`]), the parameter block
//!   and bindings per the ABI ([`params`]), cached pipelines
//!   ([`pipeline`]), a folded dispatch timed with timestamp queries, and
//!   every wgpu error turned into a [`crate::Error`] ([`errors`]).
//! - Bring your own device: [`crate::Device::from_wgpu`].
//! - `CUDA_RT_WGSL_DUMP=DIR` writes each kernel's WGSL to `DIR/<kernel>.wgsl`
//!   when its pipeline is built, to read what the back end made.

pub(crate) mod adapter;
mod errors;
mod launch;
pub(crate) mod limits;
mod memory;
mod params;
mod pipeline;

use super::{Backend, RawArg, RawBuffer};
use crate::{BackendKind, Device, DeviceInfo, KernelArtifact, Result};
use cuda_cpu::{LaunchDims, LaunchOptions};
use errors::Uncaptured;
use launch::Timer;
use pipeline::PipelineCache;
use std::sync::{Mutex, MutexGuard};

/// A wgpu device and queue with the backend's state.
pub(crate) struct WgpuBackend {
    device: wgpu::Device,
    queue: wgpu::Queue,
    info: DeviceInfo,
    limits: wgpu::Limits,
    uncaptured: Uncaptured,
    pipelines: Mutex<PipelineCache>,
    timer: Mutex<Option<Timer>>,
    last_ms: Mutex<Option<f64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl WgpuBackend {
    /// The backend over an open device; `own_handler` installs the
    /// uncaptured-error handler (not done for a caller's own device, whose
    /// handler stays theirs: every operation here runs in error scopes).
    fn new(
        device: wgpu::Device,
        queue: wgpu::Queue,
        info: &wgpu::AdapterInfo,
        own_handler: bool,
    ) -> Self {
        let uncaptured = Uncaptured::default();
        if own_handler {
            uncaptured.install(&device);
        }
        let timer = Timer::new(&device);
        Self {
            limits: device.limits(),
            info: adapter::device_info(info),
            device,
            queue,
            uncaptured,
            pipelines: Mutex::new(PipelineCache::default()),
            timer: Mutex::new(timer),
            last_ms: Mutex::new(None),
        }
    }

    /// Opens the best adapter; with `hardware_only`, `Ok(None)` when only
    /// software adapters (or none) exist.
    pub(crate) fn open_best(hardware_only: bool) -> Result<Option<Self>> {
        let Some(adapter) = adapter::best(hardware_only) else {
            return Ok(None);
        };
        let (device, queue) = adapter::open(&adapter)?;
        Ok(Some(Self::new(device, queue, &adapter.get_info(), true)))
    }

    /// The backend for `Device::new(BackendKind::Wgpu)`: any adapter, or an
    /// error saying how to get one.
    pub(crate) fn open_any() -> Result<Self> {
        Self::open_best(false)?.ok_or_else(adapter::none_found)
    }

    fn lock_pipelines(&self) -> MutexGuard<'_, PipelineCache> {
        lock(&self.pipelines)
    }

    fn lock_timer(&self) -> MutexGuard<'_, Option<Timer>> {
        lock(&self.timer)
    }

    fn lock_last_ms(&self) -> MutexGuard<'_, Option<f64>> {
        lock(&self.last_ms)
    }
}

impl Backend for WgpuBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Wgpu
    }

    fn info(&self) -> DeviceInfo {
        self.info.clone()
    }

    fn alloc(&self, capacity: u64) -> Result<RawBuffer> {
        self.alloc_buffer(capacity)
    }

    fn set_len(&self, buf: &mut RawBuffer, len: u64) -> Result<()> {
        if len > buf.capacity() {
            return Err(crate::Error::OutOfRange {
                start: 0,
                end: len as usize,
                len: buf.capacity() as usize,
            });
        }
        buf.set_len_field(len);
        Ok(())
    }

    fn write(&self, buf: &RawBuffer, offset: u64, data: &[u8]) -> Result<()> {
        self.write_bytes(buf, offset, data)
    }

    fn read(&self, buf: &RawBuffer, offset: u64, out: &mut [u8]) -> Result<()> {
        self.read_bytes(buf, offset, out)
    }

    fn copy(
        &self,
        src: &RawBuffer,
        src_offset: u64,
        dst: &RawBuffer,
        dst_offset: u64,
        len: u64,
    ) -> Result<()> {
        self.copy_bytes(src, src_offset, dst, dst_offset, len)
    }

    fn launch(
        &self,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()> {
        self.run(kernel, dims, args, opts)
    }

    fn synchronize(&self) -> Result<()> {
        self.wait("synchronize")
    }

    fn last_launch_ms(&self) -> Option<f64> {
        *self.lock_last_ms()
    }

    fn cached_pipelines(&self) -> usize {
        self.lock_pipelines().len()
    }
}

impl Device {
    /// A device over a wgpu device and queue the caller already has (an
    /// application that renders with wgpu and computes with cuda-rt on the
    /// same GPU). Features the caller did not enable are missing here too:
    /// a kernel needing one is refused by name. The caller's
    /// uncaptured-error handler is left alone; this backend's own
    /// operations run inside error scopes.
    pub fn from_wgpu(
        device: wgpu::Device,
        queue: wgpu::Queue,
        adapter_info: wgpu::AdapterInfo,
    ) -> Self {
        Device::with_backend(Box::new(WgpuBackend::new(
            device,
            queue,
            &adapter_info,
            false,
        )))
    }
}
