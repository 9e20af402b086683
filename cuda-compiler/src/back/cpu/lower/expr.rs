//! Expressions of the CPU form: each IR expression becomes instructions
//! that leave its value in consecutive registers (one per scalar leaf).

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use super::layout::{component_leaves, leaves, literal_bits, member_offset};
use super::{Frame, LocalHome, Lowerer};
use crate::back::cpu::code::{self, Op, Reg, K};
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, BinaryOp, ExprId, ExprKind, Rounding, Type, WarpOp};

impl<'m> Lowerer<'m> {
    /// The type of an expression of the current frame.
    pub(super) fn ty<'f>(&self, fr: &Frame<'f>, e: ExprId) -> Result<&'f Type, Diagnostic> {
        fr.func
            .exprs
            .try_get(e)
            .map(|x| &x.ty)
            .ok_or_else(|| Diagnostic::error("bad expression handle"))
    }

    /// The scalar kind of a scalar (or pointer) expression.
    pub(super) fn scalar_kind(&self, fr: &Frame<'m>, e: ExprId) -> Result<K, Diagnostic> {
        kind_of(self.ty(fr, e)?)
    }

    /// The register home of `ptr` when it is `&local` of a register local.
    pub(super) fn reg_home(&self, fr: &Frame<'m>, ptr: ExprId) -> Option<Reg> {
        match fr.func.exprs.try_get(ptr).map(|x| &x.kind) {
            Some(ExprKind::LocalPtr(l)) => match fr.locals.get(l.0 as usize) {
                Some(LocalHome::Reg(r)) => Some(*r),
                _ => None,
            },
            _ => None,
        }
    }

    fn nleaves(&self, ty: &Type) -> Result<usize, Diagnostic> {
        Ok(leaves(self.m, ty)?.len())
    }

    /// Emits `e`; returns the first register of its value.
    pub(super) fn expr(&mut self, fr: &mut Frame<'m>, e: ExprId) -> Result<Reg, Diagnostic> {
        let func = fr.func;
        let x = func
            .exprs
            .try_get(e)
            .ok_or_else(|| Diagnostic::error("bad expression handle"))?;
        let span = func.exprs.span(e);
        let saved = self.span;
        if span != Default::default() {
            self.span = span;
        }
        let r = self.expr_kind(fr, e, &x.kind, &x.ty);
        self.span = saved;
        r
    }

    fn expr_kind(
        &mut self,
        fr: &mut Frame<'m>,
        e: ExprId,
        kind: &'m ExprKind,
        ty: &'m Type,
    ) -> Result<Reg, Diagnostic> {
        let m = self.m;
        Ok(match kind {
            ExprKind::Literal(lit) => {
                let dst = self.temp_regs(1);
                self.emit(Op::Const {
                    dst,
                    bits: literal_bits(lit),
                });
                dst
            }
            ExprKind::Param(i) => *fr
                .params
                .get(*i as usize)
                .ok_or_else(|| Diagnostic::error("parameter index out of range"))?,
            ExprKind::LocalPtr(l) => match fr.locals.get(l.0 as usize) {
                Some(LocalHome::Mem(obj)) => {
                    let dst = self.temp_regs(1);
                    self.emit(Op::MakePtr { dst, obj: *obj });
                    dst
                }
                _ => return Err(Diagnostic::error("address of a register local escaped")),
            },
            ExprKind::GlobalPtr(g) => {
                let obj = self.global_object(g.0)?;
                let dst = self.temp_regs(1);
                self.emit(Op::MakePtr { dst, obj });
                dst
            }
            ExprKind::Load { ptr, volatile, .. } => {
                if let Some(home) = self.reg_home(fr, *ptr) {
                    return Ok(home);
                }
                let p = self.expr(fr, *ptr)?;
                let sync = *volatile || warp_visible(self.ty(fr, *ptr)?);
                let lv = leaves(m, ty)?;
                let (p, idx, scale) = self.fuse_index(p, lv.len());
                let dst = self.temp_regs(lv.len());
                for (i, leaf) in lv.iter().enumerate() {
                    self.emit(Op::Load {
                        dst: dst + i as u32,
                        p,
                        idx,
                        scale,
                        off: leaf.off,
                        k: leaf.k,
                        sync,
                    });
                }
                dst
            }
            ExprKind::PtrOffset { ptr, offset } | ExprKind::ElementPtr { ptr, index: offset } => {
                let elem = match kind {
                    ExprKind::PtrOffset { .. } => self.ty(fr, *ptr)?.pointee(),
                    _ => match self.ty(fr, *ptr)?.pointee() {
                        Some(Type::Array(elem, _)) => Some(&**elem),
                        _ => None,
                    },
                }
                .ok_or_else(|| Diagnostic::error("pointer arithmetic on a non-pointer"))?;
                let scale = i64::from(m.size_align(elem).0);
                let p = self.expr(fr, *ptr)?;
                let idx = self.expr(fr, *offset)?;
                let k = self.scalar_kind(fr, *offset)?;
                let dst = self.temp_regs(1);
                if let Some(&Op::MakePtr { dst: made, obj }) = self.ops.last() {
                    if made == p && p & super::TEMP != 0 {
                        self.ops.pop();
                        self.spans.pop();
                        self.emit(Op::ObjIndex {
                            dst,
                            obj,
                            idx,
                            scale,
                        });
                        return Ok(dst);
                    }
                }
                self.emit(Op::PtrIndex {
                    dst,
                    p,
                    idx,
                    k,
                    scale,
                });
                dst
            }
            ExprKind::MemberPtr { ptr, index } => {
                let pointee = self
                    .ty(fr, *ptr)?
                    .pointee()
                    .ok_or_else(|| Diagnostic::error("member of a non-pointer"))?;
                let off = member_offset(m, pointee, *index)?;
                let p = self.expr(fr, *ptr)?;
                if off == 0 {
                    return Ok(p);
                }
                let dst = self.temp_regs(1);
                self.emit(Op::PtrAdd {
                    dst,
                    p,
                    off: i64::from(off),
                });
                dst
            }
            ExprKind::PtrCast { ptr } => self.expr(fr, *ptr)?,
            ExprKind::Unary { op, arg } => {
                let a = self.expr(fr, *arg)?;
                let n = self.nleaves(ty)?;
                let k = kind_of_elem(self.ty(fr, *arg)?)?;
                let dst = self.temp_regs(n);
                for i in 0..n as u32 {
                    self.emit(Op::Unary {
                        op: *op,
                        k,
                        dst: dst + i,
                        a: a + i,
                    });
                }
                dst
            }
            ExprKind::Binary {
                op: op @ (BinaryOp::LogicalAnd | BinaryOp::LogicalOr),
                lhs,
                rhs,
            } => {
                let dst = self.temp_regs(1);
                let a = self.expr(fr, *lhs)?;
                self.emit(Op::Mov { dst, src: a });
                let skip = if *op == BinaryOp::LogicalAnd {
                    self.emit(Op::JumpIfNot {
                        cond: dst,
                        target: 0,
                    })
                } else {
                    self.emit(Op::JumpIf {
                        cond: dst,
                        target: 0,
                    })
                };
                let b = self.expr(fr, *rhs)?;
                self.emit(Op::Mov { dst, src: b });
                let end = self.here();
                self.patch(skip, end);
                dst
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(fr, *op, *lhs, *rhs, ty)?,
            ExprKind::Select {
                cond,
                accept,
                reject,
            } => {
                let n = self.nleaves(ty)?;
                let dst = self.temp_regs(n);
                let c = self.expr(fr, *cond)?;
                let to_else = self.emit(Op::JumpIfNot { cond: c, target: 0 });
                let a = self.expr(fr, *accept)?;
                for i in 0..n as u32 {
                    self.emit(Op::Mov {
                        dst: dst + i,
                        src: a + i,
                    });
                }
                let to_end = self.emit(Op::Jump { target: 0 });
                let els = self.here();
                self.patch(to_else, els);
                let b = self.expr(fr, *reject)?;
                for i in 0..n as u32 {
                    self.emit(Op::Mov {
                        dst: dst + i,
                        src: b + i,
                    });
                }
                let end = self.here();
                self.patch(to_end, end);
                dst
            }
            ExprKind::Convert { arg, rounding } => {
                let a = self.expr(fr, *arg)?;
                let from_ty = self.ty(fr, *arg)?;
                let from = kind_of_elem(from_ty)?;
                let to = kind_of_elem(ty)?;
                let n = self.nleaves(ty)?;
                let dst = self.temp_regs(n);
                let step = u32::from(self.nleaves(from_ty)? > 1);
                for i in 0..n as u32 {
                    self.emit(Op::Convert {
                        from,
                        to,
                        rounding: *rounding,
                        dst: dst + i,
                        a: a + i * step,
                    });
                }
                dst
            }
            ExprKind::Bitcast { arg } => self.bitcast(fr, *arg, ty)?,
            ExprKind::Compose { components } => {
                let n = self.nleaves(ty)?;
                let dst = self.temp_regs(n);
                let mut at = 0u32;
                for c in components {
                    let r = self.expr(fr, *c)?;
                    let cn = self.nleaves(self.ty(fr, *c)?)? as u32;
                    for i in 0..cn {
                        if at + i < n as u32 {
                            self.emit(Op::Mov {
                                dst: dst + at + i,
                                src: r + i,
                            });
                        }
                    }
                    at += cn;
                }
                dst
            }
            ExprKind::Extract { value, index } => {
                let r = self.expr(fr, *value)?;
                let (before, _) = component_leaves(m, self.ty(fr, *value)?, *index)?;
                r + before as u32
            }
            ExprKind::Splat { value } => {
                let r = self.expr(fr, *value)?;
                let vty = self.ty(fr, *value)?;
                let from = kind_of_elem(vty)?;
                let to = kind_of_elem(ty)?;
                let step = u32::from(self.nleaves(vty)? > 1);
                let n = self.nleaves(ty)?;
                let dst = self.temp_regs(n);
                for i in 0..n as u32 {
                    if from == to {
                        self.emit(Op::Mov {
                            dst: dst + i,
                            src: r + i * step,
                        });
                    } else {
                        self.emit(Op::Convert {
                            from,
                            to,
                            rounding: Rounding::Nearest,
                            dst: dst + i,
                            a: r + i * step,
                        });
                    }
                }
                dst
            }
            ExprKind::Builtin(which) => {
                let dst = self.temp_regs(1);
                self.emit(Op::Builtin { dst, which: *which });
                dst
            }
            ExprKind::Intrinsic { fun, args } => {
                let mut regs = [0u32; 3];
                let mut kinds = [K::I32; 3];
                let mut widths = [1usize; 3];
                for (i, a) in args.iter().enumerate().take(3) {
                    regs[i] = self.expr(fr, *a)?;
                    let aty = self.ty(fr, *a)?;
                    kinds[i] = kind_of_elem(aty)?;
                    widths[i] = self.nleaves(aty)?;
                }
                let n = self.nleaves(ty)?;
                let rk = kind_of_elem(ty)?;
                let dst = self.temp_regs(n);
                for c in 0..n as u32 {
                    let mut a = regs;
                    for (slot, w) in a.iter_mut().zip(widths) {
                        if w > 1 {
                            *slot += c;
                        }
                    }
                    self.emit(Op::Intrinsic {
                        fun: *fun,
                        k: kinds[0],
                        rk,
                        dst: dst + c,
                        args: a,
                        bk: kinds[1],
                    });
                }
                dst
            }
            ExprKind::StmtResult => *fr
                .results
                .get(&e)
                .ok_or_else(|| Diagnostic::error("statement result used before its statement"))?,
        })
    }

    fn binary(
        &mut self,
        fr: &mut Frame<'m>,
        op: BinaryOp,
        lhs: ExprId,
        rhs: ExprId,
        ty: &Type,
    ) -> Result<Reg, Diagnostic> {
        let a = self.expr(fr, lhs)?;
        let lty = self.ty(fr, lhs)?;
        let rty = self.ty(fr, rhs)?;
        let k = kind_of_elem(lty)?;
        let n = self.nleaves(ty)?;
        let na = self.nleaves(lty)?;
        let nb = self.nleaves(rty)?;
        if let (1, 1, Some(ExprKind::Literal(lit))) =
            (n, nb, fr.func.exprs.try_get(rhs).map(|x| &x.kind))
        {
            let dst = self.temp_regs(1);
            let imm = literal_bits(lit);
            self.emit(Op::BinaryImm { op, k, dst, a, imm });
            return Ok(dst);
        }
        let b = self.expr(fr, rhs)?;

        if let (Some(elem), true, BinaryOp::Sub) = (lty.pointee(), rty.is_pointer(), op) {
            // Pointer difference in elements.
            let size = u64::from(self.m.size_align(elem).0.max(1));
            let diff = self.temp_regs(1);
            self.emit(Op::Binary {
                op: BinaryOp::Sub,
                k: K::I64,
                dst: diff,
                a,
                b,
            });
            let shl = self.temp_regs(1);
            self.emit(Op::Const { dst: shl, bits: 16 });
            self.emit(Op::Binary {
                op: BinaryOp::Shl,
                k: K::I64,
                dst: diff,
                a: diff,
                b: shl,
            });
            self.emit(Op::Binary {
                op: BinaryOp::Shr,
                k: K::I64,
                dst: diff,
                a: diff,
                b: shl,
            });
            let sz = self.temp_regs(1);
            self.emit(Op::Const {
                dst: sz,
                bits: size,
            });
            let dst = self.temp_regs(1);
            self.emit(Op::Binary {
                op: BinaryOp::Div,
                k: K::I64,
                dst,
                a: diff,
                b: sz,
            });
            return Ok(dst);
        }
        let dst = self.temp_regs(n);
        for i in 0..n as u32 {
            let ai = if na > 1 { a + i } else { a };
            let bi = if nb > 1 { b + i } else { b };
            self.emit(Op::Binary {
                op,
                k,
                dst: dst + i,
                a: ai,
                b: bi,
            });
        }
        Ok(dst)
    }

    fn bitcast(&mut self, fr: &mut Frame<'m>, arg: ExprId, ty: &Type) -> Result<Reg, Diagnostic> {
        let a = self.expr(fr, arg)?;
        let from = leaves(self.m, self.ty(fr, arg)?)?;
        let to = leaves(self.m, ty)?;
        let dst = self.temp_regs(to.len());
        if from.len() == to.len() {
            for (i, l) in to.iter().enumerate() {
                self.emit(Op::Bitcast {
                    to: l.k,
                    dst: dst + i as u32,
                    a: a + i as u32,
                });
            }
            return Ok(dst);
        }
        // Different leaf counts (`half2` ↔ `unsigned`): pack into one
        // 64-bit register, then unpack.
        let total: u32 = from.iter().map(|l| l.k.size()).sum();
        if total > 8 || to.iter().map(|l| l.k.size()).sum::<u32>() != total {
            return Err(Diagnostic::unsupported("this bit cast on the CPU back end"));
        }
        let acc = self.temp_regs(1);
        let tmp = self.temp_regs(1);
        let sh = self.temp_regs(1);
        self.emit(Op::Const { dst: acc, bits: 0 });
        for (i, l) in from.iter().enumerate() {
            let mask_k = unsigned_of(l.k.size());
            self.emit(Op::Bitcast {
                to: mask_k,
                dst: tmp,
                a: a + i as u32,
            });
            self.emit(Op::Const {
                dst: sh,
                bits: u64::from(l.off * 8),
            });
            self.emit(Op::Binary {
                op: BinaryOp::Shl,
                k: K::U64,
                dst: tmp,
                a: tmp,
                b: sh,
            });
            self.emit(Op::Binary {
                op: BinaryOp::BitOr,
                k: K::U64,
                dst: acc,
                a: acc,
                b: tmp,
            });
        }
        for (i, l) in to.iter().enumerate() {
            self.emit(Op::Const {
                dst: sh,
                bits: u64::from(l.off * 8),
            });
            self.emit(Op::Binary {
                op: BinaryOp::Shr,
                k: K::U64,
                dst: tmp,
                a: acc,
                b: sh,
            });
            self.emit(Op::Bitcast {
                to: l.k,
                dst: dst + i as u32,
                a: tmp,
            });
        }
        Ok(dst)
    }

    /// Emits a warp collective.
    pub(super) fn warp(
        &mut self,
        fr: &mut Frame<'m>,
        op: WarpOp,
        args: &'m [ExprId],
        result: Option<ExprId>,
    ) -> Result<(), Diagnostic> {
        let mut regs = [0u32; 4];
        for (i, a) in args.iter().enumerate().take(4) {
            regs[i] = self.expr(fr, *a)?;
        }
        let (k, width) = match args.get(1) {
            Some(v) => {
                let t = self.ty(fr, *v)?;
                (kind_of_elem(t).unwrap_or(K::U64), self.nleaves(t)? as u32)
            }
            None => (K::U32, 1),
        };
        let dst = match result {
            Some(e) => self.result_reg(fr, e)?,
            None => self.temp_regs(width as usize),
        };
        self.emit(Op::Warp {
            op,
            k,
            dst,
            args: regs,
            width,
        });
        Ok(())
    }
}

/// Is memory behind this pointer visible to other lanes of the warp
/// (shared, or a space not known statically)?
pub(super) fn warp_visible(ptr_ty: &Type) -> bool {
    matches!(
        ptr_ty,
        Type::Pointer {
            space: AddrSpace::Shared | AddrSpace::Generic,
            ..
        }
    )
}

fn unsigned_of(size: u32) -> K {
    match size {
        1 => K::U8,
        2 => K::U16,
        4 => K::U32,
        _ => K::U64,
    }
}

/// The kind of a scalar or pointer type.
fn kind_of(ty: &Type) -> Result<K, Diagnostic> {
    match ty {
        Type::Scalar(s) => Ok(code::kind_of(*s)),
        Type::Pointer { .. } => Ok(K::U64),
        _ => Err(Diagnostic::unsupported(
            "a non-scalar operand on the CPU back end",
        )),
    }
}

/// The element kind of a scalar, vector or pointer type.
fn kind_of_elem(ty: &Type) -> Result<K, Diagnostic> {
    match ty {
        Type::Vector(s, _) => Ok(code::kind_of(*s)),
        Type::Void | Type::Struct(_) | Type::Array(..) => Ok(K::U64),
        _ => kind_of(ty),
    }
}
