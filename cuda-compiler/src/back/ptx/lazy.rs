//! The lazy operators: `&&`, `||` and `?:` branch around the side not
//! taken unless that side cannot fault and is cheap, then both sides are
//! computed and combined with `and`/`or`/`selp`.

use super::emit::{Emitter, R};
use super::regs::{Reg, RegClass};
use crate::ir::{BinaryOp, ExprId, ExprKind};

impl Emitter<'_> {
    /// `&&` / `||`: the right side runs only when needed, unless it has
    /// no loads (then both are computed and combined without a branch).
    pub(super) fn logical(&mut self, op: BinaryOp, lhs: ExprId, rhs: ExprId) -> R<Reg> {
        let a = self.eval1(lhs)?;
        let and = op == BinaryOp::LogicalAnd;
        if self.is_cheap_and_safe(rhs)? {
            let b = self.lazily(|em| em.eval1(rhs))?;
            let d = self.fresh(RegClass::Pred);
            let o = if and { "and" } else { "or" };
            self.ins(format!("{o}.pred \t{d}, {a}, {b}"));
            return Ok(d);
        }
        let d = self.fresh(RegClass::Pred);
        self.ins(format!("mov.pred \t{d}, {a}"));
        let skip = self.new_label();
        let guard = if and { "@!" } else { "@" };
        self.ins(format!("{guard}{a} bra \t{skip}"));
        let b = self.lazily(|em| em.eval1(rhs))?;
        self.ins(format!("mov.pred \t{d}, {b}"));
        self.place_label(&skip);
        Ok(d)
    }

    /// `c ? a : b`: a `selp` when neither side can fault, else branches.
    pub(super) fn select(&mut self, cond: ExprId, accept: ExprId, reject: ExprId) -> R<Vec<Reg>> {
        let c = self.eval1(cond)?;
        if self.is_cheap_and_safe(accept)? && self.is_cheap_and_safe(reject)? {
            let a = self.lazily(|em| em.eval(accept))?;
            let b = self.lazily(|em| em.eval(reject))?;
            let mut out = Vec::new();
            for (x, y) in a.iter().zip(&b) {
                let d = self.fresh(x.class);
                if x.class == RegClass::Pred {
                    let t = self.fresh(RegClass::Pred);
                    let u = self.fresh(RegClass::Pred);
                    let nc = self.fresh(RegClass::Pred);
                    self.ins(format!("and.pred \t{t}, {c}, {x}"));
                    self.ins(format!("not.pred \t{nc}, {c}"));
                    self.ins(format!("and.pred \t{u}, {nc}, {y}"));
                    self.ins(format!("or.pred \t{d}, {t}, {u}"));
                } else {
                    self.ins(format!("selp.{} \t{d}, {x}, {y}, {c}", x.class.mov_ty()));
                }
                out.push(d);
            }
            return Ok(out);
        }
        let else_l = self.new_label();
        let end_l = self.new_label();
        self.ins(format!("@!{c} bra \t{else_l}"));
        let a = self.lazily(|em| em.eval(accept))?;
        let d = self.fresh_like(&a);
        self.mov_regs(&d, &a);
        self.ins(format!("bra.uni \t{end_l}"));
        self.place_label(&else_l);
        let b = self.lazily(|em| em.eval(reject))?;
        self.mov_regs(&d, &b);
        self.place_label(&end_l);
        Ok(d)
    }

    /// Has the expression no loads, no integer division and no lazy
    /// operators (so computing it when not needed is harmless and cheap)?
    pub(super) fn is_cheap_and_safe(&self, e: ExprId) -> R<bool> {
        let f = self.func()?;
        let mut stack = vec![e];
        let mut seen = 0;
        while let Some(e) = stack.pop() {
            seen += 1;
            if seen > 24 {
                return Ok(false);
            }
            let x = &f.exprs[e];
            match &x.kind {
                ExprKind::Load { .. } | ExprKind::Select { .. } => return Ok(false),
                ExprKind::Binary { op, lhs, rhs } => {
                    let int = x.ty.element_scalar().is_some_and(|s| s.is_int());
                    if matches!(op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr)
                        || (int && matches!(op, BinaryOp::Div | BinaryOp::Rem))
                    {
                        return Ok(false);
                    }
                    stack.push(*lhs);
                    stack.push(*rhs);
                }
                ExprKind::Intrinsic { args, .. } => stack.extend(args.iter().copied()),
                ExprKind::Unary { arg, .. }
                | ExprKind::Convert { arg, .. }
                | ExprKind::Bitcast { arg } => stack.push(*arg),
                ExprKind::Splat { value } | ExprKind::Extract { value, .. } => stack.push(*value),
                ExprKind::Compose { components } => stack.extend(components.iter().copied()),
                ExprKind::PtrOffset { ptr, offset } => {
                    stack.push(*ptr);
                    stack.push(*offset);
                }
                ExprKind::ElementPtr { ptr, index } => {
                    stack.push(*ptr);
                    stack.push(*index);
                }
                ExprKind::MemberPtr { ptr, .. } | ExprKind::PtrCast { ptr } => stack.push(*ptr),
                _ => {}
            }
        }
        Ok(true)
    }
}
