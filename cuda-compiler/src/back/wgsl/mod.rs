//! WGSL back end: the Kernel IR lowered to a `naga::Module`, validated by
//! naga, written as WGSL, with the launch ABI of [`cuda_abi::WgslKernel`].
//!
//! Memory model: every region of memory the kernel can address (each
//! pointer parameter's storage buffer, all `__shared__` memory, escaping
//! locals, initialised `__constant__` data, the parameter block) is an
//! array of 32-bit words addressed by byte offset, so pointer arithmetic,
//! reinterpreting casts, structs in nvcc's layout and 8/16-bit data all
//! work the same way. See `regions.rs` and `memory.rs`.
//!
//! Layout by concern: `regions` (which memory exists and where pointers
//! point), `module` (types, region arrays, parameter block, overrides),
//! `func` (the per-function builder), `expr`, `memory`, `stmt`,
//! `atomics`, `warp` (collectives through workgroup memory), `math`,
//! `entry` (folded grid → `blockIdx`), `constants`.

mod atomics;
mod constants;
mod entry;
mod expr;
mod func;
mod math;
mod memory;
mod module;
mod regions;
mod stmt;
mod warp;

use crate::analysis::call_graph::CallGraph;
use crate::analysis::features::{kernel_features, Feature};
use crate::back::SourceInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;
use crate::source::Span;

/// Names of the `blockDim` override constants, in `x`, `y`, `z` order.
pub const BLOCK_DIM_OVERRIDES: [&str; 3] = ["block_dim_x", "block_dim_y", "block_dim_z"];
/// Name of the dynamic shared bytes override constant.
pub const DYNAMIC_SHARED_OVERRIDE: &str = "dynamic_shared_bytes";
/// Name of the `@compute` entry point.
pub const ENTRY_POINT: &str = "main";

/// Options of the WGSL back end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WgslOptions {
    /// Lower warp operations through workgroup memory even when subgroups
    /// could be used (adapters without the `SUBGROUP` feature). Today warp
    /// operations are always emulated (CUDA's 32 lanes on any adapter).
    pub emulate_subgroups: bool,
}

/// Something WebGPU cannot run, and where.
#[derive(Debug, Clone)]
pub(crate) struct Unsupported {
    /// What, in words ("`double`: …").
    pub what: String,
    /// Where in the preprocessed text.
    pub span: Option<Span>,
}

impl Unsupported {
    /// Without a location (the caller's statement is used when known).
    pub fn new(what: impl Into<String>) -> Self {
        Unsupported {
            what: what.into(),
            span: None,
        }
    }

    /// At a span.
    pub fn at(what: impl Into<String>, span: Span) -> Self {
        Unsupported {
            what: what.into(),
            span: Some(span),
        }
    }

    fn into_diagnostic(self, src: Option<SourceInfo<'_>>) -> Diagnostic {
        let d = Diagnostic::error(format!("unsupported on wgpu: {}", self.what));
        match (self.span, src) {
            (Some(span), Some(src)) => d.at_expanded(span, src.map),
            _ => d,
        }
    }
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
    let _ = opts;
    let Some(kernel) = module.kernels.iter().find(|k| k.name == kernel_name) else {
        return Err(vec![Diagnostic::error(format!(
            "no kernel named `{kernel_name}` in this module"
        ))]);
    };
    let graph = CallGraph::new(module);
    let features = kernel_features(module, &graph, kernel.func);
    for (f, what) in [
        (Feature::F64, "`double`: WGSL has no 64-bit floating type"),
        (
            Feature::Atomics64,
            "64-bit atomics: WGSL atomics are 32-bit",
        ),
        (
            Feature::I64,
            "64-bit integers (`long long`, `size_t`, …): WGSL has no 64-bit integer type",
        ),
    ] {
        if features.contains(f) {
            let u = Unsupported {
                what: what.into(),
                span: features.span(f),
            };
            return Err(vec![u.into_diagnostic(src)]);
        }
    }
    entry::compile_kernel(module, kernel, &graph).map_err(|e| {
        let span = e.span.or(Some(module.function(kernel.func).span));
        vec![Unsupported { span, ..e }.into_diagnostic(src)]
    })
}

/// Validates a naga module and writes it as WGSL. A failure is an
/// internal error naming the kernel.
pub(crate) fn validate_and_write(
    naga_module: &naga::Module,
    kernel: &str,
) -> Result<String, Unsupported> {
    use naga::valid::{Capabilities, ValidationFlags, Validator};
    let caps = Capabilities::SHADER_FLOAT16_IN_FLOAT32;
    let info = Validator::new(ValidationFlags::all(), caps)
        .validate(naga_module)
        .map_err(|e| {
            Unsupported::new(format!(
                "internal error: naga rejected the WGSL made for kernel `{kernel}`: {}",
                e.emit_to_string("")
            ))
        })?;
    let text =
        naga::back::wgsl::write_string(naga_module, &info, naga::back::wgsl::WriterFlags::empty())
            .map_err(|e| {
                Unsupported::new(format!(
                    "internal error: writing WGSL for kernel `{kernel}` failed: {e}"
                ))
            })?;
    Ok(fix_override_sized_arrays(naga_module, text))
}

/// Works around two gaps of naga 30's WGSL writer: it drops the element
/// type of an override-sized array (`array<N>`; put back as
/// `array<u32, N>`)…
fn fix_override_sized_arrays(naga_module: &naga::Module, mut text: String) -> String {
    for (_, ty) in naga_module.types.iter() {
        if let naga::TypeInner::Array {
            base,
            size: naga::ArraySize::Pending(o),
            ..
        } = ty.inner
        {
            let Some(name) = naga_module.overrides[o].name.as_deref() else {
                continue;
            };
            let elem = match naga_module.types[base].inner {
                naga::TypeInner::Atomic(_) => "atomic<u32>",
                _ => "u32",
            };
            text = text.replace(&format!("array<{name}>"), &format!("array<{elem}, {name}>"));
        }
    }
    // …and writes the entry point's literal workgroup size instead of
    // `workgroup_size_overrides`.
    let names = BLOCK_DIM_OVERRIDES.join(", ");
    text.replace(
        "@workgroup_size(1, 1, 1)",
        &format!("@workgroup_size({names})"),
    )
}
