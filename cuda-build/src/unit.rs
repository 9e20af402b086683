//! One translation unit → everything the generated module needs: per
//! kernel its Rust signature, its artefact (WGSL, PTX, skips) and the Rust
//! source of its CPU form; the structs its signatures use; its warnings.
//! Both the proc macros and the build-script helper start here.

use crate::signature::{rust_ident, ElemTy, RustParam, RustStruct, Signatures};
use cuda_abi::{KernelArtifact, ParamInfo, Target, TargetSkip};
use cuda_compiler::artifact::{kernel_artifact, ArtifactOptions};
use cuda_compiler::back::{self, cpu::RustOptions, SourceInfo};
use cuda_compiler::diag::{self, Diagnostic};
use cuda_compiler::source::FileId;
use cuda_compiler::Checked;
use std::fmt;

/// What to compile a unit for.
#[derive(Debug, Clone, Default)]
pub struct UnitOptions {
    /// Targets the user asked for by name: one that fails is an error.
    /// `None`: every target, and one that fails is recorded as skipped.
    pub targets: Option<Vec<Target>>,
}

/// How a kernel's dynamic shared memory is sized in its launch function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DynamicShared {
    /// A count of elements of the one `extern __shared__` array type.
    Elems(ElemTy),
    /// Bytes (several `extern __shared__` element types).
    Bytes,
}

/// One kernel instance, ready for code generation.
#[derive(Debug)]
pub struct KernelGen {
    /// The Rust function name (`reduce_float_256`).
    pub rust_name: String,
    /// The CUDA signature, for docs (`saxpy(int n, const float * x)`).
    pub signature: String,
    /// Parameters: Rust name and type.
    pub params: Vec<(String, RustParam)>,
    /// The artefact without its CPU entry point (that is `cpu_rust`).
    pub artifact: KernelArtifact,
    /// The Rust source of the CPU form, when the CPU target compiled.
    pub cpu_rust: Option<String>,
    /// Dynamic shared memory, when the kernel uses it.
    pub dynamic_shared: Option<DynamicShared>,
}

/// A whole unit, ready for code generation.
#[derive(Debug, Default)]
pub struct UnitGen {
    /// The kernels, in source order.
    pub kernels: Vec<KernelGen>,
    /// Structs the signatures use.
    pub structs: Vec<RustStruct>,
    /// Warnings, each rendered as rustc does.
    pub warnings: Vec<String>,
}

/// A compile error of a unit, in the forms each surface reports it.
#[derive(Debug, Clone)]
pub struct UnitError {
    /// The first error's message, one line.
    pub message: String,
    /// Every diagnostic rendered as rustc does (`error: …\n --> k.cu:3:5`).
    pub rendered: String,
    /// `file:line:col` of the first error, when it has a position.
    pub location: Option<(String, u32, u32)>,
    /// Byte range of the first error in the main file, for mapping it back
    /// to the tokens of `cuda! { … }`.
    pub main_range: Option<(u32, u32)>,
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rendered.trim_end())
    }
}

impl std::error::Error for UnitError {}

impl UnitError {
    /// An error with no source position.
    pub fn plain(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            rendered: format!("error: {message}\n"),
            message,
            location: None,
            main_range: None,
        }
    }

    /// The first error of `diags` (all rendered).
    pub fn from_diagnostics(diags: &[Diagnostic], checked: &Checked) -> Self {
        let first = diags.iter().find(|d| d.is_error()).or(diags.first());
        let Some(first) = first else {
            return Self::plain("the compiler failed without a message");
        };
        let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        Self {
            message: first.message.clone(),
            rendered: diag::render(&errors, &checked.files),
            location: first.location(&checked.files),
            main_range: first
                .span
                .filter(|s| s.file == FileId(0))
                .map(|s| (s.lo, s.hi)),
        }
    }
}

/// Compiles every kernel instance of a checked unit.
pub fn compile_unit(checked: &Checked, opts: &UnitOptions) -> Result<UnitGen, UnitError> {
    let warnings: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| diag::render(std::slice::from_ref(d), &checked.files))
        .collect();
    let module = match &checked.module {
        Some(m) if !checked.has_errors() => m,
        _ => return Err(UnitError::from_diagnostics(&checked.diagnostics, checked)),
    };
    let mut unit = UnitGen {
        warnings,
        ..UnitGen::default()
    };
    for template in &module.kernel_templates {
        unit.warnings.push(format!(
            "warning: template kernel `{template}` has no instance, so no launch function\n  \
             = help: ask for one, e.g. `instances = [\"name<float>\"]`\n"
        ));
    }
    let mut sigs = Signatures::default();
    let wanted = opts.targets.clone().unwrap_or_else(|| Target::ALL.to_vec());
    let gpu_targets: Vec<Target> = wanted
        .iter()
        .copied()
        .filter(|t| *t != Target::Cpu)
        .collect();
    let src = SourceInfo::of(checked);
    let dynamic_types: Vec<_> = module
        .globals
        .iter()
        .filter(|g| g.dynamic)
        .map(|g| match &g.ty {
            cuda_compiler::ir::Type::Array(elem, _) => (**elem).clone(),
            other => other.clone(),
        })
        .collect();
    let infos = cuda_compiler::analysis::kernel_info::kernel_infos(module);
    for kernel in &module.kernels {
        let uses_dynamic = infos
            .iter()
            .find(|i| i.kernel.name == kernel.name)
            .is_some_and(|i| i.shared.uses_dynamic);
        let art_opts = ArtifactOptions {
            targets: gpu_targets.clone(),
            ..ArtifactOptions::default()
        };
        let mut artifact = kernel_artifact(checked, &kernel.name, &art_opts)
            .map_err(|d| UnitError::from_diagnostics(&d, checked))?;
        let cpu_rust = if wanted.contains(&Target::Cpu) {
            let rust_opts = RustOptions {
                runtime_path: "::cuda_rt::cpu".to_string(),
            };
            match back::cpu::emit_rust(module, &kernel.name, &rust_opts, src) {
                Ok(code) => Some(code),
                Err(d) => {
                    artifact.skipped.push(TargetSkip {
                        target: Target::Cpu,
                        reason: cuda_compiler::artifact::first_error(&d, checked),
                    });
                    None
                }
            }
        } else {
            None
        };
        if let Some(requested) = &opts.targets {
            if let Some(skip) = artifact
                .skipped
                .iter()
                .find(|s| requested.contains(&s.target))
            {
                return Err(requested_target_failed(
                    checked,
                    &kernel.name,
                    skip,
                    &art_opts,
                ));
            }
        }
        let mut params = Vec::new();
        for (p, info) in kernel.params.iter().zip(&artifact.params) {
            let ty = sigs
                .param(module, &p.ty)
                .map_err(|what| param_error(&kernel.name, info, &what))?;
            params.push((param_name(info, params.len()), ty));
        }
        let dynamic_shared = if uses_dynamic {
            let mut elems = dynamic_types.iter().map(|t| sigs.elem(module, t).ok());
            match elems.next() {
                Some(Some(first)) if elems.all(|e| e.as_ref() == Some(&first)) => {
                    Some(DynamicShared::Elems(first))
                }
                _ => Some(DynamicShared::Bytes),
            }
        } else {
            None
        };
        let signature = format!(
            "{}({})",
            kernel.name,
            artifact
                .params
                .iter()
                .map(|p| format!("{} {}", p.cuda_type, p.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
        unit.kernels.push(KernelGen {
            rust_name: unique_name(&unit.kernels, rust_ident(&kernel.name)),
            signature,
            params,
            artifact,
            cpu_rust,
            dynamic_shared,
        });
    }
    unit.structs = sigs.structs;
    Ok(unit)
}

fn param_name(info: &ParamInfo, index: usize) -> String {
    if info.name.is_empty() {
        format!("arg{index}")
    } else {
        rust_ident(&info.name)
    }
}

fn unique_name(done: &[KernelGen], name: String) -> String {
    let taken = |n: &str| done.iter().any(|k| k.rust_name == n);
    if !taken(&name) {
        return name;
    }
    (2..)
        .map(|i| format!("{name}_{i}"))
        .find(|n| !taken(n))
        .unwrap_or(name)
}

fn param_error(kernel: &str, info: &ParamInfo, what: &str) -> UnitError {
    UnitError::plain(format!(
        "unsupported: {what} in a typed launch function (kernel `{kernel}`, parameter `{} {}`)",
        info.cuda_type, info.name
    ))
}

/// A target the user asked for by name failed: the back end's own
/// diagnostics, so the error points into the CUDA source.
fn requested_target_failed(
    checked: &Checked,
    kernel: &str,
    skip: &TargetSkip,
    opts: &ArtifactOptions,
) -> UnitError {
    let src = SourceInfo::of(checked);
    let diags = checked
        .module
        .as_ref()
        .and_then(|module| match skip.target {
            Target::Wgsl => back::wgsl::compile(module, kernel, &opts.wgsl, src).err(),
            Target::Ptx => back::ptx::compile(module, kernel, &opts.ptx, src).err(),
            Target::Cpu => back::cpu::emit_rust(module, kernel, &RustOptions::default(), src).err(),
        });
    let mut err = match diags {
        Some(d) if !d.is_empty() => UnitError::from_diagnostics(&d, checked),
        _ => UnitError::plain(skip.reason.clone()),
    };
    err.message = format!(
        "kernel `{kernel}` cannot be compiled for target `{}`: {}",
        skip.target, err.message
    );
    err.rendered = format!(
        "error: kernel `{kernel}` cannot be compiled for the requested target `{}`\n{}",
        skip.target, err.rendered
    );
    err
}
