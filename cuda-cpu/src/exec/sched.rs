//! The block scheduler: runs a block's threads region by region.
//!
//! (Moved here from the executor so that generated Rust runs blocks the
//! same way; `code` is the executor's interpreter or the generated code.)
//!
//! Threads run one at a time, each until it parks. A block barrier is the
//! end of a region: when every thread of the block has parked at a barrier
//! or exited, the barrier is released (barrier fission, done at run time,
//! so barriers inside loops and under block-uniform conditions just work).
//! Threads waiting at *different* barriers are a `DivergentBarrier` fault;
//! threads that exited count as arrived, as on the hardware.
//!
//! Warps run in lockstep at warp points: a warp collective (shuffle,
//! vote, ballot, match, reduce, `__syncwarp`) and every store to shared
//! memory (or `volatile` memory, or memory of an unknown space) parks the
//! lane, and so do such loads once a lane of the warp has stored to shared
//! memory since the last block barrier (loads before the warp's first
//! store all see the same memory whatever the order, so they need no
//! lockstep: this keeps read-only shared loops such as a tiled matrix
//! product free of warp points); once every lane of the warp has parked, the lanes parked at the
//! lowest instruction run it together: a collective is computed over them,
//! an access is performed by each lane in lane order, and the lanes resume
//! to their next warp point. So the old warp-synchronous reductions
//! (`if (tid < 32) { sdata[tid] += sdata[tid + 16]; … }` without
//! `__syncwarp`) read every lane's value before any lane writes, as on the
//! GPU. The rule covers shared memory, not only `volatile` accesses,
//! because the IR does not keep `volatile` on pointer parameters
//! (`volatile T *sdata`), and it is sound: lockstep at every shared access
//! is one of the schedules CUDA allows. Global-memory accesses between warp
//! points are not synchronised within a warp (CUDA leaves such races
//! undefined).

use super::{Launch, Park, Point, Reduce, Shfl, Stop, Thread, ThreadCode, WarpKind};
use crate::sem::{canon, K};
use crate::{Dim3, FaultKind};
use std::sync::atomic::AtomicU32;

/// A failed block: why, which thread, at which instruction.
pub struct BlockError {
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
pub fn thread_dim(block: Dim3, linear: u32) -> Dim3 {
    let x = block.x.max(1);
    let y = block.y.max(1);
    Dim3::new(linear % x, (linear / x) % y, linear / (x * y))
}

/// Runs one block to completion.
pub fn run_block(
    code: &dyn ThreadCode,
    nregs: usize,
    frame: u64,
    l: &Launch<'_>,
    bid: Dim3,
    init: &[(u32, u64)],
    shared_bytes: u64,
) -> Result<(), BlockError> {
    let n = l.block.volume() as u32;
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
        code,
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
        group: Vec::with_capacity(32),
        warp_sync: vec![false; n.div_ceil(32) as usize],
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
        if let Point::Barrier(Some((op, p, d))) = code.point(pc) {
            let (mut count, mut total) = (0u64, 0u64);
            for t in 0..n as usize {
                if b.state[t] == Park::Barrier {
                    total += 1;
                    count += u64::from(b.regs[t * nregs + p as usize] != 0);
                }
            }
            let v = match op {
                Reduce::Count => count,
                Reduce::And => u64::from(count == total),
                Reduce::Or => u64::from(count > 0),
            };
            for t in 0..n as usize {
                if b.state[t] == Park::Barrier {
                    b.regs[t * nregs + d as usize] = v;
                }
            }
        }
        b.warp_sync.iter_mut().for_each(|s| *s = false);
        for t in 0..n as usize {
            if b.state[t] == Park::Barrier {
                b.pcs[t] += 1;
                b.ready[t] = true;
            }
        }
    }
}

struct Block<'l, 'a, 'b> {
    code: &'l dyn ThreadCode,
    l: &'l Launch<'a>,
    nregs: usize,
    regs: Vec<u64>,
    pcs: Vec<u32>,
    state: Vec<Park>,
    ready: Vec<bool>,
    threads: Vec<Thread<'b>>,
    /// Scratch: the lanes of the warp group being run.
    group: Vec<u32>,
    /// Per warp: lockstep at shared loads too (a lane stored to shared
    /// memory since the last block barrier).
    warp_sync: Vec<bool>,
}

impl Block<'_, '_, '_> {
    fn run_thread(&mut self, t: u32, first: bool) -> Result<(), BlockError> {
        let ti = t as usize;
        let regs = &mut self.regs[ti * self.nregs..(ti + 1) * self.nregs];
        let pc = &mut self.pcs[ti];
        let sync = &mut self.warp_sync[ti / 32];
        match self
            .code
            .run(self.l, regs, pc, &mut self.threads[ti], first, sync)
        {
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
            let mut group = std::mem::take(&mut self.group);
            group.clear();
            let mut pc = u32::MAX;
            for t in lo..hi {
                if self.state[t as usize] != Park::Warp {
                    continue;
                }
                let p = self.pcs[t as usize];
                if p < pc {
                    pc = p;
                    group.clear();
                }
                if p == pc {
                    group.push(t);
                }
            }
            if group.is_empty() {
                self.group = group;
                return Ok(());
            }
            match self.code.point(pc) {
                Point::Warp {
                    op,
                    k,
                    dst,
                    args,
                    width,
                } => {
                    self.collective(&group, lo, op, k, dst, args, width);
                    for &t in &group {
                        self.pcs[t as usize] += 1;
                        self.run_thread(t, false)?;
                    }
                }
                Point::Access => {
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
            self.group = group;
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
        op: WarpKind,
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
            WarpKind::Shuffle(mode) => {
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
                    // Lane numbers and deltas as i64 (a delta from a
                    // register may be any value; saturate, never overflow).
                    let x = x.clamp(-64, 64);
                    let src = match mode {
                        Shfl::Idx => seg + x.rem_euclid(w),
                        Shfl::Up => {
                            if lane - seg >= x {
                                lane - x
                            } else {
                                lane
                            }
                        }
                        Shfl::Down => {
                            if lane - seg + x < w {
                                lane + x
                            } else {
                                lane
                            }
                        }
                        Shfl::Xor => {
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
            WarpKind::All | WarpKind::Any | WarpKind::Uni | WarpKind::Ballot => {
                let bits: u64 = group
                    .iter()
                    .filter(|&&t| self.reg(t, args[1]) != 0)
                    .map(|&t| 1u64 << lane_of(t))
                    .sum();
                let v = match op {
                    WarpKind::All => u64::from(bits == active),
                    WarpKind::Any => u64::from(bits != 0),
                    WarpKind::Uni => u64::from(bits == 0 || bits == active),
                    _ => bits,
                };
                out.extend(group.iter().map(|&t| (t, dst, v)));
            }
            WarpKind::ActiveMask => out.extend(group.iter().map(|&t| (t, dst, active))),
            WarpKind::MatchAny | WarpKind::MatchAll => {
                let value = |t: u32| {
                    (0..width)
                        .map(|i| self.reg(t, args[1] + i))
                        .collect::<Vec<_>>()
                };
                let all_same = group.iter().all(|&t| value(t) == value(group[0]));
                for &t in group {
                    let v = if op == WarpKind::MatchAll {
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
            WarpKind::ReduceAdd
            | WarpKind::ReduceMin
            | WarpKind::ReduceMax
            | WarpKind::ReduceAnd
            | WarpKind::ReduceOr
            | WarpKind::ReduceXor => {
                let vals: Vec<u64> = group.iter().map(|&t| self.reg(t, args[1])).collect();
                let signed = k.is_signed();
                let first = vals.first().copied().unwrap_or(0);
                let v = vals.iter().skip(1).fold(first, |a, &b| match op {
                    WarpKind::ReduceAdd => a.wrapping_add(b),
                    WarpKind::ReduceMin if signed => (a as i64).min(b as i64) as u64,
                    WarpKind::ReduceMin => a.min(b),
                    WarpKind::ReduceMax if signed => (a as i64).max(b as i64) as u64,
                    WarpKind::ReduceMax => a.max(b),
                    WarpKind::ReduceAnd => a & b,
                    WarpKind::ReduceOr => a | b,
                    _ => a ^ b,
                });
                let v = canon(k, v);
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
