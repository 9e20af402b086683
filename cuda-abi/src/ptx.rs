//! A kernel compiled to PTX: what the CUDA backend loads and launches.

/// PTX for one kernel instance.
///
/// Launch ABI (what the CUDA backend passes, in parameter order, as
/// `cuLaunchKernel`'s `kernelParams`): a pointer parameter takes the
/// 64-bit device address of its buffer plus the view's byte offset; a
/// scalar takes its value in the parameter's own width (`bool` one byte,
/// `half` two); a struct or vector by value takes its bytes in nvcc's
/// layout ([`crate::ParamKind::Value`]). The PTX declares parameters to
/// match (`.param .u64`, `.param .f32`, `.param .align A .b8 p[N]`).
/// Dynamic shared memory is the launch's `sharedMemBytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtxKernel {
    /// The PTX module text (one `.entry`, plus the functions it calls).
    pub source: String,
    /// The `.entry` name to look up in the loaded module.
    pub entry_point: String,
    /// The `.target` it was written for, e.g. `sm_80`.
    pub target: String,
}
