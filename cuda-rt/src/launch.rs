//! Launch geometry and arguments, checked against the kernel's signature
//! before any backend runs it.

use crate::backend::RawArg;
use crate::{BufferSlice, DeviceBuffer, Error, KernelArtifact, ParamKind, Result, ScalarType};
use bytemuck::Pod;
use cuda_cpu::{Dim3, LaunchDims, ScalarArg};
use std::borrow::Cow;

/// CUDA's limit on threads per block.
pub const MAX_THREADS_PER_BLOCK: u64 = 1024;

/// Grid, block and dynamic shared memory of a launch (`<<<grid, block,
/// shared_bytes>>>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaunchConfig {
    /// Blocks in the grid.
    pub grid: Dim3,
    /// Threads per block.
    pub block: Dim3,
    /// Bytes of `extern __shared__` memory.
    pub shared_bytes: u32,
}

impl LaunchConfig {
    /// The threads per block [`LaunchConfig::for_elems`] uses.
    pub const DEFAULT_BLOCK: u32 = 256;

    /// One thread per element: blocks of 256 threads, enough blocks to
    /// cover `n` (at least one).
    pub fn for_elems(n: u32) -> Self {
        Self {
            grid: Dim3::new(n.div_ceil(Self::DEFAULT_BLOCK).max(1), 1, 1),
            block: Dim3::new(Self::DEFAULT_BLOCK, 1, 1),
            shared_bytes: 0,
        }
    }

    /// A 1-D launch of `grid` blocks of `block` threads.
    pub fn linear(grid: u32, block: u32) -> Self {
        Self {
            grid: Dim3::new(grid, 1, 1),
            block: Dim3::new(block, 1, 1),
            shared_bytes: 0,
        }
    }

    /// The same launch with `bytes` of dynamic shared memory.
    pub fn with_shared_bytes(self, bytes: u32) -> Self {
        Self {
            shared_bytes: bytes,
            ..self
        }
    }

    /// Checks CUDA's limits (no zero dimension, at most 1024 threads per
    /// block, grid y/z ≤ 65535) and the kernel's `__launch_bounds__`, and
    /// gives the dimensions a backend launches with.
    pub fn validate(&self, kernel: &KernelArtifact) -> Result<LaunchDims> {
        let bad = |message: String| Error::BadLaunch {
            kernel: kernel.name.clone(),
            message,
        };
        let (g, b) = (self.grid, self.block);
        if g.volume() == 0 || b.volume() == 0 {
            return Err(bad(format!(
                "grid {g} and block {b} must have no zero dimension"
            )));
        }
        if b.volume() > MAX_THREADS_PER_BLOCK || b.z > 64 {
            return Err(bad(format!(
                "block {b} has {} threads; CUDA allows at most {MAX_THREADS_PER_BLOCK} (and z ≤ 64)",
                b.volume()
            )));
        }
        if g.y > 65535 || g.z > 65535 {
            return Err(bad(format!("grid {g}: y and z must be at most 65535")));
        }
        if let Some(max) = kernel.max_threads_per_block {
            if b.volume() > u64::from(max) {
                return Err(bad(format!(
                    "block {b} has {} threads but the kernel's `__launch_bounds__` allows {max}",
                    b.volume()
                )));
            }
        }
        Ok(LaunchDims {
            grid: g,
            block: b,
            dynamic_shared_bytes: self.shared_bytes,
        })
    }
}

/// One launch argument: a buffer or view (a pointer parameter), a scalar,
/// or a struct's bytes. Built with `From`: `(&buf).into()`,
/// `buf.slice(4..)?.into()`, `2.5f32.into()`.
#[derive(Debug, Clone)]
pub struct KernelArg<'a>(pub(crate) ArgValue<'a>);

#[derive(Debug, Clone)]
pub(crate) enum ArgValue<'a> {
    Buffer {
        raw: Option<&'a crate::backend::RawBuffer>,
        offset_bytes: u64,
        device_id: u64,
    },
    Scalar(ScalarArg),
    Bytes(Cow<'a, [u8]>),
}

impl<'a> KernelArg<'a> {
    /// A struct or vector passed by value, as its bytes in nvcc's layout.
    pub fn bytes(bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        KernelArg(ArgValue::Bytes(bytes.into()))
    }

    /// A scalar already typed as the parameter's type.
    pub fn scalar(value: ScalarArg) -> Self {
        KernelArg(ArgValue::Scalar(value))
    }
}

impl<'a, T: Pod> From<BufferSlice<'a, T>> for KernelArg<'a> {
    fn from(slice: BufferSlice<'a, T>) -> Self {
        let buf = slice.buffer();
        KernelArg(ArgValue::Buffer {
            raw: buf.raw().ok(),
            offset_bytes: slice.offset_bytes(),
            device_id: buf.device().id(),
        })
    }
}

impl<'a, T: Pod> From<&'a DeviceBuffer<T>> for KernelArg<'a> {
    fn from(buf: &'a DeviceBuffer<T>) -> Self {
        KernelArg(ArgValue::Buffer {
            raw: buf.raw().ok(),
            offset_bytes: 0,
            device_id: buf.device().id(),
        })
    }
}

impl<'a, T: Pod> From<&'a mut DeviceBuffer<T>> for KernelArg<'a> {
    fn from(buf: &'a mut DeviceBuffer<T>) -> Self {
        KernelArg::from(&*buf)
    }
}

macro_rules! scalar_from {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for KernelArg<'_> {
            fn from(v: $t) -> Self {
                KernelArg(ArgValue::Scalar(ScalarArg::$v(v)))
            }
        }
    )*};
}
scalar_from!(bool => Bool, i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32,
    u32 => U32, i64 => I64, u64 => U64, f32 => F32, f64 => F64);

impl From<half::f16> for KernelArg<'_> {
    fn from(v: half::f16) -> Self {
        KernelArg(ArgValue::Scalar(ScalarArg::F16(v.to_bits())))
    }
}

/// The scalar type of a scalar argument.
pub(crate) fn scalar_type(s: &ScalarArg) -> ScalarType {
    match s {
        ScalarArg::Bool(_) => ScalarType::Bool,
        ScalarArg::I8(_) => ScalarType::I8,
        ScalarArg::U8(_) => ScalarType::U8,
        ScalarArg::I16(_) => ScalarType::I16,
        ScalarArg::U16(_) => ScalarType::U16,
        ScalarArg::I32(_) => ScalarType::I32,
        ScalarArg::U32(_) => ScalarType::U32,
        ScalarArg::I64(_) => ScalarType::I64,
        ScalarArg::U64(_) => ScalarType::U64,
        ScalarArg::F16(_) => ScalarType::F16,
        ScalarArg::F32(_) => ScalarType::F32,
        ScalarArg::F64(_) => ScalarType::F64,
    }
}

/// Matches arguments to parameters; the backend's view of them.
pub(crate) fn check_args<'a>(
    kernel: &KernelArtifact,
    device_id: u64,
    args: &'a [KernelArg<'a>],
) -> Result<Vec<RawArg<'a>>> {
    let bad = |message: String| Error::BadArguments {
        kernel: kernel.name.clone(),
        message,
    };
    if args.len() != kernel.params.len() {
        return Err(bad(format!(
            "the kernel takes {} arguments, {} given",
            kernel.params.len(),
            args.len()
        )));
    }
    let mut raw = Vec::with_capacity(args.len());
    for (i, (arg, param)) in args.iter().zip(&kernel.params).enumerate() {
        let what = format!(
            "argument {} (`{}` of type `{}`)",
            i + 1,
            param.name,
            param.cuda_type
        );
        match (&param.kind, &arg.0) {
            (
                ParamKind::Pointer { pointee_align, .. },
                ArgValue::Buffer {
                    raw: buf,
                    offset_bytes,
                    device_id: owner,
                },
            ) => {
                if *owner != device_id {
                    return Err(Error::WrongDevice {
                        what: "a buffer argument",
                    });
                }
                let buf = buf.ok_or(Error::WrongDevice { what: "a buffer" })?;
                let align = u64::from((*pointee_align).max(1));
                if offset_bytes % align != 0 {
                    return Err(bad(format!(
                        "{what}: a pointer {offset_bytes} bytes into its buffer is not \
                         aligned to {align} bytes"
                    )));
                }
                raw.push(RawArg::Buffer {
                    buf,
                    offset_bytes: *offset_bytes,
                });
            }
            (ParamKind::Scalar(ty), ArgValue::Scalar(s)) => {
                if scalar_type(s) != *ty {
                    return Err(bad(format!(
                        "{what}: a `{}` scalar given where the parameter takes `{}`",
                        scalar_type(s).cuda_name(),
                        ty.cuda_name()
                    )));
                }
                raw.push(RawArg::Scalar(*s));
            }
            (ParamKind::Value { size, .. }, ArgValue::Bytes(bytes)) => {
                if bytes.len() != *size as usize {
                    return Err(bad(format!(
                        "{what}: {} bytes given for a value of {size} bytes",
                        bytes.len()
                    )));
                }
                raw.push(RawArg::Bytes(Cow::Borrowed(bytes)));
            }
            (kind, value) => {
                let wanted = match kind {
                    ParamKind::Pointer { .. } => "a buffer",
                    ParamKind::Scalar(_) => "a scalar",
                    ParamKind::Value { .. } => "a struct's bytes",
                };
                let given = match value {
                    ArgValue::Buffer { .. } => "a buffer",
                    ArgValue::Scalar(_) => "a scalar",
                    ArgValue::Bytes(_) => "bytes",
                };
                return Err(bad(format!("{what}: takes {wanted}, {given} given")));
            }
        }
    }
    Ok(raw)
}
