//! Kernel artefacts as plain data: the one contract between the cudawasm
//! compiler (which fills them in), the code the macros and `cuda-build`
//! generate (which embeds them) and the runtime (which launches them).
//!
//! Nothing here compiles or runs anything. Keeping the types in their own
//! crate lets the compiler's back ends produce exactly what the runtime's
//! backends consume, without either crate depending on the other.

mod artifact;
mod ptx;
mod target;
mod wgsl;

pub use artifact::{KernelArtifact, ParamInfo, ParamKind, ScalarType};
pub use ptx::PtxKernel;
pub use target::{Target, TargetSkip};
pub use wgsl::{WgslBinding, WgslKernel, WgslParam, WGSL_MAX_DISPATCH};
