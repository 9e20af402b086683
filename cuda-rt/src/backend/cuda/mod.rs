//! The CUDA backend: NVIDIA GPUs through the driver API, loaded at run
//! time by cudarc (no CUDA is needed to build, and a machine without the
//! driver gets an `Err` naming it, never a panic).
//!
//! - Memory: `cuMemAlloc` blocks through the runtime's pool; uploads and
//!   downloads are synchronous (a download waits for every stream).
//! - Kernels: the artefact's PTX is JIT-loaded once per distinct text and
//!   entry point ([`modules`]), arguments packed per the PTX launch ABI
//!   ([`params`]), launched with `cuLaunchKernel` ([`ffi`]). Dynamic shared
//!   memory past 48 KiB raises the function's limit first.
//! - Streams and events are CUDA's: `Device::stream()` makes a
//!   non-blocking CUDA stream, an event is a `CUevent`, and the time
//!   between two is the GPU's (`cuEventElapsedTime`).
//! - `LaunchOptions` (bounds checks, the CPU timeout) do not apply: a
//!   fault is CUDA's `CUDA_ERROR_ILLEGAL_ADDRESS`, reported at the next
//!   synchronisation.

mod errors;
mod ffi;
mod modules;
mod params;

use super::{Backend, DeviceEvent, RawArg, RawBuffer, RawStream};
use crate::{BackendKind, DeviceInfo, Error, KernelArtifact, Result, Target};
use cuda_cpu::{LaunchDims, LaunchOptions};
use cudarc::driver::sys::{CUdevice_attribute, CUevent_flags};
use cudarc::driver::{CudaContext, CudaEvent, CudaSlice, CudaStream, DevicePtr};
use errors::{alloc_error, driver_error};
use modules::ModuleCache;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Why there is no CUDA driver, and what to do.
fn no_driver() -> Error {
    Error::BackendUnavailable {
        backend: "cuda".to_string(),
        reason: "no CUDA driver library found (libcuda.so.1 / libcuda.so / nvcuda.dll): \
                 install the NVIDIA driver on a machine with an NVIDIA GPU, or use \
                 `--backend wgpu` / `--backend cpu`"
            .to_string(),
    }
}

/// Runs a first cudarc call, turning a panic inside cudarc (a missing
/// symbol of an old driver) into an `Err`.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !ffi::driver_library_present() {
        return Err(no_driver());
    }
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown failure".to_string());
        Err(Error::BackendUnavailable {
            backend: "cuda".to_string(),
            reason: format!(
                "the CUDA driver library failed during {what}: {detail} (update the NVIDIA driver)"
            ),
        })
    })
}

/// Device memory: a `cuMemAlloc` block, its address, and the bytes in use.
#[derive(Debug)]
pub(crate) struct CudaMem {
    slice: Mutex<CudaSlice<u8>>,
    /// The block's device address.
    pub(crate) ptr: u64,
    len: u64,
    ctx: Arc<CudaContext>,
}

impl Drop for CudaMem {
    fn drop(&mut self) {
        // Kernels on any stream may still use the block: wait before the
        // slice (dropped after this) frees it.
        let _ = self.ctx.synchronize();
    }
}

/// A CUDA event recorded on a stream.
#[derive(Debug)]
struct CudaEventHandle {
    event: CudaEvent,
}

impl DeviceEvent for CudaEventHandle {
    fn synchronize(&self) -> Result<()> {
        self.event
            .synchronize()
            .map_err(|e| driver_error("cuEventSynchronize", e))
    }

    fn elapsed_ms(&self, later: &dyn DeviceEvent) -> Result<f64> {
        let later = later
            .as_any()
            .downcast_ref::<CudaEventHandle>()
            .ok_or(Error::WrongDevice {
                what: "an event of `elapsed_ms`",
            })?;
        later.synchronize()?;
        self.event
            .elapsed_ms(&later.event)
            .map(f64::from)
            .map_err(|e| driver_error("cuEventElapsedTime", e))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The CUDA backend on one device.
#[derive(Debug)]
pub(crate) struct CudaBackend {
    ctx: Arc<CudaContext>,
    /// The default (legacy) stream: uploads, copies, default launches.
    stream: Arc<CudaStream>,
    info: DeviceInfo,
    /// `cudaDevAttrMaxSharedMemoryPerBlockOptin`.
    max_shared_optin: u32,
    modules: Mutex<ModuleCache>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A device attribute, 0 when the driver does not answer.
fn attribute(ctx: &CudaContext, a: CUdevice_attribute) -> i32 {
    ctx.attribute(a).unwrap_or(0)
}

/// What a device is, from an open context.
fn describe(ctx: &CudaContext) -> DeviceInfo {
    let name = ctx.name().unwrap_or_else(|_| "CUDA device".to_string());
    let (major, minor) = ctx.compute_capability().unwrap_or((0, 0));
    let sms = attribute(
        ctx,
        CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
    );
    DeviceInfo {
        backend: BackendKind::Cuda,
        name: format!("{name} (sm_{major}{minor})"),
        compute_units: u32::try_from(sms).unwrap_or(0),
        memory_bytes: ctx.total_mem().ok().map(|b| b as u64),
    }
}

impl CudaBackend {
    /// The device `ordinal`, or an error saying what is missing.
    pub(crate) fn open(ordinal: usize) -> Result<Self> {
        guarded("initialisation", || {
            let count = CudaContext::device_count()
                .map_err(|e| driver_error("cuInit / cuDeviceGetCount", e))?;
            if count <= 0 || ordinal >= count as usize {
                return Err(Error::BackendUnavailable {
                    backend: "cuda".to_string(),
                    reason: format!(
                        "the CUDA driver found {count} device(s), so there is no device {ordinal} \
                         (check `nvidia-smi` and `CUDA_VISIBLE_DEVICES`)"
                    ),
                });
            }
            let ctx = CudaContext::new(ordinal).map_err(|e| {
                driver_error(format!("cuDevicePrimaryCtxRetain (device {ordinal})"), e)
            })?;
            ffi::disable_event_tracking(&ctx);
            let info = describe(&ctx);
            let optin = attribute(
                &ctx,
                CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
            );
            Ok(Self {
                stream: ctx.default_stream(),
                ctx,
                info,
                max_shared_optin: u32::try_from(optin).unwrap_or(0),
                modules: Mutex::new(ModuleCache::default()),
            })
        })
    }

    /// Every CUDA device present (empty without a driver or a device).
    pub(crate) fn list() -> Vec<DeviceInfo> {
        let count = guarded("listing devices", || {
            CudaContext::device_count().map_err(|e| driver_error("cuDeviceGetCount", e))
        })
        .unwrap_or(0);
        (0..usize::try_from(count).unwrap_or(0))
            .filter_map(|i| Self::open(i).ok().map(|b| b.info))
            .collect()
    }

    /// Time spent so far JIT-compiling PTX modules on this device.
    #[allow(dead_code)]
    pub(crate) fn module_load_time(&self) -> Duration {
        lock(&self.modules).load_time
    }

    fn mem<'a>(&self, buf: &'a RawBuffer) -> Result<&'a CudaMem> {
        buf.memory::<CudaMem>()
            .ok_or(Error::WrongDevice { what: "a buffer" })
    }

    fn stream_of<'a>(&'a self, stream: Option<&'a RawStream>) -> Result<&'a Arc<CudaStream>> {
        match stream {
            None => Ok(&self.stream),
            Some(s) => s
                .downcast_ref::<Arc<CudaStream>>()
                .ok_or(Error::WrongDevice { what: "a stream" }),
        }
    }

    fn sync_all(&self) -> Result<()> {
        self.ctx
            .synchronize()
            .map_err(|e| driver_error("cuCtxSynchronize (waiting for queued kernels)", e))
    }
}

/// Checks `offset..offset+len` against `size` bytes.
fn range(offset: u64, len: u64, size: u64) -> Result<std::ops::Range<usize>> {
    match offset.checked_add(len).filter(|&e| e <= size) {
        Some(end) => Ok(offset as usize..end as usize),
        None => Err(Error::OutOfRange {
            start: offset as usize,
            end: offset.saturating_add(len) as usize,
            len: size as usize,
        }),
    }
}

impl Backend for CudaBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Cuda
    }

    fn info(&self) -> DeviceInfo {
        self.info.clone()
    }

    fn alloc(&self, capacity: u64) -> Result<RawBuffer> {
        let bytes = usize::try_from(capacity).map_err(|_| Error::OutOfMemory {
            backend: BackendKind::Cuda,
            bytes: capacity,
        })?;
        let slice = self
            .stream
            .alloc_zeros::<u8>(bytes)
            .map_err(|e| alloc_error(capacity, e))?;
        let (ptr, _) = slice.device_ptr(&self.stream);
        let mem = CudaMem {
            slice: Mutex::new(slice),
            ptr,
            len: capacity,
            ctx: self.ctx.clone(),
        };
        Ok(RawBuffer::new(Box::new(mem), capacity))
    }

    fn set_len(&self, buf: &mut RawBuffer, len: u64) -> Result<()> {
        let capacity = buf.capacity();
        if len > capacity {
            return Err(Error::OutOfRange {
                start: 0,
                end: len as usize,
                len: capacity as usize,
            });
        }
        let mem = buf
            .memory_mut::<CudaMem>()
            .ok_or(Error::WrongDevice { what: "a buffer" })?;
        mem.len = len;
        buf.set_len_field(len);
        Ok(())
    }

    fn write(&self, buf: &RawBuffer, offset: u64, data: &[u8]) -> Result<()> {
        let mem = self.mem(buf)?;
        let r = range(offset, data.len() as u64, mem.len)?;
        if r.is_empty() {
            return Ok(());
        }
        let mut slice = lock(&mem.slice);
        let mut view = slice.slice_mut(r);
        self.stream
            .memcpy_htod(data, &mut view)
            .map_err(|e| driver_error("cuMemcpyHtoDAsync (upload)", e))?;
        self.stream
            .synchronize()
            .map_err(|e| driver_error("cuStreamSynchronize (upload)", e))
    }

    fn read(&self, buf: &RawBuffer, offset: u64, out: &mut [u8]) -> Result<()> {
        let mem = self.mem(buf)?;
        let r = range(offset, out.len() as u64, mem.len)?;
        if r.is_empty() {
            return Ok(());
        }
        self.sync_all()?;
        let slice = lock(&mem.slice);
        self.stream
            .memcpy_dtoh(&slice.slice(r), out)
            .map_err(|e| driver_error("cuMemcpyDtoHAsync (download)", e))?;
        self.stream
            .synchronize()
            .map_err(|e| driver_error("cuStreamSynchronize (download)", e))
    }

    fn copy(
        &self,
        src: &RawBuffer,
        src_offset: u64,
        dst: &RawBuffer,
        dst_offset: u64,
        len: u64,
    ) -> Result<()> {
        let (s, d) = (self.mem(src)?, self.mem(dst)?);
        let rs = range(src_offset, len, s.len)?;
        let rd = range(dst_offset, len, d.len)?;
        if len == 0 {
            return Ok(());
        }
        self.sync_all()?;
        if std::ptr::eq(s, d) {
            // One block (possibly overlapping ranges): through the host.
            let mut staging = vec![0u8; rs.len()];
            self.read(src, src_offset, &mut staging)?;
            return self.write(dst, dst_offset, &staging);
        }
        let from = lock(&s.slice);
        let mut to = lock(&d.slice);
        self.stream
            .memcpy_dtod(&from.slice(rs), &mut to.slice_mut(rd))
            .map_err(|e| driver_error("cuMemcpyDtoDAsync (copy)", e))?;
        self.stream
            .synchronize()
            .map_err(|e| driver_error("cuStreamSynchronize (copy)", e))
    }

    fn launch(
        &self,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()> {
        self.launch_on(None, kernel, dims, args, opts)
    }

    fn synchronize(&self) -> Result<()> {
        self.sync_all()
    }

    fn create_stream(&self) -> Result<Option<RawStream>> {
        let stream = self
            .ctx
            .new_stream()
            .map_err(|e| driver_error("cuStreamCreate", e))?;
        Ok(Some(Arc::new(stream)))
    }

    fn launch_on(
        &self,
        stream: Option<&RawStream>,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        _opts: &LaunchOptions,
    ) -> Result<()> {
        let Some(ptx) = &kernel.ptx else {
            return Err(match kernel.skip_reason(Target::Ptx) {
                Some(reason) => Error::BackendUnavailable {
                    backend: "cuda".to_string(),
                    reason: format!("kernel `{}` has no PTX: {reason}", kernel.name),
                },
                None => Error::NoCodeForBackend {
                    kernel: kernel.name.clone(),
                    backend: BackendKind::Cuda,
                },
            });
        };
        let stream = self.stream_of(stream)?;
        let packed = params::pack(&kernel.name, args)?;
        let shared = dims.dynamic_shared_bytes;
        let function = {
            let mut cache = lock(&self.modules);
            let slot = cache.slot(&self.ctx, &kernel.name, ptx)?;
            let cached = cache
                .get_mut(slot)
                .ok_or_else(|| Error::BackendUnavailable {
                    backend: "cuda".to_string(),
                    reason: "internal: the module cache lost a function".to_string(),
                })?;
            if shared > cached.shared_limit {
                let total = u64::from(shared) + u64::from(kernel.static_shared_bytes);
                if total > u64::from(self.max_shared_optin) {
                    return Err(Error::BadLaunch {
                        kernel: kernel.name.clone(),
                        message: format!(
                            "{shared} bytes of dynamic shared memory plus {} static exceed the \
                             device's limit of {} bytes per block \
                             (sharedMemPerBlockOptin): ask for less",
                            kernel.static_shared_bytes, self.max_shared_optin
                        ),
                    });
                }
                ffi::set_max_dynamic_shared(&cached.function, shared).map_err(|e| {
                    driver_error(
                        format!("cuFuncSetAttribute (MAX_DYNAMIC_SHARED_SIZE_BYTES = {shared})"),
                        e,
                    )
                })?;
                cached.shared_limit = shared;
            }
            cached.function.clone()
        };
        let mut arena = packed.arena;
        let geometry = ffi::Geometry {
            grid: (dims.grid.x, dims.grid.y, dims.grid.z),
            block: (dims.block.x, dims.block.y, dims.block.z),
            shared_bytes: shared,
        };
        ffi::launch(
            &function,
            stream.cu_stream(),
            geometry,
            &mut arena,
            &packed.offsets,
        )
        .map_err(|e| driver_error(format!("cuLaunchKernel (kernel `{}`)", kernel.name), e))
    }

    fn record_event(&self, stream: Option<&RawStream>) -> Result<Option<Arc<dyn DeviceEvent>>> {
        let stream = self.stream_of(stream)?;
        let event = stream
            .record_event(Some(CUevent_flags::CU_EVENT_DEFAULT))
            .map_err(|e| driver_error("cuEventRecord", e))?;
        Ok(Some(Arc::new(CudaEventHandle { event })))
    }

    fn synchronize_stream(&self, stream: Option<&RawStream>) -> Result<()> {
        self.stream_of(stream)?
            .synchronize()
            .map_err(|e| driver_error("cuStreamSynchronize", e))
    }
}
