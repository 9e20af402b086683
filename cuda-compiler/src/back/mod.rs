//! Back ends: the Kernel IR to code that runs. Each reads only the IR and
//! the shared analyses, and produces a [`cuda_abi`] artefact part.
//!
//! - [`cpu`]: the CPU executor (register bytecode run by a per-block
//!   scheduler) that implements [`cuda_cpu::CpuKernel`], and the Rust
//!   source of the same kernel for the build-time surfaces.
//! - [`wgsl`]: a `naga::Module`, validated, written as WGSL.
//! - [`ptx`]: PTX text for NVIDIA GPUs.

pub mod cpu;
pub mod ptx;
pub mod wgsl;

use crate::source::{ExpansionMap, Files};
use crate::Checked;

/// Where the source of a module came from, so a back end can put
/// file:line:col on its errors (and the CPU back end on its faults).
#[derive(Clone, Copy)]
pub struct SourceInfo<'a> {
    /// The preprocessor's map from IR spans to original files.
    pub map: &'a ExpansionMap,
    /// The files.
    pub files: &'a Files,
}

impl<'a> SourceInfo<'a> {
    /// The source of a checked translation unit, when it was preprocessed.
    pub fn of(checked: &'a Checked) -> Option<Self> {
        checked.preprocessed.as_ref().map(|p| SourceInfo {
            map: &p.map,
            files: &checked.files,
        })
    }
}
