//! Kernel artefacts from a checked translation unit: the launch signature
//! and features from the IR, plus the code of every requested target.
//! The CLI, the proc macros and `cuda-build` all build artefacts here, so
//! a kernel means the same thing on every surface.

use crate::analysis::kernel_info::kernel_infos;
use crate::back::{self, SourceInfo};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{self, Type};
use crate::Checked;
use cuda_abi::{KernelArtifact, ParamInfo, ParamKind, ScalarType, Target, TargetSkip};

/// Which targets to compile, and how.
#[derive(Debug, Clone)]
pub struct ArtifactOptions {
    /// The targets wanted. One that fails is recorded in
    /// [`KernelArtifact::skipped`] with the reason, not an error.
    pub targets: Vec<Target>,
    /// Options of the WGSL back end.
    pub wgsl: back::wgsl::WgslOptions,
    /// Options of the PTX back end.
    pub ptx: back::ptx::PtxOptions,
}

impl Default for ArtifactOptions {
    fn default() -> Self {
        Self {
            targets: Target::ALL.to_vec(),
            wgsl: Default::default(),
            ptx: Default::default(),
        }
    }
}

/// The runtime's scalar type for an IR scalar.
pub fn scalar_type(s: ir::Scalar) -> ScalarType {
    match s {
        ir::Scalar::Bool => ScalarType::Bool,
        ir::Scalar::I8 => ScalarType::I8,
        ir::Scalar::U8 => ScalarType::U8,
        ir::Scalar::I16 => ScalarType::I16,
        ir::Scalar::U16 => ScalarType::U16,
        ir::Scalar::I32 => ScalarType::I32,
        ir::Scalar::U32 => ScalarType::U32,
        ir::Scalar::I64 => ScalarType::I64,
        ir::Scalar::U64 => ScalarType::U64,
        ir::Scalar::F16 => ScalarType::F16,
        ir::Scalar::BF16 => ScalarType::BF16,
        ir::Scalar::F32 => ScalarType::F32,
        ir::Scalar::F64 => ScalarType::F64,
    }
}

/// The launch signature of a kernel.
pub fn param_infos(module: &ir::Module, kernel: &ir::Kernel) -> Vec<ParamInfo> {
    kernel
        .params
        .iter()
        .map(|p| {
            let kind = match &p.ty {
                Type::Scalar(s) => ParamKind::Scalar(scalar_type(*s)),
                Type::Pointer {
                    pointee, read_only, ..
                } => {
                    let (size, align) = module.size_align(pointee);
                    ParamKind::Pointer {
                        pointee_size: size,
                        pointee_align: align,
                        read_only: *read_only,
                    }
                }
                other => {
                    let (size, align) = module.size_align(other);
                    ParamKind::Value { size, align }
                }
            };
            ParamInfo {
                name: p.name.clone(),
                cuda_type: p.cuda_type.clone(),
                kind,
            }
        })
        .collect()
}

/// Builds the artefact of kernel `kernel_name` (as a launch names it) of a
/// checked unit: signature, features, shared memory and the code of each
/// target in `opts`. The CPU code is the run-time executor.
///
/// Errors: the unit has errors, or it has no such kernel. A target whose
/// back end fails is not an error: it is listed in `skipped` with the
/// first error rendered with its position.
pub fn kernel_artifact(
    checked: &Checked,
    kernel_name: &str,
    opts: &ArtifactOptions,
) -> Result<KernelArtifact, Diagnostics> {
    let Some(module) = &checked.module else {
        return Err(vec![Diagnostic::error(
            "the translation unit has errors; nothing to compile",
        )]);
    };
    let infos = kernel_infos(module);
    let Some(info) = infos.iter().find(|i| i.kernel.name == kernel_name) else {
        let names: Vec<&str> = module.kernels.iter().map(|k| k.name.as_str()).collect();
        return Err(vec![Diagnostic::error(format!(
            "no kernel named `{kernel_name}`"
        ))
        .with_note(format!("kernels in this module: {}", names.join(", ")))]);
    };
    let src = SourceInfo::of(checked);
    let mut artifact = KernelArtifact {
        name: kernel_name.to_string(),
        params: param_infos(module, info.kernel),
        features: info
            .features
            .names()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        static_shared_bytes: u32::try_from(info.shared.static_bytes).unwrap_or(u32::MAX),
        max_threads_per_block: info.launch_bounds.map(|(t, _)| t),
        ..KernelArtifact::default()
    };
    let skip = |target: Target, diags: Diagnostics| TargetSkip {
        target,
        reason: first_error(&diags, checked),
    };
    for &target in &opts.targets {
        match target {
            Target::Cpu => match back::cpu::compile_with_source(module, kernel_name, src) {
                Ok(k) => artifact.cpu = Some(k),
                Err(d) => artifact.skipped.push(skip(target, d)),
            },
            Target::Wgsl => match back::wgsl::compile(module, kernel_name, &opts.wgsl, src) {
                Ok(k) => artifact.wgsl = Some(k),
                Err(d) => artifact.skipped.push(skip(target, d)),
            },
            Target::Ptx => match back::ptx::compile(module, kernel_name, &opts.ptx, src) {
                Ok(k) => artifact.ptx = Some(k),
                Err(d) => artifact.skipped.push(skip(target, d)),
            },
        }
    }
    Ok(artifact)
}

/// The first error of `diags`, as one line with its position
/// (`unsupported on wgpu: \`double\` (k.cu:12:5)`).
pub fn first_error(diags: &[Diagnostic], checked: &Checked) -> String {
    let Some(d) = diags.iter().find(|d| d.is_error()).or(diags.first()) else {
        return "the back end failed without a message".to_string();
    };
    match d.location(&checked.files) {
        Some((file, line, col)) => format!("{} ({file}:{line}:{col})", d.message),
        None => d.message.clone(),
    }
}
