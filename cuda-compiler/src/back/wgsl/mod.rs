//! WGSL back end: the Kernel IR lowered to a `naga::Module`, validated by
//! naga, written as WGSL, with the launch ABI of [`cuda_abi::WgslKernel`].

use crate::back::SourceInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;

/// Options of the WGSL back end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WgslOptions {
    /// Lower warp operations through workgroup memory even when subgroups
    /// could be used (adapters without the `SUBGROUP` feature).
    pub emulate_subgroups: bool,
}

/// Compiles kernel `kernel_name` of a validated module to WGSL.
///
/// Every construct WebGPU cannot express (`double`, 64-bit atomics, …)
/// is an "unsupported on wgpu: …" error at its span.
pub fn compile(
    module: &Module,
    kernel_name: &str,
    opts: &WgslOptions,
    src: Option<SourceInfo<'_>>,
) -> Result<cuda_abi::WgslKernel, Diagnostics> {
    let _ = (module, opts, src);
    Err(vec![Diagnostic::unsupported(format!(
        "the WGSL back end is not built yet (kernel `{kernel_name}`)"
    ))])
}
