//! Packing launch arguments into `cuLaunchKernel`'s parameter values, per
//! the PTX launch ABI (`cuda_abi::PtxKernel`): a pointer is the buffer's
//! 64-bit device address plus the view's byte offset, a scalar its value
//! in its own width, a struct its bytes in nvcc's layout.

use super::CudaMem;
use crate::backend::RawArg;
use crate::{Error, Result};
use cuda_cpu::ScalarArg;

/// Every parameter's bytes in one 8-byte-aligned arena, and where each
/// starts.
#[derive(Debug, Default)]
pub(super) struct Packed {
    /// The values (u64 words so that every offset is 8-aligned at most).
    pub arena: Vec<u64>,
    /// Byte offset of each parameter.
    pub offsets: Vec<usize>,
}

/// The little-endian bytes of a scalar, in its own width.
fn scalar_bytes(s: &ScalarArg) -> ([u8; 8], usize) {
    let mut out = [0u8; 8];
    let len = match *s {
        ScalarArg::Bool(v) => {
            out[0] = u8::from(v);
            1
        }
        ScalarArg::I8(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::U8(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::I16(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::U16(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::F16(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::I32(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::U32(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::F32(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::I64(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::U64(v) => put(&mut out, &v.to_le_bytes()),
        ScalarArg::F64(v) => put(&mut out, &v.to_le_bytes()),
    };
    (out, len)
}

fn put(out: &mut [u8; 8], bytes: &[u8]) -> usize {
    out[..bytes.len()].copy_from_slice(bytes);
    bytes.len()
}

/// Packs `args` (already checked against the kernel's parameters).
pub(super) fn pack(kernel: &str, args: &[RawArg<'_>]) -> Result<Packed> {
    let mut bytes: Vec<u8> = Vec::with_capacity(args.len() * 8);
    let mut offsets = Vec::with_capacity(args.len());
    for arg in args {
        // Each value starts 8-aligned: enough for every CUDA scalar and
        // for structs of alignment ≤ 8; the driver copies by the kernel's
        // own parameter layout.
        let start = bytes.len().next_multiple_of(8);
        bytes.resize(start, 0);
        offsets.push(start);
        match arg {
            RawArg::Buffer { buf, offset_bytes } => {
                let mem = buf.memory::<CudaMem>().ok_or(Error::WrongDevice {
                    what: "a buffer argument",
                })?;
                let address =
                    mem.ptr
                        .checked_add(*offset_bytes)
                        .ok_or_else(|| Error::BadArguments {
                            kernel: kernel.to_string(),
                            message: format!("a pointer offset of {offset_bytes} bytes overflows"),
                        })?;
                bytes.extend_from_slice(&address.to_le_bytes());
            }
            RawArg::Scalar(s) => {
                let (value, len) = scalar_bytes(s);
                bytes.extend_from_slice(&value[..len]);
            }
            RawArg::Bytes(b) => bytes.extend_from_slice(b),
        }
    }
    // Slack past the last value: a parameter the PTX declares wider than
    // the signature said still reads inside the arena.
    bytes.resize(bytes.len().next_multiple_of(8) + 16, 0);
    let arena = bytes
        .chunks_exact(8)
        .map(|c| {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            u64::from_ne_bytes(w)
        })
        .collect();
    Ok(Packed { arena, offsets })
}
