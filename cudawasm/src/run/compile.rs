//! Getting a kernel's code for the chosen backend out of the compiler: the
//! one seam between `run` and the back ends of `cuda-compiler`.

use cuda_compiler::back::{self, SourceInfo};
use cuda_compiler::diag::Diagnostics;
use cuda_compiler::Checked;
use cuda_rt::{BackendKind, KernelArtifact};

/// Compiles `artifact`'s kernel for the backend `kind` and stores the code
/// in the artefact, or says why it cannot be had (the back end's
/// diagnostics, rendered with their source positions).
pub fn add_code(
    checked: &Checked,
    kind: BackendKind,
    artifact: &mut KernelArtifact,
) -> Result<(), String> {
    let name = artifact.name.as_str();
    let render = |diags: Diagnostics| {
        let text = cuda_compiler::diag::render(&diags, &checked.files);
        format!("\n{}", text.trim_end())
    };
    match kind {
        BackendKind::Cpu => {
            artifact.cpu = Some(back::cpu::compile_checked(checked, name).map_err(render)?);
        }
        BackendKind::Wgpu | BackendKind::Cuda => {
            let Some(module) = &checked.module else {
                return Err("the translation unit has errors".to_string());
            };
            let src = SourceInfo::of(checked);
            if kind == BackendKind::Wgpu {
                let opts = back::wgsl::WgslOptions::default();
                artifact.wgsl =
                    Some(back::wgsl::compile(module, name, &opts, src).map_err(render)?);
            } else {
                let opts = back::ptx::PtxOptions::default();
                artifact.ptx = Some(back::ptx::compile(module, name, &opts, src).map_err(render)?);
            }
        }
    }
    Ok(())
}
