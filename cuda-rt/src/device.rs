//! Devices: which backends exist, picking one, and the per-device state
//! (memory pool, launch options).

use crate::backend::cpu::CpuBackend;
use crate::backend::{Backend, RawBuffer};
use crate::pool::MemoryPool;
use crate::{Error, PoolStats, Result};
use cuda_cpu::LaunchOptions;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The environment variable that overrides [`Device::auto`]'s choice.
pub const BACKEND_ENV: &str = "CUDA_RT_BACKEND";

/// A kind of backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// Any CPU: kernels run through `cuda_cpu::CpuKernel`.
    Cpu,
    /// WebGPU through wgpu (Vulkan, Metal, DX12).
    Wgpu,
    /// NVIDIA GPUs through the CUDA driver, loaded at run time.
    Cuda,
}

impl BackendKind {
    /// The name used by `CUDA_RT_BACKEND` and `--backend`.
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Cpu => "cpu",
            BackendKind::Wgpu => "wgpu",
            BackendKind::Cuda => "cuda",
        }
    }

    /// Parses `cpu`, `wgpu` or `cuda` (`auto` is not a backend: see
    /// [`Device::from_name`]).
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "cpu" => Ok(BackendKind::Cpu),
            "wgpu" => Ok(BackendKind::Wgpu),
            "cuda" => Ok(BackendKind::Cuda),
            other => Err(Error::UnknownBackend {
                name: other.to_string(),
            }),
        }
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a device is, for listings and summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Its backend.
    pub backend: BackendKind,
    /// The device's name (the CPU model, the GPU adapter).
    pub name: String,
    /// Threads (CPU) or multiprocessors (GPU).
    pub compute_units: u32,
    /// Memory in bytes, when known.
    pub memory_bytes: Option<u64>,
}

impl fmt::Display for DeviceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.backend, self.name)?;
        // wgpu does not say how many compute units or bytes an adapter has.
        let mut facts = Vec::new();
        if self.compute_units > 0 {
            let unit = match self.backend {
                BackendKind::Cpu => "threads",
                BackendKind::Wgpu | BackendKind::Cuda => "compute units",
            };
            facts.push(format!("{} {unit}", self.compute_units));
        }
        if let Some(bytes) = self.memory_bytes {
            facts.push(format!("{} MiB", bytes / (1024 * 1024)));
        }
        if !facts.is_empty() {
            write!(f, " ({})", facts.join(", "))?;
        }
        Ok(())
    }
}

/// A device: a backend plus its memory pool. Cheap to clone (shared).
#[derive(Clone)]
pub struct Device {
    pub(crate) inner: Arc<DeviceInner>,
}

pub(crate) struct DeviceInner {
    pub(crate) id: u64,
    pub(crate) backend: Box<dyn Backend>,
    pub(crate) info: DeviceInfo,
    pool: Mutex<MemoryPool>,
    options: Mutex<LaunchOptions>,
}

impl fmt::Debug for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Device")
            .field("id", &self.inner.id)
            .field("info", &self.inner.info)
            .finish_non_exhaustive()
    }
}

/// Why a backend that is not built cannot be had, and what to do.
#[cfg_attr(all(feature = "wgpu", feature = "cuda"), allow(dead_code))]
fn not_built(kind: BackendKind) -> Error {
    Error::BackendUnavailable {
        backend: kind.name().to_string(),
        reason: format!(
            "the {kind} backend is not in this build of cuda-rt (enable its cargo feature); \
             use the `cpu` backend"
        ),
    }
}

impl Device {
    /// The best device present: CUDA, then a hardware GPU adapter through
    /// wgpu (a software adapter such as lavapipe is slower than the CPU
    /// backend, so it is not picked here), then the CPU.
    /// `CUDA_RT_BACKEND=cpu|wgpu|cuda` overrides the choice (and asking for
    /// a backend that is missing is an error, never a silent fallback).
    pub fn auto() -> Result<Self> {
        match std::env::var(BACKEND_ENV) {
            Ok(name) if !name.is_empty() => Self::from_name(&name).map_err(|e| match e {
                Error::UnknownBackend { name } => Error::BackendUnavailable {
                    backend: name,
                    reason: format!("`{BACKEND_ENV}` must be one of `auto`, `cpu`, `wgpu`, `cuda`"),
                },
                other => other,
            }),
            _ => Self::auto_pick(),
        }
    }

    /// The choice of [`Device::auto`] without the variable: the first CUDA
    /// device, else a hardware GPU adapter, else the CPU.
    fn auto_pick() -> Result<Self> {
        if let Ok(device) = cuda_device() {
            return Ok(device);
        }
        if let Some(device) = Self::hardware_wgpu()? {
            return Ok(device);
        }
        Self::new(BackendKind::Cpu)
    }

    /// A hardware GPU adapter through wgpu, if there is one.
    #[cfg(feature = "wgpu")]
    fn hardware_wgpu() -> Result<Option<Self>> {
        let backend = crate::backend::wgpu::WgpuBackend::open_best(true)?;
        Ok(backend.map(|b| Self::with_backend(Box::new(b))))
    }

    /// Without the `wgpu` feature there is no GPU adapter to pick.
    #[cfg(not(feature = "wgpu"))]
    fn hardware_wgpu() -> Result<Option<Self>> {
        Ok(None)
    }

    /// The device for a backend name: `auto` (as [`Device::auto`] without
    /// the variable), `cpu`, `wgpu` or `cuda`.
    pub fn from_name(name: &str) -> Result<Self> {
        if name == "auto" {
            return Self::auto_pick();
        }
        Self::new(BackendKind::parse(name)?)
    }

    /// The first device of a backend, or an error saying what is missing.
    pub fn new(kind: BackendKind) -> Result<Self> {
        match kind {
            BackendKind::Cpu => Ok(Self::with_backend(Box::new(CpuBackend::new()))),
            BackendKind::Cuda => cuda_device(),
            #[cfg(feature = "wgpu")]
            BackendKind::Wgpu => Ok(Self::with_backend(Box::new(
                crate::backend::wgpu::WgpuBackend::open_any()?,
            ))),
            #[cfg(not(feature = "wgpu"))]
            BackendKind::Wgpu => Err(not_built(kind)),
        }
    }

    /// The CPU device (always present).
    pub fn cpu() -> Self {
        Self::with_backend(Box::new(CpuBackend::new()))
    }

    /// Every device found, best first.
    pub fn list() -> Vec<DeviceInfo> {
        let mut found = cuda_list();
        #[cfg(feature = "wgpu")]
        found.extend(crate::backend::wgpu::adapter::list());
        found.push(CpuBackend::new().info());
        found
    }

    pub(crate) fn with_backend(backend: Box<dyn Backend>) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let info = backend.info();
        Self {
            inner: Arc::new(DeviceInner {
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                backend,
                info,
                pool: Mutex::new(MemoryPool::default()),
                options: Mutex::new(LaunchOptions::default()),
            }),
        }
    }

    /// What this device is.
    pub fn info(&self) -> &DeviceInfo {
        &self.inner.info
    }

    /// Its backend.
    pub fn backend(&self) -> BackendKind {
        self.inner.info.backend
    }

    /// How launches run from now on (bounds checks, timeout).
    pub fn set_launch_options(&self, options: LaunchOptions) {
        *lock(&self.inner.options) = options;
    }

    /// The current launch options.
    pub fn launch_options(&self) -> LaunchOptions {
        lock(&self.inner.options).clone()
    }

    /// The memory pool's statistics.
    pub fn pool_stats(&self) -> PoolStats {
        lock(&self.inner.pool).stats()
    }

    /// Frees every cached (unused) block of the pool back to the backend.
    pub fn trim(&self) {
        lock(&self.inner.pool).trim();
    }

    /// Device time of this device's most recent launch in milliseconds,
    /// measured by the GPU (wgpu timestamp queries) where it can; `None`
    /// where the device has no timer (the CPU backend, adapters without
    /// `TIMESTAMP_QUERY`): time launches with [`crate::Event`]s there.
    pub fn last_launch_ms(&self) -> Option<f64> {
        self.inner.backend.last_launch_ms()
    }

    /// Compiled pipelines the device keeps for reuse (one per kernel
    /// instance and launch shape on wgpu; 0 on other backends).
    pub fn cached_pipelines(&self) -> usize {
        self.inner.backend.cached_pipelines()
    }

    /// Waits for all work submitted on this device.
    pub fn synchronize(&self) -> Result<()> {
        self.inner.backend.synchronize()
    }

    /// A block of `bytes` bytes from the pool.
    pub(crate) fn acquire(&self, bytes: u64) -> Result<RawBuffer> {
        lock(&self.inner.pool).acquire(self.inner.backend.as_ref(), bytes)
    }

    /// Gives a block back to the pool.
    pub(crate) fn release(&self, block: RawBuffer) {
        lock(&self.inner.pool).release(block);
    }

    pub(crate) fn id(&self) -> u64 {
        self.inner.id
    }
}

/// The first CUDA device (CUDA part of `new`/`auto`).
#[cfg(all(feature = "cuda", not(target_arch = "wasm32")))]
fn cuda_device() -> Result<Device> {
    let backend = crate::backend::cuda::CudaBackend::open(0)?;
    Ok(Device::with_backend(Box::new(backend)))
}

/// Without the `cuda` feature there is no CUDA backend.
#[cfg(not(all(feature = "cuda", not(target_arch = "wasm32"))))]
fn cuda_device() -> Result<Device> {
    Err(Error::BackendUnavailable {
        backend: "cuda".to_string(),
        reason: "this build of cuda-rt has no CUDA backend (build it with the `cuda` feature, \
                 on a target other than wasm32)"
            .to_string(),
    })
}

/// The CUDA devices present (CUDA part of `list`).
fn cuda_list() -> Vec<DeviceInfo> {
    #[cfg(all(feature = "cuda", not(target_arch = "wasm32")))]
    {
        crate::backend::cuda::CudaBackend::list()
    }
    #[cfg(not(all(feature = "cuda", not(target_arch = "wasm32"))))]
    {
        Vec::new()
    }
}

/// Locks a mutex, recovering the data if a panic poisoned it (the state
/// guarded here stays consistent across any panic).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
