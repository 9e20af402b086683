//! The block scheduler: runs a block's threads region by region.
//!
//! Threads run one at a time, each until it parks. A block barrier is the
//! end of a region: when every thread of the block has parked at a barrier
//! or exited, the barrier is released (barrier fission, done at run time,
//! so barriers inside loops and under block-uniform conditions just work).
//! Threads waiting at *different* barriers are a `DivergentBarrier` fault;
//! threads that exited count as arrived, as on the hardware.
//!
//! Warps run in lockstep at warp points: a warp collective (shuffle,
//! vote, ballot, match, reduce, `__syncwarp`) or a `volatile` access parks
//! the lane; once every lane of the warp has parked, the lanes parked at the
//! lowest instruction run it together: a collective is computed over them,
//! a `volatile` access is performed by each lane in lane order, and the
//! lanes resume. So the old warp-synchronous reductions over `volatile`
//! shared memory (`sdata[tid] += sdata[tid + 16]; …`, no `__syncwarp`)
//! read every lane's value before any lane writes, as on the GPU. Plain
//! (non-`volatile`) accesses between warp points are not synchronised,
//! which CUDA leaves undefined anyway.

use super::code::{Op, K};
use super::ops;
use super::vm::{Launch, Park, Stop, Thread};
use crate::ir::{BarrierReduce, ShuffleMode, WarpOp};
use cuda_cpu::{Dim3, FaultKind};
use std::sync::atomic::AtomicU32;

/// A failed block: why, which thread, at which instruction.
pub(crate) struct BlockError {
    /// Why.
    pub stop: Stop,
    /// Linear thread index.
    pub thread: u32,
    /// Instruction.
    pub pc: u32,
}

fn words(bytes: u64) -> Vec<AtomicU32> {
    (0..bytes.div_ceil(4)).map(|_| AtomicU32::new(0)).collect()
}

/// Thread index of a linear thread number.
pub(crate) fn thread_dim(block: Dim3, linear: u32) -> Dim3 {
    let x = block.x.max(1);
    let y = block.y.max(1);
    Dim3::new(linear % x, (linear / x) % y, linear / (x * y))
}

/// Runs one block to completion.
pub(crate) fn run_block(
    l: &Launch<'_>,
    bid: Dim3,
    init: &[(u32, u64)],
    shared_bytes: u64,
) -> Result<(), BlockError> {
    let n = l.block.volume() as u32;
    let nregs = l.prog.regs as usize;
    let frame = u64::from(l.prog.frame);
    let shared = words(shared_bytes);
    let local = words(frame * u64::from(n));
    let mut regs = vec![0u64; nregs * n as usize];
    for t in 0..n as usize {
        for (r, bits) in init {
            if let Some(slot) = regs.get_mut(t * nregs + *r as usize) {
                *slot = *bits;
            }
        }
    }
    let mut b = Block {
        l,
        nregs,
        regs,
        pcs: vec![0; n as usize],
        state: vec![Park::Warp; n as usize],
        ready: vec![true; n as usize],
        threads: (0..n)
            .map(|t| Thread {
                tid: thread_dim(l.block, t),
                linear: t,
                bid,
                shared: &shared,
                local: &local,
                frame_base: u64::from(t) * frame,
                ticks: 0,
            })
            .collect(),
    };
    loop {
        for w in 0..n.div_ceil(32) {
            b.run_warp(w * 32, (w * 32 + 32).min(n))?;
        }
        let mut waiting = (0..n).filter(|&t| b.state[t as usize] == Park::Barrier);
        let Some(first) = waiting.next() else {
            return Ok(());
        };
        let pc = b.pcs[first as usize];
        if let Some(other) = waiting.find(|&t| b.pcs[t as usize] != pc) {
            return Err(BlockError {
                stop: Stop::Fault(FaultKind::DivergentBarrier),
                thread: other,
                pc: b.pcs[other as usize],
            });
        }
        if let Some(Op::Barrier {
            reduce: Some((op, p, d)),
        }) = l.prog.ops.get(pc as usize)
        {
            let (mut count, mut total) = (0u64, 0u64);
            for t in 0..n as usize {
                if b.state[t] == Park::Barrier {
                    total += 1;
                    count += u64::from(b.regs[t * nregs + *p as usize] != 0);
                }
            }
            let v = match op {
                BarrierReduce::Count => count,
                BarrierReduce::And => u64::from(count == total),
                BarrierReduce::Or => u64::from(count > 0),
            };
            for t in 0..n as usize {
                if b.state[t] == Park::Barrier {
                    b.regs[t * nregs + *d as usize] = v;
                }
            }
        }
        for t in 0..n as usize {
            if b.state[t] == Park::Barrier {
                b.pcs[t] += 1;
                b.ready[t] = true;
            }
        }
    }
}

struct Block<'l, 'a, 'b> {
    l: &'l Launch<'a>,
    nregs: usize,
    regs: Vec<u64>,
    pcs: Vec<u32>,
    state: Vec<Park>,
    ready: Vec<bool>,
    threads: Vec<Thread<'b>>,
}

impl Block<'_, '_, '_> {
    fn run_thread(&mut self, t: u32, first: bool) -> Result<(), BlockError> {
        let ti = t as usize;
        let regs = &mut self.regs[ti * self.nregs..(ti + 1) * self.nregs];
        let pc = &mut self.pcs[ti];
        match self.l.run(regs, pc, &mut self.threads[ti], first) {
            Ok(p) => {
                self.state[ti] = p;
                self.ready[ti] = false;
                Ok(())
            }
            Err(stop) => Err(BlockError {
                stop,
                thread: t,
                pc: *pc,
            }),
        }
    }

    fn run_warp(&mut self, lo: u32, hi: u32) -> Result<(), BlockError> {
        for t in lo..hi {
            if self.ready[t as usize] {
                self.run_thread(t, false)?;
            }
        }
        loop {
            let Some(pc) = (lo..hi)
                .filter(|&t| self.state[t as usize] == Park::Warp)
                .map(|t| self.pcs[t as usize])
                .min()
            else {
                return Ok(());
            };
            let group: Vec<u32> = (lo..hi)
                .filter(|&t| self.state[t as usize] == Park::Warp && self.pcs[t as usize] == pc)
                .collect();
            match self.l.prog.ops.get(pc as usize).cloned() {
                Some(Op::Warp {
                    op,
                    k,
                    dst,
                    args,
                    width,
                }) => {
                    self.collective(&group, lo, op, k, dst, args, width);
                    for &t in &group {
                        self.pcs[t as usize] += 1;
                        self.run_thread(t, false)?;
                    }
                }
                Some(Op::Load { .. } | Op::Store { .. }) => {
                    for &t in &group {
                        self.run_thread(t, true)?;
                    }
                }
                _ => {
                    for &t in &group {
                        self.pcs[t as usize] += 1;
                        self.run_thread(t, false)?;
                    }
                }
            }
        }
    }

    fn reg(&self, t: u32, r: u32) -> u64 {
        self.regs[t as usize * self.nregs + r as usize]
    }

    #[allow(clippy::too_many_arguments)]
    fn collective(
        &mut self,
        group: &[u32],
        lo: u32,
        op: WarpOp,
        k: K,
        dst: u32,
        args: [u32; 4],
        width: u32,
    ) {
        let lane_of = |t: u32| t - lo;
        let active: u64 = group.iter().map(|&t| 1u64 << lane_of(t)).sum();
        let mut out: Vec<(u32, u32, u64)> = Vec::with_capacity(group.len() * width as usize);
        let in_group = |t: u32| group.contains(&t);
        match op {
            WarpOp::Shuffle(mode) => {
                for &t in group {
                    let lane = lane_of(t) as i64;
                    let w = {
                        let w = self.reg(t, args[3]) as i64;
                        if w <= 0 || w > 32 {
                            32
                        } else {
                            w
                        }
                    };
                    let x = self.reg(t, args[2]) as i64;
                    let seg = lane - lane % w;
                    let src = match mode {
                        ShuffleMode::Idx => seg + x.rem_euclid(w),
                        ShuffleMode::Up => {
                            if lane - seg >= x {
                                lane - x
                            } else {
                                lane
                            }
                        }
                        ShuffleMode::Down => {
                            if lane - seg + x < w {
                                lane + x
                            } else {
                                lane
                            }
                        }
                        ShuffleMode::Xor => {
                            let s = lane ^ (x & 31);
                            if s / w == lane / w {
                                s
                            } else {
                                lane
                            }
                        }
                    };
                    let src_t = lo as i64 + src;
                    let from = if (0..64).contains(&src) && in_group(src_t as u32) {
                        src_t as u32
                    } else {
                        t
                    };
                    for i in 0..width {
                        out.push((t, dst + i, self.reg(from, args[1] + i)));
                    }
                }
            }
            WarpOp::All | WarpOp::Any | WarpOp::Uni | WarpOp::Ballot => {
                let bits: u64 = group
                    .iter()
                    .filter(|&&t| self.reg(t, args[1]) != 0)
                    .map(|&t| 1u64 << lane_of(t))
                    .sum();
                let v = match op {
                    WarpOp::All => u64::from(bits == active),
                    WarpOp::Any => u64::from(bits != 0),
                    WarpOp::Uni => u64::from(bits == 0 || bits == active),
                    _ => bits,
                };
                out.extend(group.iter().map(|&t| (t, dst, v)));
            }
            WarpOp::ActiveMask => out.extend(group.iter().map(|&t| (t, dst, active))),
            WarpOp::MatchAny | WarpOp::MatchAll => {
                let value = |t: u32| {
                    (0..width)
                        .map(|i| self.reg(t, args[1] + i))
                        .collect::<Vec<_>>()
                };
                let all_same = group.iter().all(|&t| value(t) == value(group[0]));
                for &t in group {
                    let v = if op == WarpOp::MatchAll {
                        if all_same {
                            active
                        } else {
                            0
                        }
                    } else {
                        let mine = value(t);
                        group
                            .iter()
                            .filter(|&&u| value(u) == mine)
                            .map(|&u| 1u64 << lane_of(u))
                            .sum()
                    };
                    out.push((t, dst, v));
                }
            }
            WarpOp::ReduceAdd
            | WarpOp::ReduceMin
            | WarpOp::ReduceMax
            | WarpOp::ReduceAnd
            | WarpOp::ReduceOr
            | WarpOp::ReduceXor => {
                let vals: Vec<u64> = group.iter().map(|&t| self.reg(t, args[1])).collect();
                let signed = k.is_signed();
                let first = vals.first().copied().unwrap_or(0);
                let v = vals.iter().skip(1).fold(first, |a, &b| match op {
                    WarpOp::ReduceAdd => a.wrapping_add(b),
                    WarpOp::ReduceMin if signed => (a as i64).min(b as i64) as u64,
                    WarpOp::ReduceMin => a.min(b),
                    WarpOp::ReduceMax if signed => (a as i64).max(b as i64) as u64,
                    WarpOp::ReduceMax => a.max(b),
                    WarpOp::ReduceAnd => a & b,
                    WarpOp::ReduceOr => a | b,
                    _ => a ^ b,
                });
                let v = ops::canon(k, v);
                out.extend(group.iter().map(|&t| (t, dst, v)));
            }
        }
        for (t, r, v) in out {
            if let Some(slot) = self.regs.get_mut(t as usize * self.nregs + r as usize) {
                *slot = v;
            }
        }
    }
}
