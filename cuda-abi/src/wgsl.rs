//! A kernel compiled to WGSL: the shader text and the ABI between a
//! launch's arguments and the shader's resources, which the wgpu backend
//! follows without knowing anything else about the kernel.
//!
//! The ABI, all in `@group(0)`:
//! - Each pointer parameter reads and writes a storage buffer binding
//!   ([`WgslBinding`]) that covers the whole argument buffer; the view's
//!   **byte offset** goes into the parameter block as a `u32` and the
//!   shader indexes from it (storage offsets in WebGPU must be 256-byte
//!   aligned, pointer offsets need not be).
//! - One uniform buffer, the parameter block, at [`WgslKernel::params_binding`],
//!   [`WgslKernel::params_size`] bytes. It holds the true grid size as
//!   three `u32` at [`WgslKernel::grid_offset`], every pointer's byte
//!   offset, and every value parameter as its bytes in nvcc's layout
//!   (the shader unpacks them from words).
//! - The grid may be dispatched folded: any `(x, y, z)` workgroup counts,
//!   each ≤ [`WGSL_MAX_DISPATCH`], whose product covers the true number of
//!   blocks. The shader turns the linear workgroup index back into
//!   `blockIdx` and returns at once (uniformly) past the last block.
//! - `blockDim` comes from pipeline-overridable constants named by
//!   [`WgslKernel::block_dim_overrides`]; dynamic `extern __shared__`
//!   bytes from [`WgslKernel::dynamic_shared_override`].

/// Workgroups per dispatch dimension that every WebGPU adapter accepts.
pub const WGSL_MAX_DISPATCH: u32 = 65_535;

/// WGSL for one kernel instance, with its launch ABI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WgslKernel {
    /// The WGSL module text (validated by naga when it was made).
    pub source: String,
    /// The `@compute` entry point.
    pub entry_point: String,
    /// The storage buffer bindings, in binding order.
    pub bindings: Vec<WgslBinding>,
    /// `@binding` of the uniform parameter block.
    pub params_binding: u32,
    /// Size of the parameter block in bytes (a multiple of 16).
    pub params_size: u32,
    /// Byte offset of the true grid size (`x`, `y`, `z` as `u32`) in the
    /// parameter block.
    pub grid_offset: u32,
    /// Where each kernel parameter goes, in parameter order.
    pub params: Vec<WgslParam>,
    /// Names of the override constants set to the launch's `blockDim`
    /// `x`, `y` and `z` (they size the workgroup).
    pub block_dim_overrides: [String; 3],
    /// Name of the override constant set to the launch's dynamic shared
    /// bytes, when the kernel uses `extern __shared__`.
    pub dynamic_shared_override: Option<String>,
    /// Bytes of `var<workgroup>` memory besides dynamic shared memory
    /// (checked against the adapter's limit at launch).
    pub workgroup_bytes: u32,
    /// The shader uses subgroup operations (warp shuffles and votes): the
    /// device must have the `SUBGROUP` feature.
    pub needs_subgroups: bool,
    /// The shader uses `f16` arithmetic: the device must have `SHADER_F16`.
    pub needs_f16: bool,
}

/// One storage buffer binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WgslBinding {
    /// Its `@binding` number.
    pub binding: u32,
    /// The kernel parameters bound here (indices into the parameter list).
    /// More than one means the parameters must point into one buffer.
    pub params: Vec<u32>,
    /// Declared `read` (the kernel never writes through it).
    pub read_only: bool,
}

/// Where one kernel parameter's argument goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WgslParam {
    /// A pointer: its buffer is bound at `WgslKernel::bindings[binding]`,
    /// and its byte offset is written as a `u32` at `offset_slot` in the
    /// parameter block.
    Buffer {
        /// Index into [`WgslKernel::bindings`].
        binding: u32,
        /// Byte offset in the parameter block of the pointer's byte offset.
        offset_slot: u32,
    },
    /// A scalar, struct or vector: its bytes (in nvcc's layout and the
    /// parameter's own width) are copied to `offset` in the parameter block.
    Value {
        /// Byte offset in the parameter block (a multiple of 4).
        offset: u32,
        /// Bytes.
        size: u32,
    },
}
