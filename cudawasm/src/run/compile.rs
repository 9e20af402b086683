//! Getting a CPU kernel out of the compiler: the one seam between `run`
//! and the CPU executor of `cuda-compiler` (`back::cpu`).

use cuda_compiler::Checked;
use std::sync::Arc;

/// The CPU executor's kernel for `name` (faults carry source locations),
/// or why it cannot be had (the CPU back end's diagnostics, rendered).
pub fn cpu_kernel(checked: &Checked, name: &str) -> Result<Arc<dyn cuda_cpu::CpuKernel>, String> {
    cuda_compiler::back::cpu::compile_checked(checked, name).map_err(|diags| {
        let text = cuda_compiler::diag::render(&diags, &checked.files);
        format!("\n{}", text.trim_end())
    })
}
