//! CUDA driver errors as the runtime's [`Error`]: CUDA's error name plus
//! what it means for a cudawasm user and what to do.

use crate::{BackendKind, Error};
use cudarc::driver::result::DriverError;
use cudarc::driver::sys::CUresult;

/// The advice for a driver error code.
fn advice(code: CUresult) -> &'static str {
    use CUresult as R;
    match code {
        R::CUDA_ERROR_NO_DEVICE => "no CUDA device is visible (check `nvidia-smi` and `CUDA_VISIBLE_DEVICES`, or use `--backend wgpu` / `--backend cpu`)",
        R::CUDA_ERROR_SYSTEM_DRIVER_MISMATCH | R::CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE => "the NVIDIA driver is too old for this program: update the driver",
        R::CUDA_ERROR_UNSUPPORTED_PTX_VERSION => "the driver does not know this PTX ISA version: update the NVIDIA driver, or emit PTX for an older ISA",
        R::CUDA_ERROR_INVALID_PTX | R::CUDA_ERROR_INVALID_IMAGE | R::CUDA_ERROR_NO_BINARY_FOR_GPU => "the driver's PTX compiler rejected the module (its log follows); this is a bug of the PTX back end or of the PTX file given",
        R::CUDA_ERROR_NOT_FOUND => "the module has no entry point of that name",
        R::CUDA_ERROR_ILLEGAL_ADDRESS | R::CUDA_ERROR_MISALIGNED_ADDRESS => "a kernel accessed memory outside its buffers or misaligned; the CUDA context is now unusable: restart the process, and run the plan on the `cpu` backend (bounds-checked) to find the access",
        R::CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES => "the kernel needs more registers or shared memory than a block of this size can have: launch fewer threads per block",
        R::CUDA_ERROR_INVALID_VALUE => "a launch dimension, shared-memory size or argument is outside what the device accepts",
        R::CUDA_ERROR_LAUNCH_TIMEOUT => "the kernel ran past the watchdog's limit: make the grid's work smaller",
        R::CUDA_ERROR_LAUNCH_FAILED | R::CUDA_ERROR_ILLEGAL_INSTRUCTION | R::CUDA_ERROR_HARDWARE_STACK_ERROR | R::CUDA_ERROR_ASSERT => "the kernel faulted; the CUDA context is now unusable: restart the process",
        R::CUDA_ERROR_NOT_INITIALIZED | R::CUDA_ERROR_DEINITIALIZED => "the CUDA driver is not initialised (the process may be shutting down)",
        _ => "see the CUDA driver API's documentation of this error",
    }
}

/// CUDA's name of an error code (`CUDA_ERROR_…`), from the driver when it
/// answers, else the code's Rust name.
pub(super) fn error_name(e: &DriverError) -> String {
    match e.error_name() {
        Ok(name) => name.to_string_lossy().into_owned(),
        Err(_) => format!("{:?}", e.0),
    }
}

/// A failed driver `call` as a runtime error (out of memory as
/// [`Error::OutOfMemory`] of `bytes`, when the call allocated).
pub(super) fn driver_error(call: impl Into<String>, e: DriverError) -> Error {
    Error::Cuda {
        call: call.into(),
        name: error_name(&e),
        message: advice(e.0).to_string(),
    }
}

/// A failed allocation of `bytes`.
pub(super) fn alloc_error(bytes: u64, e: DriverError) -> Error {
    if e.0 == CUresult::CUDA_ERROR_OUT_OF_MEMORY {
        Error::OutOfMemory {
            backend: BackendKind::Cuda,
            bytes,
        }
    } else {
        driver_error(format!("cuMemAlloc ({bytes} bytes)"), e)
    }
}

/// A failed module load, with the JIT's log when it wrote one.
pub(super) fn load_error(kernel: &str, e: DriverError, log: &str) -> Error {
    let mut message = advice(e.0).to_string();
    if !log.is_empty() {
        message.push_str("\n  ptxas log:\n");
        for line in log.lines() {
            message.push_str("    ");
            message.push_str(line);
            message.push('\n');
        }
    }
    Error::Cuda {
        call: format!("cuModuleLoadDataEx (PTX of kernel `{kernel}`)"),
        name: error_name(&e),
        message: message.trim_end().to_string(),
    }
}
