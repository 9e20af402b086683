//! Tests of the CPU executor: conformance kernels against references
//! computed in plain Rust, and faults.

mod corpus;
mod faults;

use super::compile_checked;
use crate::source::SourceFile;
use crate::{check, check_file, Options};
use cuda_cpu::{
    CpuKernel, Dim3, GlobalBuffer, KernelArg, KernelError, LaunchDims, LaunchOptions, ScalarArg,
};
use std::path::PathBuf;
use std::sync::Arc;

/// Compiles `kernel` of conformance file `file`.
pub(super) fn corpus_kernel(file: &str, kernel: &str) -> Arc<dyn CpuKernel> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance")
        .join(file);
    let checked = check_file(&path, &Options::default());
    assert!(checked.module.is_some(), "{}", checked.render_diagnostics());
    match compile_checked(&checked, kernel) {
        Ok(k) => k,
        Err(d) => panic!("{d:?}"),
    }
}

/// Compiles `kernel` of a CUDA snippet.
pub(super) fn snippet_kernel(src: &str, kernel: &str) -> Arc<dyn CpuKernel> {
    let checked = check(
        SourceFile::new("snippet.cu", None, src),
        &Options::default(),
    );
    assert!(checked.module.is_some(), "{}", checked.render_diagnostics());
    match compile_checked(&checked, kernel) {
        Ok(k) => k,
        Err(d) => panic!("{d:?}"),
    }
}

pub(super) fn dims(grid: (u32, u32), block: (u32, u32), smem: u32) -> LaunchDims {
    LaunchDims {
        grid: Dim3::new(grid.0, grid.1, 1),
        block: Dim3::new(block.0, block.1, 1),
        dynamic_shared_bytes: smem,
    }
}

pub(super) fn buf_f32(v: &[f32]) -> GlobalBuffer {
    GlobalBuffer::from_bytes(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>())
}

pub(super) fn buf_u32(v: &[u32]) -> GlobalBuffer {
    GlobalBuffer::from_bytes(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>())
}

pub(super) fn read_f32(b: &GlobalBuffer) -> Vec<f32> {
    b.to_bytes()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(super) fn read_u32(b: &GlobalBuffer) -> Vec<u32> {
    b.to_bytes()
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(super) fn ptr(b: &GlobalBuffer) -> KernelArg<'_> {
    KernelArg::Buffer {
        buf: b,
        offset_bytes: 0,
    }
}

pub(super) fn i32a(v: i32) -> KernelArg<'static> {
    KernelArg::Scalar(ScalarArg::I32(v))
}

pub(super) fn u32a(v: u32) -> KernelArg<'static> {
    KernelArg::Scalar(ScalarArg::U32(v))
}

pub(super) fn f32a(v: f32) -> KernelArg<'static> {
    KernelArg::Scalar(ScalarArg::F32(v))
}

pub(super) fn run(k: &dyn CpuKernel, d: LaunchDims, args: &[KernelArg<'_>]) {
    if let Err(e) = k.launch(&d, args, &LaunchOptions::default()) {
        panic!("{e}");
    }
}

pub(super) fn run_err(
    k: &dyn CpuKernel,
    d: LaunchDims,
    args: &[KernelArg<'_>],
    opts: &LaunchOptions,
) -> KernelError {
    match k.launch(&d, args, opts) {
        Ok(()) => panic!("the launch should have failed"),
        Err(e) => e,
    }
}

/// A deterministic pseudo-random sequence.
pub(super) fn lcg(n: usize, seed: u32) -> Vec<u32> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            s >> 8
        })
        .collect()
}

pub(super) fn close(a: f32, b: f32, rel: f32) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}
