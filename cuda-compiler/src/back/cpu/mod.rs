//! The CPU back end: runs kernels on any CPU.
//!
//! [`compile`] lowers one kernel of a validated module ONCE into its CPU
//! form, a compact register bytecode ([`code`]): device functions inlined,
//! locals in registers unless their address escapes (then in a per-thread
//! frame), every value a run of 64-bit registers, pointers as (memory
//! object, byte offset). The result implements [`cuda_cpu::CpuKernel`]:
//! blocks run in parallel on rayon, threads of a block run region by region
//! between barriers and warps in lockstep at warp points ([`sched`]).
//!
//! Memory safety: every global, shared, constant and local access is
//! checked against its object (bounds and alignment) and stops the launch
//! with [`cuda_cpu::KernelError::Fault`] at the source location of the
//! access; so do integer division by zero and threads of one block waiting
//! at different barriers. [`cuda_cpu::LaunchOptions::timeout`] stops
//! infinite loops (checked on loop back edges).
//!
//! [`cuda_cpu::LaunchOptions::bounds_checks`] `false` skips the bounds and
//! alignment checks (accesses stay inside their arena: safe Rust).
//!
//! [`emit_rust`] prints the same CPU form as Rust source (see [`rust`]);
//! both run on the block scheduler of [`cuda_cpu::exec`].
//!
//! Storage of `__device__` and `__constant__` variables belongs to the
//! compiled kernel: initialised once at compile time and kept across its
//! launches (as a CUDA module's globals are); two compiled kernels do not
//! share them.

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

mod code;
mod intrinsics;
mod lower;
mod ops;
mod rust;
mod vm;

#[cfg(test)]
mod tests;

pub use super::SourceInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;
use crate::source::Span;
use crate::Checked;
use cuda_cpu::exec::{CodeKernel, KernelMeta};
use cuda_cpu::{CpuKernel, GlobalBuffer, SourceLoc};
pub use rust::emit_rust;
use std::sync::Arc;

/// Compiles kernel `kernel_name` (as a launch names it, e.g.
/// `reduce<float, 256>`) of a validated module for the CPU. Faults carry
/// no source location; see [`compile_with_source`].
pub fn compile(module: &Module, kernel_name: &str) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    compile_with_source(module, kernel_name, None)
}

/// [`compile`] for the output of [`crate::check`], with source locations.
pub fn compile_checked(
    checked: &Checked,
    kernel_name: &str,
) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    let Some(module) = &checked.module else {
        return Err(vec![Diagnostic::error(
            "the translation unit has errors; nothing to run",
        )]);
    };
    let src = checked.preprocessed.as_ref().map(|p| SourceInfo {
        map: &p.map,
        files: &checked.files,
    });
    compile_with_source(module, kernel_name, src)
}

/// [`compile`] with the source map for fault locations.
pub fn compile_with_source(
    module: &Module,
    kernel_name: &str,
    src: Option<SourceInfo<'_>>,
) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    let Some(kernel) = module.kernels.iter().find(|k| k.name == kernel_name) else {
        let names: Vec<&str> = module.kernels.iter().map(|k| k.name.as_str()).collect();
        return Err(vec![Diagnostic::error(format!(
            "no kernel named `{kernel_name}`"
        ))
        .with_note(format!("kernels in this module: {}", names.join(", ")))]);
    };
    let lowered = lower::lower(module, kernel.func).map_err(|(d, span)| {
        vec![match src {
            Some(s) if d.span.is_none() => d.at_expanded(span, s.map),
            _ => d,
        }]
    })?;
    let locations = lowered
        .program
        .spans
        .iter()
        .map(|s| locate(src, *s))
        .collect();
    let meta = KernelMeta {
        name: kernel.name.clone(),
        storage: lowered
            .module_storage
            .iter()
            .map(|b| GlobalBuffer::from_bytes(b))
            .collect(),
        objects: lowered.objects,
        params: lowered.params,
        static_shared: lowered.static_shared,
        regs: lowered.program.regs,
        frame: lowered.program.frame,
        locations,
    };
    Ok(Arc::new(CodeKernel::new(meta, vm::Interp(lowered.program))))
}

/// Options of the Rust output of the CPU back end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustOptions {
    /// The path through which generated code names the CPU kernel ABI
    /// crate: `::cuda_cpu` inside this workspace, `::cuda_rt::cpu` in user
    /// crates (which depend on `cuda-rt` only).
    pub runtime_path: String,
}

impl Default for RustOptions {
    fn default() -> Self {
        Self {
            runtime_path: "::cuda_cpu".to_string(),
        }
    }
}

fn locate(src: Option<SourceInfo<'_>>, span: Span) -> Option<SourceLoc> {
    let s = src?;
    let located = s.map.locate(span)?;
    let file = s.files.iter().find(|(id, _)| *id == located.span.file)?.1;
    let (line, col) = file.line_col(located.span.lo);
    Some(SourceLoc {
        file: file.name.clone(),
        line,
        col,
    })
}
