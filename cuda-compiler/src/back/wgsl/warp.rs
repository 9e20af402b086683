//! Warp collectives emulated through workgroup memory, with CUDA's warp of
//! 32 consecutive threads (linear thread index / 32) whatever the
//! adapter's subgroup size: each lane writes its word to a scratch array,
//! a workgroup barrier, each lane reads what it needs, a barrier. The
//! barriers require every thread of the block to reach the collective
//! (true of the usual reductions and scans; lavapipe also tolerates
//! warp-uniform branches).

use naga::{BinaryOperator as B, Block, Statement};

use super::func::{FnCtx, H};
use super::Unsupported;
use crate::ir::{ExprId, Scalar, ShuffleMode, Type, WarpOp};

impl FnCtx<'_, '_> {
    fn scratch_ptr(&mut self, index: H) -> H {
        let var = self.m.warp_scratch_var();
        let g = self.global_ptr(var);
        self.index(g, index)
    }

    fn lane_and_base(&mut self) -> (H, H, H) {
        let p = self.global_ptr(self.m.linear_tid);
        let tid = self.load(p);
        let lane = self.and_u(tid, 31);
        let base = self.bin(B::Subtract, tid, lane);
        (tid, lane, base)
    }

    /// Publishes this lane's word: barrier, write, barrier.
    fn publish(&mut self, tid: H, bits: H) {
        self.barrier();
        let p = self.scratch_ptr(tid);
        self.store(p, bits);
        self.barrier();
    }

    fn scalar_arg(&mut self, e: ExprId) -> Result<(Scalar, H), Unsupported> {
        let s = match self.func.exprs[e].ty.clone() {
            Type::Scalar(s) if s.size() <= 4 => s,
            t => {
                return Err(self.err(format!(
                    "warp collectives on {} (only 32-bit and narrower scalars)",
                    self.m.ir.type_display(&t)
                )))
            }
        };
        let v = self.expr(e)?;
        Ok((s, self.value_to_bits(s, v)))
    }

    /// Lowers one warp collective.
    pub fn warp(
        &mut self,
        op: WarpOp,
        args: &[ExprId],
        result: Option<ExprId>,
    ) -> Result<(), Unsupported> {
        self.check_warp_uniform()?;
        let (tid, lane, base) = self.lane_and_base();
        let value = match op {
            WarpOp::Shuffle(mode) => {
                let [_, value, src, width] = args else {
                    return Err(self.err("a shuffle without its four arguments"));
                };
                let (s, bits) = self.scalar_arg(*value)?;
                let src = self.as_u32(*src)?;
                let w = self.as_u32(*width)?;
                self.publish(tid, bits);
                let w1 = self.add_u(w, u32::MAX);
                let in_seg = self.bin(B::And, lane, w1);
                let not_w1 = self.un(naga::UnaryOperator::BitwiseNot, w1);
                let seg = self.bin(B::And, lane, not_w1);
                let from = match mode {
                    ShuffleMode::Idx => {
                        let l = self.bin(B::And, src, w1);
                        self.bin(B::Add, seg, l)
                    }
                    ShuffleMode::Up => {
                        let ok = self.bin(B::GreaterEqual, in_seg, src);
                        let t = self.bin(B::Subtract, lane, src);
                        self.select(ok, t, lane)
                    }
                    ShuffleMode::Down => {
                        let sum = self.bin(B::Add, in_seg, src);
                        let ok = self.bin(B::Less, sum, w);
                        let t = self.bin(B::Add, lane, src);
                        self.select(ok, t, lane)
                    }
                    ShuffleMode::Xor => {
                        let t = self.bin(B::ExclusiveOr, lane, src);
                        let end = self.bin(B::Add, seg, w);
                        let ok = self.bin(B::Less, t, end);
                        self.select(ok, t, lane)
                    }
                };
                let from = self.and_u(from, 31);
                let at = self.bin(B::Add, base, from);
                let p = self.scratch_ptr(at);
                let got = self.load(p);
                self.barrier();
                self.bits_to_value(s, got)
            }
            _ => self.warp_gather(op, args, tid, lane, base)?,
        };
        if let Some(r) = result {
            let lv = self.result_local(r)?;
            let p = self.local_ptr(lv);
            self.store(p, value);
        }
        Ok(())
    }

    /// Votes, ballots, matches and reductions: every lane loops over its
    /// warp's 32 published words.
    fn warp_gather(
        &mut self,
        op: WarpOp,
        args: &[ExprId],
        tid: H,
        lane: H,
        base: H,
    ) -> Result<H, Unsupported> {
        let mask = match args.first() {
            Some(&m) if op != WarpOp::ActiveMask => self.as_u32(m)?,
            _ => self.u32(u32::MAX),
        };
        let (s, bits) = match args.get(1) {
            Some(&v) => self.scalar_arg(v)?,
            None => (Scalar::U32, self.u32(1)),
        };
        let truth = {
            let z = self.u32(0);
            self.bin(B::NotEqual, bits, z)
        };
        let one = self.u32(1);
        let zero = self.u32(0);
        let flag = self.select(truth, one, zero);
        let published = match op {
            WarpOp::All | WarpOp::Any | WarpOp::Uni | WarpOp::Ballot | WarpOp::ActiveMask => flag,
            _ => bits,
        };
        self.publish(tid, published);
        let nthreads = self.block_threads();
        let u32_ty = self.m.scalar(naga::Scalar::U32);
        let vty = self
            .m
            .value_type(&Type::Scalar(s))
            .map_err(|m| self.err(m))?;
        let i_var = self.temp("lane_i", u32_ty);
        let ballot = self.temp("ballot", u32_ty);
        let active = self.temp("active", u32_ty);
        let acc = self.temp("acc", vty);
        let init = match op {
            WarpOp::ReduceMin => self.extreme(s, true),
            WarpOp::ReduceMax => self.extreme(s, false),
            WarpOp::ReduceAnd => {
                let m = self.u32(u32::MAX);
                self.bits_to_value(s, m)
            }
            _ => {
                let z = self.u32(0);
                self.bits_to_value(s, z)
            }
        };
        for (lv, v) in [(i_var, zero), (ballot, zero), (active, zero)] {
            let p = self.local_ptr(lv);
            self.store(p, v);
        }
        let p = self.local_ptr(acc);
        self.store(p, init);
        let mine = bits;
        let body = self.block(|c| {
            let ip = c.local_ptr(i_var);
            let i = c.load(ip);
            let k32 = c.u32(32);
            let done = c.bin(B::GreaterEqual, i, k32);
            let mut brk = Block::new();
            brk.push(Statement::Break, naga::Span::UNDEFINED);
            c.stmt(Statement::If {
                condition: done,
                accept: brk,
                reject: Block::new(),
            });
            let at = c.bin(B::Add, base, i);
            let exists = c.bin(B::Less, at, nthreads);
            let inner = c.block(|c| {
                let one = c.u32(1);
                let bit = c.bin(B::ShiftLeft, one, i);
                let ap = c.local_ptr(active);
                let a = c.load(ap);
                let a2 = c.bin(B::InclusiveOr, a, bit);
                c.store(ap, a2);
                let sp = c.scratch_ptr(at);
                let w = c.load(sp);
                let z = c.u32(0);
                let hit = match op {
                    WarpOp::MatchAny | WarpOp::MatchAll => c.bin(B::Equal, w, mine),
                    _ => c.bin(B::NotEqual, w, z),
                };
                let zero = c.u32(0);
                let add = c.select(hit, bit, zero);
                let bp = c.local_ptr(ballot);
                let b = c.load(bp);
                let b2 = c.bin(B::InclusiveOr, b, add);
                c.store(bp, b2);
                let in_mask = c.bin(B::And, mask, bit);
                let in_mask = c.bin(B::NotEqual, in_mask, zero);
                let x = c.bits_to_value(s, w);
                let accp = c.local_ptr(acc);
                let old = c.load(accp);
                let comb = match op {
                    WarpOp::ReduceAdd => c.bin(B::Add, old, x),
                    WarpOp::ReduceMin => c.math(naga::MathFunction::Min, &[old, x]),
                    WarpOp::ReduceMax => c.math(naga::MathFunction::Max, &[old, x]),
                    WarpOp::ReduceAnd => c.bin(B::And, old, x),
                    WarpOp::ReduceOr => c.bin(B::InclusiveOr, old, x),
                    WarpOp::ReduceXor => c.bin(B::ExclusiveOr, old, x),
                    _ => old,
                };
                let new = c.select(in_mask, comb, old);
                c.store(accp, new);
                Ok(())
            })?;
            c.stmt(Statement::If {
                condition: exists,
                accept: inner,
                reject: Block::new(),
            });
            Ok(())
        })?;
        let continuing = self.block(|c| {
            let ip = c.local_ptr(i_var);
            let i = c.load(ip);
            let i2 = c.add_u(i, 1);
            c.store(ip, i2);
            Ok(())
        })?;
        self.stmt(Statement::Loop {
            body,
            continuing,
            break_if: None,
        });
        self.barrier();
        let _ = lane;
        let bp = self.local_ptr(ballot);
        let b = self.load(bp);
        let ap = self.local_ptr(active);
        let a = self.load(ap);
        let ma = self.bin(B::And, mask, a);
        let bm = self.bin(B::And, b, ma);
        Ok(match op {
            WarpOp::Ballot | WarpOp::MatchAny => self.bin(B::And, b, mask),
            WarpOp::ActiveMask => a,
            WarpOp::All => self.bin(B::Equal, bm, ma),
            WarpOp::Any => {
                let z = self.u32(0);
                self.bin(B::NotEqual, bm, z)
            }
            WarpOp::Uni => {
                let all = self.bin(B::Equal, bm, ma);
                let z = self.u32(0);
                let none = self.bin(B::Equal, bm, z);
                self.bin(B::LogicalOr, all, none)
            }
            WarpOp::MatchAll => {
                let all = self.bin(B::Equal, bm, ma);
                let z = self.u32(0);
                self.select(all, ma, z)
            }
            _ => {
                let accp = self.local_ptr(acc);
                self.load(accp)
            }
        })
    }

    /// The identity of `min` (`max` when `!min`) for a scalar.
    fn extreme(&mut self, s: Scalar, min: bool) -> H {
        let bits = match (s.is_signed_int(), min) {
            (true, true) => 0x7fff_ffff,
            (true, false) => 0x8000_0000,
            (false, true) => u32::MAX,
            (false, false) => 0,
        };
        let b = self.u32(bits);
        self.bits_to_value(s, b)
    }
}
