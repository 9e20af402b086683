//! The CUDA backend's only `unsafe` code: probing for the driver library,
//! loading PTX modules, looking up entry points, setting a function's
//! shared-memory limit and `cuLaunchKernel` with raw `void**` parameters
//! (the launch ABI passes structs by value as bytes, which cudarc's typed
//! launch builder cannot express). Everything else goes through cudarc's
//! safe API.
#![allow(unsafe_code)]

use cudarc::driver::result::DriverError;
use cudarc::driver::sys;
use cudarc::driver::CudaContext;
use std::ffi::{c_void, CString};
use std::sync::Arc;

/// Is a CUDA driver library (`libcuda.so.1`, `libcuda.so`, `nvcuda.dll`,
/// the names cudarc tries) loadable? cudarc panics on its first call when
/// none is, so every path into it asks this first.
pub(super) fn driver_library_present() -> bool {
    // SAFETY: `is_culib_present` only calls `dlopen`/`LoadLibrary` on the
    // driver's library names and drops the handles; loading the NVIDIA
    // driver library runs no initialisers with preconditions on us.
    unsafe { cudarc::driver::sys::is_culib_present() }
}

/// A loaded `CUmodule`, unloaded when dropped (after its functions, which
/// hold an `Arc` of it).
#[derive(Debug)]
pub(super) struct Module {
    raw: sys::CUmodule,
    ctx: Arc<CudaContext>,
}

// SAFETY: a CUmodule handle is a context-wide object the driver allows to
// be used from any thread once the context is current; every use below
// binds the context first.
unsafe impl Send for Module {}
// SAFETY: as for `Send`; the handle is never mutated after loading.
unsafe impl Sync for Module {}

impl Drop for Module {
    fn drop(&mut self) {
        if self.ctx.bind_to_thread().is_ok() {
            // SAFETY: `raw` came from `cuModuleLoadDataEx` in this context
            // and is unloaded exactly once, here; functions of it hold an
            // `Arc<Module>` so none outlives it.
            let _ = unsafe { sys::cuModuleUnload(self.raw) };
        }
    }
}

/// A kernel entry point of a loaded module.
#[derive(Debug, Clone)]
pub(super) struct Function {
    raw: sys::CUfunction,
    /// Keeps the module loaded while the function may be launched.
    module: Arc<Module>,
}

// SAFETY: a CUfunction is an immutable handle into its module, usable from
// any thread with the context current (launches bind it first).
unsafe impl Send for Function {}
// SAFETY: as for `Send`.
unsafe impl Sync for Function {}

/// Loads PTX text (JIT-compiled by the driver for the current device).
/// On failure the error carries the JIT's log (ptxas messages).
pub(super) fn load_ptx(
    ctx: &Arc<CudaContext>,
    ptx: &str,
) -> Result<Arc<Module>, (DriverError, String)> {
    let no_log = |e: DriverError| (e, String::new());
    ctx.bind_to_thread().map_err(no_log)?;
    let image = CString::new(ptx).map_err(|_| {
        (
            DriverError(sys::CUresult::CUDA_ERROR_INVALID_IMAGE),
            "the PTX text contains a NUL byte".to_string(),
        )
    })?;
    let mut log = vec![0u8; 16 * 1024];
    let mut options = [
        sys::CUjit_option::CU_JIT_ERROR_LOG_BUFFER,
        sys::CUjit_option::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
    ];
    let mut values: [*mut c_void; 2] = [log.as_mut_ptr().cast(), log.len() as *mut c_void];
    let mut raw: sys::CUmodule = std::ptr::null_mut();
    // SAFETY: `image` is a NUL-terminated PTX string alive for the call;
    // the two options point at `log`, a writable buffer of the size given
    // (passed by value in the pointer slot, as the driver API specifies),
    // alive for the call; `raw` is a valid out-pointer.
    let result = unsafe {
        sys::cuModuleLoadDataEx(
            &mut raw,
            image.as_ptr().cast(),
            options.len() as u32,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
        )
    };
    result.result().map_err(|e| {
        let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
        (e, String::from_utf8_lossy(&log[..end]).trim().to_string())
    })?;
    Ok(Arc::new(Module {
        raw,
        ctx: ctx.clone(),
    }))
}

/// The entry point `name` of a loaded module.
pub(super) fn get_function(module: &Arc<Module>, name: &str) -> Result<Function, DriverError> {
    module.ctx.bind_to_thread()?;
    let c_name =
        CString::new(name).map_err(|_| DriverError(sys::CUresult::CUDA_ERROR_INVALID_VALUE))?;
    let mut raw: sys::CUfunction = std::ptr::null_mut();
    // SAFETY: `module.raw` is a loaded module (kept alive by the Arc), the
    // name is NUL-terminated and `raw` is a valid out-pointer.
    unsafe { sys::cuModuleGetFunction(&mut raw, module.raw, c_name.as_ptr()) }.result()?;
    Ok(Function {
        raw,
        module: module.clone(),
    })
}

/// Allows `bytes` of dynamic shared memory per block (needed past 48 KiB).
pub(super) fn set_max_dynamic_shared(f: &Function, bytes: u32) -> Result<(), DriverError> {
    f.module.ctx.bind_to_thread()?;
    let value =
        i32::try_from(bytes).map_err(|_| DriverError(sys::CUresult::CUDA_ERROR_INVALID_VALUE))?;
    // SAFETY: `f.raw` is a function of a loaded module (kept alive by the
    // Arc in `f`); the attribute takes an integer value.
    unsafe {
        sys::cuFuncSetAttribute(
            f.raw,
            sys::CUfunction_attribute::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
            value,
        )
    }
    .result()
}

/// One launch's geometry.
#[derive(Debug, Clone, Copy)]
pub(super) struct Geometry {
    pub grid: (u32, u32, u32),
    pub block: (u32, u32, u32),
    pub shared_bytes: u32,
}

/// Queues `f` on `stream` with the packed parameters: `arena` holds every
/// parameter's bytes, each at the offset `offsets` gives, aligned for its
/// type. The driver copies the values before returning, so the arena may
/// be dropped after the call.
pub(super) fn launch(
    f: &Function,
    stream: sys::CUstream,
    geometry: Geometry,
    arena: &mut [u64],
    offsets: &[usize],
) -> Result<(), DriverError> {
    f.module.ctx.bind_to_thread()?;
    let base: *mut u8 = arena.as_mut_ptr().cast();
    let bytes = std::mem::size_of_val(arena);
    let mut params: Vec<*mut c_void> = Vec::with_capacity(offsets.len());
    for &offset in offsets {
        if offset >= bytes {
            return Err(DriverError(sys::CUresult::CUDA_ERROR_INVALID_VALUE));
        }
        // SAFETY: `offset < bytes`, the arena's size, so the pointer stays
        // inside the arena allocation.
        params.push(unsafe { base.add(offset) }.cast());
    }
    let (g, b) = (geometry.grid, geometry.block);
    // SAFETY: `f` is a function of a module kept loaded by its Arc, in the
    // context bound above; `stream` belongs to that context (the caller
    // passes the stream of this device); every `params` entry points at
    // that parameter's value in `arena`, sized and aligned by the caller
    // from the kernel's signature, and alive for the call (the driver
    // copies parameter values at launch); `extra` is null.
    unsafe {
        sys::cuLaunchKernel(
            f.raw,
            g.0,
            g.1,
            g.2,
            b.0,
            b.1,
            b.2,
            geometry.shared_bytes,
            stream,
            params.as_mut_ptr(),
            std::ptr::null_mut(),
        )
    }
    .result()
}

/// Turns off cudarc's per-buffer event tracking for buffers made from now
/// on: the backend orders work itself (reads and copies synchronize the
/// context first, a buffer is freed only after the context is idle), and
/// tracking would add an event record per pointer argument per launch.
pub(super) fn disable_event_tracking(ctx: &CudaContext) {
    // SAFETY: cudarc's precondition is that the caller synchronizes streams
    // itself: `CudaMem` synchronizes the context before its memory is
    // freed, `read`/`copy` synchronize before touching memory a kernel may
    // be writing, and uploads run on the default (legacy) stream, which
    // orders with kernels of the default stream; launches on other streams
    // follow CUDA's own rules for non-blocking streams.
    unsafe { ctx.disable_event_tracking() }
}
