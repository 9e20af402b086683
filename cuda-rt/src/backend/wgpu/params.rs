//! The launch ABI of `cuda_abi::WgslKernel` on the host side: the uniform
//! parameter block (true grid, pointer byte offsets, value bytes) and which
//! buffer each storage binding gets, refusing aliasing WebGPU forbids.

use crate::backend::RawArg;
use crate::{BackendKind, Error, KernelArtifact, Result, WgslKernel, WgslParam};
use cuda_cpu::{Dim3, ScalarArg};

/// A scalar argument's bytes in its own width, little-endian (nvcc's layout).
pub(super) fn scalar_bytes(s: &ScalarArg) -> Vec<u8> {
    match *s {
        ScalarArg::Bool(v) => vec![u8::from(v)],
        ScalarArg::I8(v) => v.to_le_bytes().to_vec(),
        ScalarArg::U8(v) => vec![v],
        ScalarArg::I16(v) => v.to_le_bytes().to_vec(),
        ScalarArg::U16(v) | ScalarArg::F16(v) => v.to_le_bytes().to_vec(),
        ScalarArg::I32(v) => v.to_le_bytes().to_vec(),
        ScalarArg::U32(v) => v.to_le_bytes().to_vec(),
        ScalarArg::I64(v) => v.to_le_bytes().to_vec(),
        ScalarArg::U64(v) => v.to_le_bytes().to_vec(),
        ScalarArg::F32(v) => v.to_le_bytes().to_vec(),
        ScalarArg::F64(v) => v.to_le_bytes().to_vec(),
    }
}

/// An error in the artefact's ABI itself (the compiler's bug, not the
/// caller's): says which kernel and what is inconsistent.
fn abi_error(kernel: &KernelArtifact, message: String) -> Error {
    Error::BadLaunch {
        kernel: kernel.name.clone(),
        message: format!("its WGSL launch ABI is inconsistent: {message}"),
    }
}

/// Copies `bytes` to `at` in the block, checking the bounds.
fn put(block: &mut [u8], at: u32, bytes: &[u8], kernel: &KernelArtifact, what: &str) -> Result<()> {
    let start = at as usize;
    let end = start + bytes.len();
    let size = block.len();
    let slot = block.get_mut(start..end).ok_or_else(|| {
        abi_error(
            kernel,
            format!("{what} at bytes {start}..{end} lies outside the {size}-byte parameter block"),
        )
    })?;
    slot.copy_from_slice(bytes);
    Ok(())
}

/// The parameter block for one launch of `grid`.
pub(super) fn param_block(
    kernel: &KernelArtifact,
    wgsl: &WgslKernel,
    grid: Dim3,
    args: &[RawArg<'_>],
) -> Result<Vec<u8>> {
    let mut block = vec![0u8; wgsl.params_size as usize];
    let grid_bytes: Vec<u8> = [grid.x, grid.y, grid.z]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    put(
        &mut block,
        wgsl.grid_offset,
        &grid_bytes,
        kernel,
        "the grid size",
    )?;
    if wgsl.params.len() != args.len() {
        return Err(abi_error(
            kernel,
            format!(
                "{} parameters placed for {} arguments",
                wgsl.params.len(),
                args.len()
            ),
        ));
    }
    for ((place, arg), info) in wgsl.params.iter().zip(args).zip(&kernel.params) {
        let what = format!("parameter `{}`", info.name);
        match (place, arg) {
            (WgslParam::Buffer { offset_slot, .. }, RawArg::Buffer { offset_bytes, .. }) => {
                let offset = u32::try_from(*offset_bytes).map_err(|_| Error::Unsupported {
                    backend: BackendKind::Wgpu,
                    message: format!(
                        "argument `{}` points {offset_bytes} bytes into its buffer; WGSL \
                         offsets stop at 4 GiB",
                        info.name
                    ),
                })?;
                put(
                    &mut block,
                    *offset_slot,
                    &offset.to_le_bytes(),
                    kernel,
                    &what,
                )?;
            }
            (WgslParam::Value { offset, size }, RawArg::Scalar(s)) => {
                let bytes = scalar_bytes(s);
                check_size(kernel, &what, *size, bytes.len())?;
                put(&mut block, *offset, &bytes, kernel, &what)?;
            }
            (WgslParam::Value { offset, size }, RawArg::Bytes(bytes)) => {
                check_size(kernel, &what, *size, bytes.len())?;
                put(&mut block, *offset, bytes, kernel, &what)?;
            }
            _ => {
                return Err(abi_error(
                    kernel,
                    format!("{what} is placed as a different kind of argument"),
                ))
            }
        }
    }
    Ok(block)
}

fn check_size(kernel: &KernelArtifact, what: &str, size: u32, given: usize) -> Result<()> {
    if given == size as usize {
        return Ok(());
    }
    Err(abi_error(
        kernel,
        format!("{what} has a {size}-byte slot for a {given}-byte value"),
    ))
}

/// The buffer bound at each storage binding, in binding order. Refuses an
/// argument buffer that two bindings share when one of them is writable
/// (WebGPU forbids it), unless the artefact bound both parameters together.
pub(super) fn bound_buffers<'a>(
    kernel: &KernelArtifact,
    wgsl: &WgslKernel,
    args: &[RawArg<'a>],
) -> Result<Vec<&'a crate::backend::RawBuffer>> {
    let mut bound: Vec<&'a crate::backend::RawBuffer> = Vec::with_capacity(wgsl.bindings.len());
    for binding in &wgsl.bindings {
        let mut chosen: Option<(&'a crate::backend::RawBuffer, u32)> = None;
        for &p in &binding.params {
            let Some(RawArg::Buffer { buf, .. }) = args.get(p as usize) else {
                return Err(abi_error(
                    kernel,
                    format!(
                        "binding {} names parameter {p}, not a pointer",
                        binding.binding
                    ),
                ));
            };
            match chosen {
                None => chosen = Some((buf, p)),
                Some((first, q)) if !std::ptr::eq(first, *buf) => {
                    return Err(Error::Unsupported {
                        backend: BackendKind::Wgpu,
                        message: format!(
                            "kernel `{}`: arguments `{}` and `{}` must point into one buffer \
                             (the shader reaches both through one binding)",
                            kernel.name,
                            param_name(kernel, q),
                            param_name(kernel, p)
                        ),
                    })
                }
                Some(_) => {}
            }
        }
        let Some((buf, _)) = chosen else {
            return Err(abi_error(
                kernel,
                format!("binding {} has no parameter", binding.binding),
            ));
        };
        bound.push(buf);
    }
    for (i, a) in wgsl.bindings.iter().enumerate() {
        for (j, b) in wgsl.bindings.iter().enumerate().skip(i + 1) {
            let same = std::ptr::eq(bound[i], bound[j]);
            if same && !(a.read_only && b.read_only) {
                return Err(Error::Unsupported {
                    backend: BackendKind::Wgpu,
                    message: format!(
                        "kernel `{}`: arguments `{}` and `{}` alias one buffer, and WebGPU \
                         cannot bind a buffer twice when the kernel writes through it (pass \
                         separate buffers)",
                        kernel.name,
                        first_param(kernel, a),
                        first_param(kernel, b),
                    ),
                });
            }
        }
    }
    Ok(bound)
}

fn param_name(kernel: &KernelArtifact, index: u32) -> &str {
    kernel
        .params
        .get(index as usize)
        .map_or("?", |p| p.name.as_str())
}

fn first_param<'k>(kernel: &'k KernelArtifact, binding: &crate::WgslBinding) -> &'k str {
    binding
        .params
        .first()
        .map_or("?", |&p| param_name(kernel, p))
}
