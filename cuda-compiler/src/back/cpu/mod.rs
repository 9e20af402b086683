//! The CPU back end: runs kernels on any CPU.
//!
//! [`compile`] lowers one kernel of a validated module ONCE into its CPU
//! form, a compact register bytecode ([`code`]): device functions inlined,
//! locals in registers unless their address escapes (then in a per-thread
//! frame), every value a run of 64-bit registers, pointers as (memory
//! object, byte offset). The result implements [`cuda_cpu::CpuKernel`]:
//! blocks run in parallel on rayon, threads of a block run region by region
//! between barriers and warps in lockstep at warp points ([`sched`]).
//!
//! Memory safety: every global, shared, constant and local access is
//! checked against its object (bounds and alignment) and stops the launch
//! with [`cuda_cpu::KernelError::Fault`] at the source location of the
//! access; so do integer division by zero and threads of one block waiting
//! at different barriers. [`cuda_cpu::LaunchOptions::timeout`] stops
//! infinite loops (checked on loop back edges).
//!
//! Bounds checks are always on: [`cuda_cpu::LaunchOptions::bounds_checks`]
//! `false` is accepted and ignored (a check costs little next to the
//! interpreter's dispatch, and an unchecked access could not stay safe
//! Rust anyway).
//!
//! Storage of `__device__` and `__constant__` variables belongs to the
//! compiled kernel: initialised once at compile time and kept across its
//! launches (as a CUDA module's globals are); two compiled kernels do not
//! share them.

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

mod code;
mod intrinsics;
mod lower;
mod ops;
mod sched;
mod vm;

#[cfg(test)]
mod tests;

pub use super::SourceInfo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::Module;
use crate::source::Span;
use crate::Checked;
use code::K;
use cuda_cpu::{
    CpuKernel, Dim3, GlobalBuffer, KernelArg, KernelError, KernelFault, LaunchDims, LaunchOptions,
    ScalarArg, SourceLoc,
};
use lower::{Lowered, ObjKind, ParamSlot};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;
use vm::{Launch, ObjRt, Place, Stop};

/// Compiles kernel `kernel_name` (as a launch names it, e.g.
/// `reduce<float, 256>`) of a validated module for the CPU. Faults carry
/// no source location; see [`compile_with_source`].
pub fn compile(module: &Module, kernel_name: &str) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    compile_with_source(module, kernel_name, None)
}

/// [`compile`] for the output of [`crate::check`], with source locations.
pub fn compile_checked(
    checked: &Checked,
    kernel_name: &str,
) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    let Some(module) = &checked.module else {
        return Err(vec![Diagnostic::error(
            "the translation unit has errors; nothing to run",
        )]);
    };
    let src = checked.preprocessed.as_ref().map(|p| SourceInfo {
        map: &p.map,
        files: &checked.files,
    });
    compile_with_source(module, kernel_name, src)
}

/// [`compile`] with the source map for fault locations.
pub fn compile_with_source(
    module: &Module,
    kernel_name: &str,
    src: Option<SourceInfo<'_>>,
) -> Result<Arc<dyn CpuKernel>, Diagnostics> {
    let Some(kernel) = module.kernels.iter().find(|k| k.name == kernel_name) else {
        let names: Vec<&str> = module.kernels.iter().map(|k| k.name.as_str()).collect();
        return Err(vec![Diagnostic::error(format!(
            "no kernel named `{kernel_name}`"
        ))
        .with_note(format!("kernels in this module: {}", names.join(", ")))]);
    };
    let lowered = lower::lower(module, kernel.func).map_err(|(d, span)| {
        vec![match src {
            Some(s) if d.span.is_none() => d.at_expanded(span, s.map),
            _ => d,
        }]
    })?;
    let locations = lowered
        .program
        .spans
        .iter()
        .map(|s| locate(src, *s))
        .collect();
    let storage = lowered
        .module_storage
        .iter()
        .map(|b| GlobalBuffer::from_bytes(b))
        .collect();
    Ok(Arc::new(ExecKernel {
        name: kernel.name.clone(),
        lowered,
        locations,
        storage,
    }))
}

/// Options of the Rust output of the CPU back end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustOptions {
    /// The path through which generated code names the CPU kernel ABI
    /// crate: `::cuda_cpu` inside this workspace, `::cuda_rt::cpu` in user
    /// crates (which depend on `cuda-rt` only).
    pub runtime_path: String,
}

impl Default for RustOptions {
    fn default() -> Self {
        Self {
            runtime_path: "::cuda_cpu".to_string(),
        }
    }
}

/// Prints kernel `kernel_name` as Rust source: items for a module of their
/// own that define `pub fn kernel() -> Arc<dyn CpuKernel>`, so build-time
/// surfaces compile the kernel natively (and to wasm32).
///
/// Not implemented yet: it answers an "unsupported" diagnostic.
pub fn emit_rust(
    module: &Module,
    kernel_name: &str,
    opts: &RustOptions,
    src: Option<SourceInfo<'_>>,
) -> Result<String, Diagnostics> {
    let _ = (opts, src);
    if !module.kernels.iter().any(|k| k.name == kernel_name) {
        return Err(vec![Diagnostic::error(format!(
            "no kernel named `{kernel_name}`"
        ))]);
    }
    Err(vec![Diagnostic::unsupported(
        "Rust source output of the CPU back end (use the executor, `compile`)",
    )])
}

fn locate(src: Option<SourceInfo<'_>>, span: Span) -> Option<SourceLoc> {
    let s = src?;
    let located = s.map.locate(span)?;
    let file = s.files.iter().find(|(id, _)| *id == located.span.file)?.1;
    let (line, col) = file.line_col(located.span.lo);
    Some(SourceLoc {
        file: file.name.clone(),
        line,
        col,
    })
}

/// Bound arguments: initial register values, and the argument buffer of
/// each memory object (by object id).
type Bound<'a> = (Vec<(u32, u64)>, Vec<Option<&'a GlobalBuffer>>);

/// A kernel compiled to the CPU form, run by the executor.
struct ExecKernel {
    name: String,
    lowered: Lowered,
    locations: Vec<Option<SourceLoc>>,
    storage: Vec<GlobalBuffer>,
}

fn scalar_arg(a: ScalarArg) -> (K, u64) {
    match a {
        ScalarArg::Bool(v) => (K::Bool, u64::from(v)),
        ScalarArg::I8(v) => (K::I8, v as i64 as u64),
        ScalarArg::U8(v) => (K::U8, u64::from(v)),
        ScalarArg::I16(v) => (K::I16, v as i64 as u64),
        ScalarArg::U16(v) => (K::U16, u64::from(v)),
        ScalarArg::I32(v) => (K::I32, v as i64 as u64),
        ScalarArg::U32(v) => (K::U32, u64::from(v)),
        ScalarArg::I64(v) => (K::I64, v as u64),
        ScalarArg::U64(v) => (K::U64, v),
        ScalarArg::F16(v) => (K::F16, u64::from(v)),
        ScalarArg::F32(v) => (K::F32, u64::from(v.to_bits())),
        ScalarArg::F64(v) => (K::F64, v.to_bits()),
    }
}

impl ExecKernel {
    fn bad_args(&self, message: String) -> KernelError {
        KernelError::BadArguments {
            kernel: self.name.clone(),
            message,
        }
    }

    /// Register initial values and the argument buffers by object.
    fn bind<'a>(&self, args: &[KernelArg<'a>]) -> Result<Bound<'a>, KernelError> {
        let params = &self.lowered.params;
        if args.len() != params.len() {
            return Err(self.bad_args(format!(
                "expected {} arguments, got {}",
                params.len(),
                args.len()
            )));
        }
        let mut init = Vec::new();
        let mut bufs = vec![None; self.lowered.objects.len()];
        for (i, (slot, arg)) in params.iter().zip(args).enumerate() {
            match (slot, arg) {
                (ParamSlot::Scalar { reg, k }, KernelArg::Scalar(s)) => {
                    let (from, bits) = scalar_arg(*s);
                    init.push((
                        *reg,
                        ops::convert(from, *k, crate::ir::Rounding::Nearest, bits),
                    ));
                }
                (ParamSlot::Pointer { reg, obj }, KernelArg::Buffer { buf, offset_bytes }) => {
                    if *offset_bytes >= 1 << 47 {
                        return Err(self.bad_args(format!("argument {i}: offset too large")));
                    }
                    init.push((*reg, (u64::from(*obj) << 48) | offset_bytes));
                    if let Some(b) = bufs.get_mut(usize::from(*obj)) {
                        *b = Some(*buf);
                    }
                }
                (
                    ParamSlot::Pointer { reg, .. },
                    KernelArg::Scalar(ScalarArg::U64(0) | ScalarArg::I64(0)),
                ) => {
                    init.push((*reg, 0));
                }
                (ParamSlot::Bytes { reg, leaves, size }, KernelArg::Bytes(bytes)) => {
                    if bytes.len() != *size as usize {
                        return Err(self.bad_args(format!(
                            "argument {i}: expected {size} bytes, got {}",
                            bytes.len()
                        )));
                    }
                    for (j, leaf) in leaves.iter().enumerate() {
                        let mut raw = [0u8; 8];
                        let at = leaf.off as usize;
                        let n = leaf.k.size() as usize;
                        if let (Some(dst), Some(src)) = (raw.get_mut(..n), bytes.get(at..at + n)) {
                            dst.copy_from_slice(src);
                        }
                        init.push((reg + j as u32, ops::canon(leaf.k, u64::from_le_bytes(raw))));
                    }
                }
                (ParamSlot::Bytes { reg, leaves, .. }, KernelArg::Scalar(s))
                    if leaves.len() == 1 =>
                {
                    let (from, bits) = scalar_arg(*s);
                    let k = leaves.first().map_or(K::U32, |l| l.k);
                    init.push((
                        *reg,
                        ops::convert(from, k, crate::ir::Rounding::Nearest, bits),
                    ));
                }
                _ => return Err(self.bad_args(format!("argument {i} has the wrong kind"))),
            }
        }
        Ok((init, bufs))
    }

    fn fault(
        &self,
        bid: Dim3,
        dims: &LaunchDims,
        e: sched::BlockError,
        opts: &LaunchOptions,
    ) -> KernelError {
        match e.stop {
            Stop::Fault(kind) => KernelError::Fault(KernelFault {
                kernel: self.name.clone(),
                block: bid,
                thread: sched::thread_dim(dims.block, e.thread),
                location: self.locations.get(e.pc as usize).cloned().flatten(),
                kind,
            }),
            Stop::Timeout | Stop::Aborted => KernelError::Timeout {
                kernel: self.name.clone(),
                limit_ms: opts.timeout.map_or(0, |t| t.as_millis() as u64),
            },
        }
    }
}

impl CpuKernel for ExecKernel {
    fn name(&self) -> &str {
        &self.name
    }

    fn launch(
        &self,
        dims: &LaunchDims,
        args: &[KernelArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<(), KernelError> {
        let bad = |message: &str| KernelError::BadLaunch {
            kernel: self.name.clone(),
            message: message.to_string(),
        };
        let threads = dims.block.volume();
        if threads == 0 || threads > 1024 {
            return Err(bad("a block must have 1 to 1024 threads"));
        }
        if dims.grid.volume() == 0 {
            return Err(bad("the grid is empty"));
        }
        if dims.block.z > 64 || dims.grid.y > 65535 || dims.grid.z > 65535 {
            return Err(bad("grid or block dimension out of range"));
        }
        let stat = u64::from(self.lowered.static_shared.next_multiple_of(16));
        let shared_bytes = stat + u64::from(dims.dynamic_shared_bytes);
        if shared_bytes > 228 * 1024 {
            return Err(bad("more than 228 KiB of shared memory per block"));
        }
        let (init, bufs) = self.bind(args)?;
        let mut objs = Vec::with_capacity(self.lowered.objects.len());
        for (i, o) in self.lowered.objects.iter().enumerate() {
            let none = ObjRt {
                place: Place::Shared,
                base: 0,
                len: 0,
                space: o.space,
            };
            objs.push(match o.kind {
                ObjKind::Arg => match bufs.get(i).copied().flatten() {
                    Some(b) => ObjRt {
                        place: Place::Words(b.words()),
                        base: 0,
                        len: b.len() as u64,
                        space: "global",
                    },
                    None => none,
                },
                ObjKind::Shared(base) => ObjRt {
                    place: Place::Shared,
                    base: u64::from(base),
                    len: o.len,
                    space: "shared",
                },
                ObjKind::DynShared => ObjRt {
                    place: Place::Shared,
                    base: stat,
                    len: u64::from(dims.dynamic_shared_bytes),
                    space: "shared",
                },
                ObjKind::Module(m) => match self.storage.get(m) {
                    Some(b) => ObjRt {
                        place: Place::Words(b.words()),
                        base: 0,
                        len: b.len() as u64,
                        space: o.space,
                    },
                    None => none,
                },
                ObjKind::Local(base) => ObjRt {
                    place: Place::Local,
                    base: u64::from(base),
                    len: o.len,
                    space: "local",
                },
            });
        }
        let stop = AtomicBool::new(false);
        let launch = Launch {
            prog: &self.lowered.program,
            objs,
            grid: dims.grid,
            block: dims.block,
            dyn_shared: dims.dynamic_shared_bytes,
            deadline: opts.timeout.map(|t| Instant::now() + t),
            stop: &stop,
        };
        let g = dims.grid;
        let block_of = |b: u64| {
            let x = u64::from(g.x);
            let y = u64::from(g.y);
            Dim3::new((b % x) as u32, ((b / x) % y) as u32, (b / (x * y)) as u32)
        };
        cuda_cpu::grid::run_blocks(g.volume(), &stop, |b| {
            let bid = block_of(b);
            match sched::run_block(&launch, bid, &init, shared_bytes) {
                Ok(()) => Ok(()),
                Err(e) if e.stop == Stop::Aborted => Ok(()),
                Err(e) => Err(self.fault(bid, dims, e, opts)),
            }
        })
    }
}
