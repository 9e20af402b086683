//! PTX back end: the Kernel IR written as PTX text for NVIDIA GPUs, with
//! the launch ABI of [`cuda_abi::PtxKernel`].

use crate::back::SourceInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;

/// Options of the PTX back end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtxOptions {
    /// Compute capability: 70 → `.target sm_70`.
    pub sm: u32,
    /// `-use_fast_math`: approximate division, square root and
    /// transcendentals, flush denormals.
    pub fast_math: bool,
}

impl Default for PtxOptions {
    fn default() -> Self {
        Self {
            sm: 80,
            fast_math: false,
        }
    }
}

/// Compiles kernel `kernel_name` of a validated module to PTX.
pub fn compile(
    module: &Module,
    kernel_name: &str,
    opts: &PtxOptions,
    src: Option<SourceInfo<'_>>,
) -> Result<cuda_abi::PtxKernel, Diagnostics> {
    let _ = (module, opts, src);
    Err(vec![Diagnostic::unsupported(format!(
        "the PTX back end is not built yet (kernel `{kernel_name}`)"
    ))])
}
