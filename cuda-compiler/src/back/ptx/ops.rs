//! Atomics, warp collectives, barriers and fences.

use super::emit::{Emitter, R};
use super::memory::{space_qual, Place};
use super::regs::{arith_ty, Reg, RegClass};
use crate::ir::{AtomicOp, BarrierKind, BarrierReduce, ExprId, Scalar, Scope, ShuffleMode, WarpOp};

/// The `.cta`/`.sys` scope qualifier (device scope is the default `.gpu`).
fn scope_qual(scope: Scope) -> &'static str {
    match scope {
        Scope::Block => ".cta",
        Scope::Device => "",
        Scope::System => ".sys",
    }
}

impl Emitter<'_> {
    /// An atomic read-modify-write (`red` when the old value is unused).
    pub(super) fn atomic(
        &mut self,
        op: AtomicOp,
        ptr: ExprId,
        value: ExprId,
        compare: Option<ExprId>,
        scope: Scope,
        result: Option<ExprId>,
    ) -> R<()> {
        let s = self.scalar_of(&self.expr(value)?.ty.clone())?;
        let v = self.eval1(value)?;
        let cmp = match compare {
            Some(c) => Some(self.eval1(c)?),
            None => None,
        };
        let Place::Mem { base, off, space } = self.place(ptr)? else {
            return Err(self.unsupported("an atomic on a local variable"));
        };
        let (opname, ty, operand) = self.atomic_form(op, s, v)?;
        let sq = space_qual(space);
        let sc = scope_qual(scope);
        let a = if off == 0 {
            format!("[{base}]")
        } else {
            format!("[{base}+{off}]")
        };
        let reducible = !matches!(op, AtomicOp::Exchange | AtomicOp::CompareExchange);
        match result {
            None if reducible => {
                self.ins(format!("red{sq}{sc}.{opname}.{ty} \t{a}, {operand}"));
            }
            _ => {
                let d = self.fresh(v.class);
                match cmp {
                    Some(c) => self.ins(format!(
                        "atom{sq}{sc}.{opname}.{ty} \t{d}, {a}, {c}, {operand}"
                    )),
                    None => self.ins(format!("atom{sq}{sc}.{opname}.{ty} \t{d}, {a}, {operand}")),
                }
                if let Some(r) = result {
                    self.frame()?.results.insert(r, vec![d]);
                }
            }
        }
        Ok(())
    }

    /// The PTX operation, type and operand of an atomic on scalar `s`.
    fn atomic_form(
        &mut self,
        op: AtomicOp,
        s: Scalar,
        v: Reg,
    ) -> R<(&'static str, &'static str, Reg)> {
        let wide = s.size() == 8;
        let bits = if wide { "b64" } else { "b32" };
        let int_ty = match s {
            Scalar::I32 => "s32",
            Scalar::U32 => "u32",
            Scalar::I64 => "s64",
            Scalar::U64 => "u64",
            _ => "",
        };
        let bad = |em: &Self| em.unsupported(format!("atomic {op:?} on {}", s.cuda_name()));
        Ok(match op {
            AtomicOp::Add | AtomicOp::Sub => {
                let operand = if op == AtomicOp::Sub {
                    let n = self.fresh(v.class);
                    match s {
                        Scalar::F16 | Scalar::BF16 => {
                            self.ins(format!("xor.b16 \t{n}, {v}, 0x8000"))
                        }
                        _ => self.ins(format!("neg.{} \t{n}, {v}", arith_ty(s))),
                    }
                    n
                } else {
                    v
                };
                let ty = match s {
                    Scalar::I32 | Scalar::U32 => "u32",
                    Scalar::I64 | Scalar::U64 => "u64",
                    Scalar::F32 => "f32",
                    Scalar::F64 => "f64",
                    Scalar::F16 => "noftz.f16",
                    Scalar::BF16 if self.opts.sm >= 90 => "noftz.bf16",
                    _ => return Err(bad(self)),
                };
                ("add", ty, operand)
            }
            AtomicOp::Exchange if matches!(s.size(), 4 | 8) => ("exch", bits, v),
            AtomicOp::CompareExchange if matches!(s.size(), 4 | 8) => ("cas", bits, v),
            AtomicOp::CompareExchange if s.size() == 2 => ("cas", "b16", v),
            AtomicOp::Min | AtomicOp::Max if !int_ty.is_empty() => {
                let o = if op == AtomicOp::Min { "min" } else { "max" };
                (o, int_ty, v)
            }
            AtomicOp::Inc if s == Scalar::U32 => ("inc", "u32", v),
            AtomicOp::Dec if s == Scalar::U32 => ("dec", "u32", v),
            AtomicOp::And | AtomicOp::Or | AtomicOp::Xor if !int_ty.is_empty() => {
                let o = match op {
                    AtomicOp::And => "and",
                    AtomicOp::Or => "or",
                    _ => "xor",
                };
                (o, bits, v)
            }
            _ => return Err(bad(self)),
        })
    }

    /// A warp collective.
    pub(super) fn warp(&mut self, op: WarpOp, args: &[ExprId], result: Option<ExprId>) -> R<()> {
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.eval(*a)?);
        }
        let one = |i: usize, em: &Self| -> R<Reg> {
            vals.get(i)
                .and_then(|v| v.first().copied())
                .ok_or_else(|| em.unsupported(format!("{op:?} without its arguments")))
        };
        let out: Vec<Reg> = match op {
            WarpOp::Shuffle(mode) => {
                let mask = one(0, self)?;
                let lane = one(2, self)?;
                let width = one(3, self)?;
                let c = self.shfl_c(mode, width);
                let value = vals.get(1).cloned().unwrap_or_default();
                let mut out = Vec::new();
                for v in value {
                    out.push(self.shfl(mode, v, lane, c, mask));
                }
                out
            }
            WarpOp::All | WarpOp::Any | WarpOp::Uni => {
                let mask = one(0, self)?;
                let p = self.as_pred(one(1, self)?);
                let d = self.fresh(RegClass::Pred);
                let m = match op {
                    WarpOp::All => "all",
                    WarpOp::Any => "any",
                    _ => "uni",
                };
                self.ins(format!("vote.sync.{m}.pred \t{d}, {p}, {mask}"));
                vec![d]
            }
            WarpOp::Ballot => {
                let mask = one(0, self)?;
                let p = self.as_pred(one(1, self)?);
                let d = self.fresh(RegClass::B32);
                self.ins(format!("vote.sync.ballot.b32 \t{d}, {p}, {mask}"));
                vec![d]
            }
            WarpOp::ActiveMask => {
                let d = self.fresh(RegClass::B32);
                self.ins(format!("activemask.b32 \t{d}"));
                vec![d]
            }
            WarpOp::MatchAny | WarpOp::MatchAll => {
                let mask = one(0, self)?;
                let v = one(1, self)?;
                let b = if v.class == RegClass::B64 || v.class == RegClass::F64 {
                    "b64"
                } else {
                    "b32"
                };
                let d = self.fresh(RegClass::B32);
                if op == WarpOp::MatchAny {
                    self.ins(format!("match.any.sync.{b} \t{d}, {v}, {mask}"));
                } else {
                    let p = self.fresh(RegClass::Pred);
                    self.ins(format!("match.all.sync.{b} \t{d}|{p}, {v}, {mask}"));
                }
                vec![d]
            }
            WarpOp::ReduceAdd
            | WarpOp::ReduceMin
            | WarpOp::ReduceMax
            | WarpOp::ReduceAnd
            | WarpOp::ReduceOr
            | WarpOp::ReduceXor => {
                if self.opts.sm < 80 {
                    return Err(self.unsupported(format!("{op:?} (redux.sync) below sm_80")));
                }
                let mask = one(0, self)?;
                let v = one(1, self)?;
                let signed = args
                    .get(1)
                    .map(|a| self.expr(*a).map(|e| e.ty.clone()))
                    .transpose()?
                    .and_then(|t| t.element_scalar())
                    .is_some_and(|s| s.is_signed_int());
                let it = if signed { "s32" } else { "u32" };
                let (o, t) = match op {
                    WarpOp::ReduceAdd => ("add", it),
                    WarpOp::ReduceMin => ("min", it),
                    WarpOp::ReduceMax => ("max", it),
                    WarpOp::ReduceAnd => ("and", "b32"),
                    WarpOp::ReduceOr => ("or", "b32"),
                    _ => ("xor", "b32"),
                };
                let d = self.fresh(RegClass::B32);
                self.ins(format!("redux.sync.{o}.{t} \t{d}, {v}, {mask}"));
                vec![d]
            }
        };
        if let Some(r) = result {
            self.frame()?.results.insert(r, out);
        }
        Ok(())
    }

    /// A value as a predicate (ints: nonzero).
    fn as_pred(&mut self, r: Reg) -> Reg {
        match r.class {
            RegClass::Pred => r,
            c => {
                let p = self.fresh(RegClass::Pred);
                let t = if c == RegClass::B64 { "u64" } else { "u32" };
                self.ins(format!("setp.ne.{t} \t{p}, {r}, 0"));
                p
            }
        }
    }

    /// The `c` operand of `shfl.sync` for a segment `width`.
    fn shfl_c(&mut self, mode: ShuffleMode, width: Reg) -> Reg {
        let w = self.as_u32(width, Scalar::U32);
        let seg = self.fresh(RegClass::B32);
        self.ins(format!("sub.s32 \t{seg}, 32, {w}"));
        let sh = self.fresh(RegClass::B32);
        self.ins(format!("shl.b32 \t{sh}, {seg}, 8"));
        if mode == ShuffleMode::Up {
            return sh;
        }
        let c = self.fresh(RegClass::B32);
        self.ins(format!("or.b32 \t{c}, {sh}, 31"));
        c
    }

    /// One register shuffled (64-bit in two halves, 16-bit widened).
    fn shfl(&mut self, mode: ShuffleMode, v: Reg, lane: Reg, c: Reg, mask: Reg) -> Reg {
        let m = match mode {
            ShuffleMode::Idx => "idx",
            ShuffleMode::Up => "up",
            ShuffleMode::Down => "down",
            ShuffleMode::Xor => "bfly",
        };
        let lane = self.as_u32(lane, Scalar::U32);
        let one = |em: &mut Self, x: Reg| {
            let d = em.fresh(x.class);
            em.ins(format!("shfl.sync.{m}.b32 \t{d}, {x}, {lane}, {c}, {mask}"));
            d
        };
        match v.class {
            RegClass::B32 | RegClass::F32 => one(self, v),
            RegClass::B64 | RegClass::F64 => {
                let lo = self.fresh(RegClass::B32);
                let hi = self.fresh(RegClass::B32);
                self.ins(format!("mov.{} \t{{{lo}, {hi}}}, {v}", v.class.mov_ty()));
                let lo2 = one(self, lo);
                let hi2 = one(self, hi);
                let d = self.fresh(v.class);
                self.ins(format!("mov.{} \t{d}, {{{lo2}, {hi2}}}", v.class.mov_ty()));
                d
            }
            RegClass::B16 => {
                let w = self.fresh(RegClass::B32);
                self.ins(format!("cvt.u32.u16 \t{w}, {v}"));
                let w2 = one(self, w);
                let d = self.fresh(RegClass::B16);
                self.ins(format!("cvt.u16.u32 \t{d}, {w2}"));
                d
            }
            RegClass::Pred => {
                let w = self.fresh(RegClass::B32);
                self.ins(format!("selp.u32 \t{w}, 1, 0, {v}"));
                let w2 = one(self, w);
                let d = self.fresh(RegClass::Pred);
                self.ins(format!("setp.ne.u32 \t{d}, {w2}, 0"));
                d
            }
        }
    }

    /// `__syncthreads()` / `__syncwarp(mask)`.
    pub(super) fn barrier(&mut self, kind: BarrierKind, mask: Option<ExprId>) -> R<()> {
        match kind {
            BarrierKind::Block => self.ins("bar.sync \t0"),
            BarrierKind::Warp => {
                let m = match mask {
                    Some(m) => self.eval1(m)?.to_string(),
                    None => "-1".to_string(),
                };
                self.ins(format!("bar.warp.sync \t{m}"));
            }
        }
        Ok(())
    }

    /// `__syncthreads_count/and/or`.
    pub(super) fn barrier_reduce(
        &mut self,
        op: BarrierReduce,
        pred: ExprId,
        result: ExprId,
    ) -> R<()> {
        let v = self.eval1(pred)?;
        let p = self.as_pred(v);
        let d = self.fresh(RegClass::B32);
        match op {
            BarrierReduce::Count => self.ins(format!("bar.red.popc.u32 \t{d}, 0, {p}")),
            BarrierReduce::And | BarrierReduce::Or => {
                let o = if op == BarrierReduce::And {
                    "and"
                } else {
                    "or"
                };
                let q = self.fresh(RegClass::Pred);
                self.ins(format!("bar.red.{o}.pred \t{q}, 0, {p}"));
                self.ins(format!("selp.u32 \t{d}, 1, 0, {q}"));
            }
        }
        self.frame()?.results.insert(result, vec![d]);
        Ok(())
    }

    /// `__threadfence_block/()/_system`.
    pub(super) fn fence(&mut self, scope: Scope) {
        let m = match scope {
            Scope::Block => "membar.cta",
            Scope::Device => "membar.gl",
            Scope::System => "membar.sys",
        };
        self.ins(m);
    }
}
