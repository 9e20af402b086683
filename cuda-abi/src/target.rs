//! The code targets a kernel is compiled for, and why one may be missing.

use std::fmt;

/// A code target of the compiler (one per runtime backend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Rust (generated at build time) or the run-time executor.
    Cpu,
    /// WGSL for WebGPU (the wgpu backend).
    Wgsl,
    /// PTX for NVIDIA GPUs (the CUDA backend).
    Ptx,
}

impl Target {
    /// Every target, in the order `Device::auto` does not use (stable).
    pub const ALL: [Target; 3] = [Target::Cpu, Target::Wgsl, Target::Ptx];

    /// The lower-case name used in options and messages (`cpu`, `wgsl`, `ptx`).
    pub fn name(self) -> &'static str {
        match self {
            Target::Cpu => "cpu",
            Target::Wgsl => "wgsl",
            Target::Ptx => "ptx",
        }
    }

    /// The target with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A target a kernel has no code for, and the compiler's reason, e.g.
/// `unsupported on wgpu: \`double\` (kernels/k.cu:12:5)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSkip {
    /// The target left out.
    pub target: Target,
    /// The first error the compiler gave for it, with its position.
    pub reason: String,
}
