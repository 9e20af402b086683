//! The thread interpreter: runs one thread's bytecode until it exits or
//! parks at a barrier, a warp collective or a synchronised access. The
//! block scheduler and memory objects are [`cuda_cpu::exec`]'s, shared with
//! the generated Rust.

use super::code::{Op, Program, K};
use super::{intrinsics, ops};
use crate::ir::{BarrierReduce, BinaryOp, BuiltinValue, Dim, ShuffleMode, WarpOp};
use cuda_cpu::access::{atomic_rmw, load, store};
use cuda_cpu::exec::{
    indexed, ptr_add, Launch, Park, Point, Reduce, Shfl, Stop, Thread, ThreadCode, WarpKind,
};
use cuda_cpu::Dim3;

/// The interpreter: a kernel's bytecode as [`ThreadCode`].
pub(crate) struct Interp(pub Program);

fn dim(d: Dim3, which: Dim) -> u64 {
    u64::from(match which {
        Dim::X => d.x,
        Dim::Y => d.y,
        Dim::Z => d.z,
    })
}

fn builtin(l: &Launch<'_>, th: &Thread<'_>, which: BuiltinValue) -> u64 {
    match which {
        BuiltinValue::ThreadIdx(d) => dim(th.tid, d),
        BuiltinValue::BlockIdx(d) => dim(th.bid, d),
        BuiltinValue::BlockDim(d) => dim(l.block, d),
        BuiltinValue::GridDim(d) => dim(l.grid, d),
        BuiltinValue::WarpSize => 32,
        BuiltinValue::LaneId => u64::from(th.linear % 32),
        BuiltinValue::DynamicSharedBytes => u64::from(l.dyn_shared),
    }
}

/// The scheduler's name of a warp collective.
pub(crate) fn warp_kind(op: WarpOp) -> WarpKind {
    match op {
        WarpOp::Shuffle(m) => WarpKind::Shuffle(match m {
            ShuffleMode::Idx => Shfl::Idx,
            ShuffleMode::Up => Shfl::Up,
            ShuffleMode::Down => Shfl::Down,
            ShuffleMode::Xor => Shfl::Xor,
        }),
        WarpOp::All => WarpKind::All,
        WarpOp::Any => WarpKind::Any,
        WarpOp::Uni => WarpKind::Uni,
        WarpOp::Ballot => WarpKind::Ballot,
        WarpOp::ActiveMask => WarpKind::ActiveMask,
        WarpOp::MatchAny => WarpKind::MatchAny,
        WarpOp::MatchAll => WarpKind::MatchAll,
        WarpOp::ReduceAdd => WarpKind::ReduceAdd,
        WarpOp::ReduceMin => WarpKind::ReduceMin,
        WarpOp::ReduceMax => WarpKind::ReduceMax,
        WarpOp::ReduceAnd => WarpKind::ReduceAnd,
        WarpOp::ReduceOr => WarpKind::ReduceOr,
        WarpOp::ReduceXor => WarpKind::ReduceXor,
    }
}

/// What the scheduler finds at a park instruction.
pub(crate) fn point_of(op: Option<&Op>) -> Point {
    match op {
        Some(&Op::Warp {
            op,
            k,
            dst,
            args,
            width,
        }) => Point::Warp {
            op: warp_kind(op),
            k,
            dst,
            args,
            width,
        },
        Some(Op::Load { .. } | Op::Store { .. }) => Point::Access,
        Some(Op::Barrier { reduce }) => Point::Barrier(reduce.map(|(op, p, d)| {
            let op = match op {
                BarrierReduce::Count => Reduce::Count,
                BarrierReduce::And => Reduce::And,
                BarrierReduce::Or => Reduce::Or,
            };
            (op, p, d)
        })),
        _ => Point::Other,
    }
}

impl ThreadCode for Interp {
    fn point(&self, pc: u32) -> Point {
        point_of(self.0.ops.get(pc as usize))
    }

    /// Runs a thread from `*pc` until it parks; `*pc` is left at the park
    /// instruction. With `first`, a synchronised access at `*pc` runs instead
    /// of parking (the warp scheduler's turn for it).
    ///
    /// `warp_sync` is the warp's lockstep flag: set at the warp's first
    /// shared store after a block barrier; while it is set, shared loads are
    /// warp points too (see [`super::sched`]).
    fn run(
        &self,
        l: &Launch<'_>,
        r: &mut [u64],
        pc: &mut u32,
        th: &mut Thread<'_>,
        first: bool,
        warp_sync: &mut bool,
    ) -> Result<Park, Stop> {
        let ops = &self.0.ops;
        let mut resume = first;
        loop {
            let Some(op) = ops.get(*pc as usize) else {
                return Ok(Park::Exit);
            };
            match *op {
                Op::Const { dst, bits } => r[dst as usize] = bits,
                Op::Mov { dst, src } => r[dst as usize] = r[src as usize],
                Op::Builtin { dst, which } => r[dst as usize] = builtin(l, th, which),
                Op::Unary { op, k, dst, a } => r[dst as usize] = ops::unary(op, k, r[a as usize]),
                Op::BinaryImm { op, k, dst, a, imm } => {
                    r[dst as usize] = fast_binary(op, k, r[a as usize], imm)?;
                }
                Op::Binary { op, k, dst, a, b } => {
                    r[dst as usize] = fast_binary(op, k, r[a as usize], r[b as usize])?;
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
                    l.back_edge(th)?;
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
                    // Canonical registers: signed kinds are sign-extended,
                    // unsigned zero-extended, so `as i64` is the index.
                    let _ = k;
                    let i = r[idx as usize] as i64;
                    r[dst as usize] = ptr_add(r[p as usize], i.wrapping_mul(scale));
                }
                Op::ObjIndex {
                    dst,
                    obj,
                    idx,
                    scale,
                } => {
                    let i = r[idx as usize] as i64;
                    r[dst as usize] = ptr_add(u64::from(obj) << 48, i.wrapping_mul(scale));
                }
                Op::PtrAdd { dst, p, off } => r[dst as usize] = ptr_add(r[p as usize], off),
                Op::Load {
                    dst,
                    p,
                    idx,
                    scale,
                    off,
                    k,
                    sync,
                } => {
                    if sync && *warp_sync && !resume {
                        return Ok(Park::Warp);
                    }
                    let base = indexed(r[p as usize], r[idx as usize], scale);
                    let (w, at) = l.access(th, base, off, k.size()).map_err(Stop::Fault)?;
                    r[dst as usize] = ops::canon(k, load(w, at, k.size()));
                }
                Op::Store {
                    p,
                    idx,
                    scale,
                    off,
                    src,
                    k,
                    sync,
                } => {
                    if sync && !resume {
                        *warp_sync = true;
                        return Ok(Park::Warp);
                    }
                    let base = indexed(r[p as usize], r[idx as usize], scale);
                    let (w, at) = l.access(th, base, off, k.size()).map_err(Stop::Fault)?;
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
                    let (w, at) = l
                        .access(th, r[p as usize], 0, k.size())
                        .map_err(Stop::Fault)?;
                    let (v, c) = (r[v as usize], r[cmp as usize]);
                    let old = atomic_rmw(w, at, k.size(), |old| {
                        cuda_cpu::sem::atomic_new(ops::atom(op), k, ops::canon(k, old), v, c)
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
}

/// [`ops::binary`] with the hottest cases (`i32` and `f32` arithmetic and
/// comparisons) inline.
#[inline(always)]
fn fast_binary(op: BinaryOp, k: K, a: u64, b: u64) -> Result<u64, Stop> {
    match (k, op) {
        (K::I32, BinaryOp::Add) => Ok((a as i32).wrapping_add(b as i32) as i64 as u64),
        (K::I32, BinaryOp::Sub) => Ok((a as i32).wrapping_sub(b as i32) as i64 as u64),
        (K::I32, BinaryOp::Mul) => Ok((a as i32).wrapping_mul(b as i32) as i64 as u64),
        (K::I32, BinaryOp::Lt) => Ok(u64::from((a as i64) < (b as i64))),
        (K::F32, BinaryOp::Add) => Ok(u64::from(
            (f32::from_bits(a as u32) + f32::from_bits(b as u32)).to_bits(),
        )),
        (K::F32, BinaryOp::Mul) => Ok(u64::from(
            (f32::from_bits(a as u32) * f32::from_bits(b as u32)).to_bits(),
        )),
        _ => ops::binary(op, k, a, b).map_err(Stop::Fault),
    }
}
