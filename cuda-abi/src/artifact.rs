//! Kernel artefacts: what a compiled kernel is, as plain data, so the
//! runtime never depends on the compiler. The compiler (or generated code)
//! fills one in per kernel instance; each backend picks the code it runs.

use crate::{PtxKernel, Target, TargetSkip, WgslKernel};
use std::fmt;
use std::sync::Arc;

/// A scalar element type of a kernel parameter or a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `bool`
    Bool,
    /// `signed char`
    I8,
    /// `unsigned char`
    U8,
    /// `short`
    I16,
    /// `unsigned short`
    U16,
    /// `int`
    I32,
    /// `unsigned int`
    U32,
    /// `long long`
    I64,
    /// `unsigned long long`
    U64,
    /// `half`
    F16,
    /// `__nv_bfloat16`
    BF16,
    /// `float`
    F32,
    /// `double`
    F64,
}

impl ScalarType {
    /// Every scalar type, in declaration order.
    pub const ALL: [ScalarType; 13] = [
        ScalarType::Bool,
        ScalarType::I8,
        ScalarType::U8,
        ScalarType::I16,
        ScalarType::U16,
        ScalarType::I32,
        ScalarType::U32,
        ScalarType::I64,
        ScalarType::U64,
        ScalarType::F16,
        ScalarType::BF16,
        ScalarType::F32,
        ScalarType::F64,
    ];

    /// Size in bytes.
    pub fn size(self) -> usize {
        match self {
            ScalarType::Bool | ScalarType::I8 | ScalarType::U8 => 1,
            ScalarType::I16 | ScalarType::U16 | ScalarType::F16 | ScalarType::BF16 => 2,
            ScalarType::I32 | ScalarType::U32 | ScalarType::F32 => 4,
            ScalarType::I64 | ScalarType::U64 | ScalarType::F64 => 8,
        }
    }

    /// Is it a floating type?
    pub fn is_float(self) -> bool {
        matches!(
            self,
            ScalarType::F16 | ScalarType::BF16 | ScalarType::F32 | ScalarType::F64
        )
    }

    /// The short name of run plans and summaries (`f32`, `u8`, …).
    pub fn short_name(self) -> &'static str {
        match self {
            ScalarType::Bool => "bool",
            ScalarType::I8 => "i8",
            ScalarType::U8 => "u8",
            ScalarType::I16 => "i16",
            ScalarType::U16 => "u16",
            ScalarType::I32 => "i32",
            ScalarType::U32 => "u32",
            ScalarType::I64 => "i64",
            ScalarType::U64 => "u64",
            ScalarType::F16 => "f16",
            ScalarType::BF16 => "bf16",
            ScalarType::F32 => "f32",
            ScalarType::F64 => "f64",
        }
    }

    /// The CUDA spelling (`unsigned char`, `float`, …).
    pub fn cuda_name(self) -> &'static str {
        match self {
            ScalarType::Bool => "bool",
            ScalarType::I8 => "signed char",
            ScalarType::U8 => "unsigned char",
            ScalarType::I16 => "short",
            ScalarType::U16 => "unsigned short",
            ScalarType::I32 => "int",
            ScalarType::U32 => "unsigned int",
            ScalarType::I64 => "long long",
            ScalarType::U64 => "unsigned long long",
            ScalarType::F16 => "half",
            ScalarType::BF16 => "__nv_bfloat16",
            ScalarType::F32 => "float",
            ScalarType::F64 => "double",
        }
    }

    /// The type with this short name (`f32` → `F32`).
    pub fn from_short_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.short_name() == name)
    }
}

impl fmt::Display for ScalarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_name())
    }
}

/// What a kernel parameter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// A scalar by value.
    Scalar(ScalarType),
    /// A pointer to global memory: takes a buffer or a view of one.
    Pointer {
        /// Size of the pointee in bytes (`float4*` → 16; 0 for `void*`).
        pointee_size: u32,
        /// Alignment of the pointee in bytes.
        pointee_align: u32,
        /// `const` pointee: the kernel only reads.
        read_only: bool,
    },
    /// A struct or vector by value, passed as its bytes in nvcc's layout.
    Value {
        /// Size in bytes.
        size: u32,
        /// Alignment in bytes.
        align: u32,
    },
}

/// One kernel parameter, as a launch must supply it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamInfo {
    /// The name in the source.
    pub name: String,
    /// The type as CUDA wrote it (`const float *`), for messages.
    pub cuda_type: String,
    /// What it takes.
    pub kind: ParamKind,
}

/// A compiled kernel: its launch signature and the code for each backend
/// that has it. Plain data: the compiler, generated code or a loader fills
/// it in; a backend with no code for a kernel reports so by name.
#[derive(Clone, Default)]
pub struct KernelArtifact {
    /// The name a launch names it by (`reduce<float, 256>`).
    pub name: String,
    /// Parameters in order.
    pub params: Vec<ParamInfo>,
    /// The CPU entry point (generated Rust or the run-time executor).
    pub cpu: Option<Arc<dyn cuda_cpu::CpuKernel>>,
    /// WGSL and its binding ABI, for the wgpu backend.
    pub wgsl: Option<WgslKernel>,
    /// PTX and its entry point, for the CUDA backend.
    pub ptx: Option<PtxKernel>,
    /// Targets the kernel could not be compiled for, each with the reason
    /// (an "unsupported on …" message with its source position), so a
    /// backend refuses the launch by naming it instead of failing blind.
    pub skipped: Vec<TargetSkip>,
    /// The features the kernel uses (`f64`, `warp-ops`, …), so a backend
    /// lacking one can say which.
    pub features: Vec<String>,
    /// Bytes of static `__shared__` memory.
    pub static_shared_bytes: u32,
    /// `__launch_bounds__` maximum threads per block, if declared.
    pub max_threads_per_block: Option<u32>,
}

impl fmt::Debug for KernelArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KernelArtifact")
            .field("name", &self.name)
            .field("params", &self.params)
            .field("cpu", &self.cpu.as_ref().map(|k| k.name().to_string()))
            .field("wgsl", &self.wgsl.as_ref().map(|w| w.source.len()))
            .field("ptx", &self.ptx.as_ref().map(|p| p.source.len()))
            .field("skipped", &self.skipped)
            .field("features", &self.features)
            .field("static_shared_bytes", &self.static_shared_bytes)
            .field("max_threads_per_block", &self.max_threads_per_block)
            .finish()
    }
}

impl KernelArtifact {
    /// An artefact that runs on the CPU backend only, with its signature.
    pub fn cpu(
        name: impl Into<String>,
        params: Vec<ParamInfo>,
        kernel: Arc<dyn cuda_cpu::CpuKernel>,
    ) -> Self {
        Self {
            name: name.into(),
            params,
            cpu: Some(kernel),
            ..Self::default()
        }
    }
}

impl KernelArtifact {
    /// Why the kernel has no code for `target`, if it was recorded.
    pub fn skip_reason(&self, target: Target) -> Option<&str> {
        self.skipped
            .iter()
            .find(|s| s.target == target)
            .map(|s| s.reason.as_str())
    }
}
