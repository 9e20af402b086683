//! The thread interpreter: runs one thread's bytecode until it exits or
//! parks at a barrier, a warp collective or a `volatile` access.

use super::code::{Op, Program, K};
use super::{intrinsics, ops};
use crate::ir::{AtomicOp, BuiltinValue, Dim};
use cuda_cpu::access::{atomic_rmw, check_access, load, store};
use cuda_cpu::{Dim3, FaultKind};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Instant;

/// Where a memory object's words are.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place<'a> {
    /// Its own words (argument buffers, module storage).
    Words(&'a [AtomicU32]),
    /// The block's shared arena at `base`.
    Shared,
    /// The thread's frame at `base`.
    Local,
}

/// A memory object of one launch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjRt<'a> {
    /// Where.
    pub place: Place<'a>,
    /// Byte offset of the object in its arena.
    pub base: u64,
    /// Size in bytes.
    pub len: u64,
    /// The address space, for faults.
    pub space: &'static str,
}

/// Why a thread stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// It faulted.
    Fault(FaultKind),
    /// The launch ran past its deadline.
    Timeout,
    /// Another block failed; this one gave up.
    Aborted,
}

/// Why a thread paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Park {
    /// It ended.
    Exit,
    /// At a block barrier.
    Barrier,
    /// At a warp collective or `volatile` access.
    Warp,
}

/// What every thread of a launch shares.
pub(crate) struct Launch<'a> {
    /// The code.
    pub prog: &'a Program,
    /// Memory objects by id.
    pub objs: Vec<ObjRt<'a>>,
    /// Grid size.
    pub grid: Dim3,
    /// Block size.
    pub block: Dim3,
    /// Dynamic shared bytes.
    pub dyn_shared: u32,
    /// Stop by this time.
    pub deadline: Option<Instant>,
    /// Set when a block failed.
    pub stop: &'a AtomicBool,
}

/// One thread's identity and private memory.
pub(crate) struct Thread<'b> {
    /// `threadIdx`.
    pub tid: Dim3,
    /// Linear thread index in the block.
    pub linear: u32,
    /// `blockIdx`.
    pub bid: Dim3,
    /// The block's shared arena.
    pub shared: &'b [AtomicU32],
    /// The block's local arena (all frames).
    pub local: &'b [AtomicU32],
    /// Byte offset of this thread's frame in `local`.
    pub frame_base: u64,
    /// Back edges run since the last deadline check.
    pub ticks: u32,
}

type Trap = Stop;

fn dim(d: Dim3, which: Dim) -> u64 {
    u64::from(match which {
        Dim::X => d.x,
        Dim::Y => d.y,
        Dim::Z => d.z,
    })
}

impl Launch<'_> {
    /// Resolves a pointer plus offset to its words and checked byte offset.
    #[inline]
    pub(crate) fn access<'s>(
        &'s self,
        th: &Thread<'s>,
        p: u64,
        off: u32,
        size: u32,
    ) -> Result<(&'s [AtomicU32], u64), FaultKind> {
        let obj = (p >> 48) as usize;
        let offset = (((p << 16) as i64) >> 16).wrapping_add(i64::from(off));
        let Some(o) = self.objs.get(obj) else {
            return Err(FaultKind::OutOfBounds {
                space: "global",
                offset,
                size,
                len: 0,
            });
        };
        let at = check_access(o.space, offset, size, o.len)?;
        Ok(match o.place {
            Place::Words(w) => (w, at),
            Place::Shared => (th.shared, o.base + at),
            Place::Local => (th.local, th.frame_base + o.base + at),
        })
    }

    fn builtin(&self, th: &Thread<'_>, which: BuiltinValue) -> u64 {
        match which {
            BuiltinValue::ThreadIdx(d) => dim(th.tid, d),
            BuiltinValue::BlockIdx(d) => dim(th.bid, d),
            BuiltinValue::BlockDim(d) => dim(self.block, d),
            BuiltinValue::GridDim(d) => dim(self.grid, d),
            BuiltinValue::WarpSize => 32,
            BuiltinValue::LaneId => u64::from(th.linear % 32),
            BuiltinValue::DynamicSharedBytes => u64::from(self.dyn_shared),
        }
    }

    /// Runs a thread from `*pc` until it parks; `*pc` is left at the park
    /// instruction. With `first`, a `volatile` access at `*pc` runs instead
    /// of parking (the warp scheduler's turn for it).
    pub(crate) fn run(
        &self,
        r: &mut [u64],
        pc: &mut u32,
        th: &mut Thread<'_>,
        first: bool,
    ) -> Result<Park, Trap> {
        let ops = &self.prog.ops;
        let mut resume = first;
        loop {
            let Some(op) = ops.get(*pc as usize) else {
                return Ok(Park::Exit);
            };
            match *op {
                Op::Const { dst, bits } => r[dst as usize] = bits,
                Op::Mov { dst, src } => r[dst as usize] = r[src as usize],
                Op::Builtin { dst, which } => r[dst as usize] = self.builtin(th, which),
                Op::Unary { op, k, dst, a } => r[dst as usize] = ops::unary(op, k, r[a as usize]),
                Op::Binary {
                    op, k, dst, a, b, ..
                } => {
                    r[dst as usize] =
                        ops::binary(op, k, r[a as usize], r[b as usize]).map_err(Stop::Fault)?;
                }
                Op::Convert {
                    from,
                    to,
                    rounding,
                    dst,
                    a,
                } => {
                    r[dst as usize] = ops::convert(from, to, rounding, r[a as usize]);
                }
                Op::Bitcast { to, dst, a } => r[dst as usize] = ops::bitcast(to, r[a as usize]),
                Op::Intrinsic {
                    fun,
                    k,
                    rk,
                    dst,
                    args,
                    bk,
                } => {
                    let a = [
                        r[args[0] as usize],
                        r[args[1] as usize],
                        r[args[2] as usize],
                    ];
                    r[dst as usize] = intrinsics::eval(fun, k, rk, bk, a);
                }
                Op::Jump { target } => {
                    *pc = target;
                    continue;
                }
                Op::JumpBack { target } => {
                    th.ticks += 1;
                    if th.ticks >= 1 << 14 {
                        th.ticks = 0;
                        self.check_time()?;
                    }
                    *pc = target;
                    continue;
                }
                Op::JumpIf { cond, target } => {
                    if r[cond as usize] != 0 {
                        *pc = target;
                        continue;
                    }
                }
                Op::JumpIfNot { cond, target } => {
                    if r[cond as usize] == 0 {
                        *pc = target;
                        continue;
                    }
                }
                Op::MakePtr { dst, obj } => r[dst as usize] = u64::from(obj) << 48,
                Op::PtrIndex {
                    dst,
                    p,
                    idx,
                    k,
                    scale,
                } => {
                    let i = r[idx as usize];
                    let i = if k.is_signed() { i as i64 } else { i as i64 };
                    r[dst as usize] = ptr_add(r[p as usize], i.wrapping_mul(scale));
                }
                Op::PtrAdd { dst, p, off } => r[dst as usize] = ptr_add(r[p as usize], off),
                Op::Load {
                    dst,
                    p,
                    off,
                    k,
                    volatile,
                } => {
                    if volatile && !resume {
                        return Ok(Park::Warp);
                    }
                    let (w, at) = self
                        .access(th, r[p as usize], off, k.size())
                        .map_err(Stop::Fault)?;
                    r[dst as usize] = ops::canon(k, load(w, at, k.size()));
                }
                Op::Store {
                    p,
                    off,
                    src,
                    k,
                    volatile,
                } => {
                    if volatile && !resume {
                        return Ok(Park::Warp);
                    }
                    let (w, at) = self
                        .access(th, r[p as usize], off, k.size())
                        .map_err(Stop::Fault)?;
                    store(w, at, k.size(), r[src as usize]);
                }
                Op::Atomic {
                    op,
                    k,
                    dst,
                    p,
                    v,
                    cmp,
                } => {
                    let (w, at) = self
                        .access(th, r[p as usize], 0, k.size())
                        .map_err(Stop::Fault)?;
                    let (v, c) = (r[v as usize], r[cmp as usize]);
                    let old = atomic_rmw(w, at, k.size(), |old| {
                        atomic_new(op, k, ops::canon(k, old), v, c)
                    });
                    r[dst as usize] = ops::canon(k, old);
                }
                Op::Warp { .. } | Op::SyncWarp => return Ok(Park::Warp),
                Op::Barrier { .. } => return Ok(Park::Barrier),
                Op::Exit => return Ok(Park::Exit),
            }
            resume = false;
            *pc += 1;
        }
    }

    fn check_time(&self) -> Result<(), Trap> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(Stop::Aborted);
        }
        if let Some(d) = self.deadline {
            if Instant::now() > d {
                return Err(Stop::Timeout);
            }
        }
        Ok(())
    }
}

#[inline]
fn ptr_add(p: u64, delta: i64) -> u64 {
    let obj = p & !((1u64 << 48) - 1);
    let off = p.wrapping_add(delta as u64) & ((1u64 << 48) - 1);
    obj | off
}

/// The new value of an atomic, or `None` to leave memory as is.
fn atomic_new(op: AtomicOp, k: K, old: u64, v: u64, cmp: u64) -> Option<u64> {
    use crate::ir::BinaryOp as B;
    let arith = |bop| ops::binary(bop, k, old, v).unwrap_or(old);
    let less = |a: u64, b: u64| {
        if k.is_float() {
            ops::to_f64(k, a) < ops::to_f64(k, b)
        } else if k.is_signed() {
            (a as i64) < (b as i64)
        } else {
            a < b
        }
    };
    Some(match op {
        AtomicOp::Add => arith(B::Add),
        AtomicOp::Sub => arith(B::Sub),
        AtomicOp::Exchange => v,
        AtomicOp::Min => {
            if less(v, old) {
                v
            } else {
                old
            }
        }
        AtomicOp::Max => {
            if less(old, v) {
                v
            } else {
                old
            }
        }
        AtomicOp::Inc => {
            if old >= v {
                0
            } else {
                old + 1
            }
        }
        AtomicOp::Dec => {
            if old == 0 || old > v {
                v
            } else {
                old - 1
            }
        }
        AtomicOp::CompareExchange => {
            if old == ops::canon(k, cmp) {
                v
            } else {
                return None;
            }
        }
        AtomicOp::And => old & v,
        AtomicOp::Or => old | v,
        AtomicOp::Xor => old ^ v,
    })
}
