//! A kernel of the CPU form as a [`CpuKernel`]: its compile-time facts
//! ([`KernelMeta`]) plus its thread code; launching binds the arguments,
//! lays out the memory objects and runs the blocks in parallel.

use super::sched::{run_block, thread_dim, BlockError};
use super::{Launch, ObjDef, ObjKind, ObjRt, ParamSlot, Place, Stop, ThreadCode};
use crate::sem::{canon, convert, Round, K};
use crate::{
    CpuKernel, Dim3, GlobalBuffer, KernelArg, KernelError, KernelFault, LaunchDims, LaunchOptions,
    ScalarArg, SourceLoc,
};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// What a launch needs to know about a compiled kernel besides its code.
#[derive(Debug)]
pub struct KernelMeta {
    /// The kernel's name as launches give it.
    pub name: String,
    /// Memory objects; index = object id (0 is the null object).
    pub objects: Vec<ObjDef>,
    /// Per kernel parameter.
    pub params: Vec<ParamSlot>,
    /// Storage of `__constant__`/`__device__` variables, initialised once
    /// and kept across launches (as a CUDA module's globals are).
    pub storage: Vec<GlobalBuffer>,
    /// Bytes of static shared memory.
    pub static_shared: u32,
    /// Registers per thread.
    pub regs: u32,
    /// Bytes of thread-local memory per thread.
    pub frame: u32,
    /// Source location of each instruction (fault reports).
    pub locations: Vec<Option<SourceLoc>>,
}

/// A [`CpuKernel`] made of its facts and its thread code.
pub struct CodeKernel<C> {
    meta: KernelMeta,
    code: C,
}

/// Bound arguments: initial register values, and the argument buffer of
/// each memory object (by object id).
type Bound<'a> = (Vec<(u32, u64)>, Vec<Option<&'a GlobalBuffer>>);

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

impl<C: ThreadCode> CodeKernel<C> {
    /// Pairs a kernel's facts with its code.
    pub fn new(meta: KernelMeta, code: C) -> Self {
        Self { meta, code }
    }

    /// The kernel's facts.
    pub fn meta(&self) -> &KernelMeta {
        &self.meta
    }

    fn bad_args(&self, message: String) -> KernelError {
        KernelError::BadArguments {
            kernel: self.meta.name.clone(),
            message,
        }
    }

    /// Register initial values and the argument buffers by object.
    fn bind<'a>(&self, args: &[KernelArg<'a>]) -> Result<Bound<'a>, KernelError> {
        let params = &self.meta.params;
        if args.len() != params.len() {
            return Err(self.bad_args(format!(
                "expected {} arguments, got {}",
                params.len(),
                args.len()
            )));
        }
        let mut init = Vec::new();
        let mut bufs = vec![None; self.meta.objects.len()];
        for (i, (slot, arg)) in params.iter().zip(args).enumerate() {
            match (slot, arg) {
                (ParamSlot::Scalar { reg, k }, KernelArg::Scalar(s)) => {
                    let (from, bits) = scalar_arg(*s);
                    init.push((*reg, convert(from, *k, Round::Nearest, bits)));
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
                        init.push((reg + j as u32, canon(leaf.k, u64::from_le_bytes(raw))));
                    }
                }
                (ParamSlot::Bytes { reg, leaves, .. }, KernelArg::Scalar(s))
                    if leaves.len() == 1 =>
                {
                    let (from, bits) = scalar_arg(*s);
                    let k = leaves.first().map_or(K::U32, |l| l.k);
                    init.push((*reg, convert(from, k, Round::Nearest, bits)));
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
        e: BlockError,
        opts: &LaunchOptions,
    ) -> KernelError {
        match e.stop {
            Stop::Fault(kind) => KernelError::Fault(KernelFault {
                kernel: self.meta.name.clone(),
                block: bid,
                thread: thread_dim(dims.block, e.thread),
                location: self.meta.locations.get(e.pc as usize).cloned().flatten(),
                kind,
            }),
            Stop::Timeout | Stop::Aborted => KernelError::Timeout {
                kernel: self.meta.name.clone(),
                limit_ms: opts.timeout.map_or(0, |t| t.as_millis() as u64),
            },
        }
    }

    fn objects<'a>(
        &'a self,
        bufs: &[Option<&'a GlobalBuffer>],
        stat: u64,
        dims: &LaunchDims,
    ) -> Vec<ObjRt<'a>> {
        let mut objs = Vec::with_capacity(self.meta.objects.len());
        for (i, o) in self.meta.objects.iter().enumerate() {
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
                ObjKind::Module(m) => match self.meta.storage.get(m) {
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
        objs
    }
}

impl<C: ThreadCode> CpuKernel for CodeKernel<C> {
    fn name(&self) -> &str {
        &self.meta.name
    }

    fn launch(
        &self,
        dims: &LaunchDims,
        args: &[KernelArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<(), KernelError> {
        let bad = |message: &str| KernelError::BadLaunch {
            kernel: self.meta.name.clone(),
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
        let stat = u64::from(self.meta.static_shared.next_multiple_of(16));
        let shared_bytes = stat + u64::from(dims.dynamic_shared_bytes);
        if shared_bytes > 228 * 1024 {
            return Err(bad("more than 228 KiB of shared memory per block"));
        }
        let (init, bufs) = self.bind(args)?;
        let stop = AtomicBool::new(false);
        let launch = Launch {
            objs: self.objects(&bufs, stat, dims),
            grid: dims.grid,
            block: dims.block,
            dyn_shared: dims.dynamic_shared_bytes,
            deadline: opts.timeout.map(|t| Instant::now() + t),
            stop: &stop,
            checks: opts.bounds_checks,
        };
        let g = dims.grid;
        let block_of = |b: u64| {
            let x = u64::from(g.x);
            let y = u64::from(g.y);
            Dim3::new((b % x) as u32, ((b / x) % y) as u32, (b / (x * y)) as u32)
        };
        let nregs = self.meta.regs as usize;
        let frame = u64::from(self.meta.frame);
        crate::grid::run_blocks(g.volume(), &stop, |b| {
            let bid = block_of(b);
            match run_block(&self.code, nregs, frame, &launch, bid, &init, shared_bytes) {
                Ok(()) => Ok(()),
                Err(e) if e.stop == Stop::Aborted => Ok(()),
                Err(e) => Err(self.fault(bid, dims, e, opts)),
            }
        })
    }
}
