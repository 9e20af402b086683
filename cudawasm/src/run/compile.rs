//! Getting a CPU kernel out of the compiler: the one seam between `run`
//! and the CPU executor of `cuda-compiler` (`back::cpu::compile`).

use cuda_compiler::ir;
use cuda_compiler::source::Files;
use std::sync::Arc;

/// The CPU executor's kernel for `name`, or why it cannot be had (the
/// CPU back end's diagnostics, rendered against `files`).
pub fn cpu_kernel(
    module: &ir::Module,
    files: &Files,
    name: &str,
) -> Result<Arc<dyn cuda_cpu::CpuKernel>, String> {
    // `cuda_compiler::back::cpu::compile(module, name)` lands with the CPU
    // back end; until then no kernel can run on the CPU.
    let _ = (module, files, name);
    Err("the CPU executor is not built yet (`cuda_compiler::back::cpu`)".to_string())
}
