//! Statements of the CPU form: control flow as jumps, stores, calls
//! (inlined), atomics, warp collectives and barriers.

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use super::expr;
use super::layout::leaves;
use super::{Frame, Lowerer, Target, TEMP};
use crate::back::cpu::code::{Op, Reg};
use crate::diag::Diagnostic;
use crate::ir::{BarrierKind, Block, ExprId, StmtKind};

impl<'m> Lowerer<'m> {
    pub(super) fn block(&mut self, fr: &mut Frame<'m>, b: &'m Block) -> Result<(), Diagnostic> {
        for s in b {
            let mark = self.temp;
            self.span = s.span;
            self.stmt(fr, &s.kind)?;
            self.temp = mark;
        }
        Ok(())
    }

    pub(super) fn result_reg(&mut self, fr: &mut Frame<'m>, e: ExprId) -> Result<Reg, Diagnostic> {
        if let Some(r) = fr.results.get(&e) {
            return Ok(*r);
        }
        let ty = &fr
            .func
            .exprs
            .try_get(e)
            .ok_or_else(|| Diagnostic::error("bad expression handle"))?
            .ty;
        let n = leaves(self.m, ty)?.len();
        let r = self.perm_regs(n);
        fr.results.insert(e, r);
        Ok(r)
    }

    fn stmt(&mut self, fr: &mut Frame<'m>, s: &'m StmtKind) -> Result<(), Diagnostic> {
        match s {
            StmtKind::Store {
                ptr,
                value,
                volatile,
                ..
            } => {
                let v = self.expr(fr, *value)?;
                let ty = self.ty(fr, *value)?.clone();
                let lv = leaves(self.m, &ty)?;
                if let Some(home) = self.reg_home(fr, *ptr) {
                    if lv.len() == 1 && self.retarget_last(v, home) {
                        return Ok(());
                    }
                    for i in 0..lv.len() as u32 {
                        self.emit(Op::Mov {
                            dst: home + i,
                            src: v + i,
                        });
                    }
                    return Ok(());
                }
                let p = self.expr(fr, *ptr)?;
                let (p, idx, scale) = self.fuse_index(p, lv.len());
                let sync = *volatile || expr::warp_visible(self.ty(fr, *ptr)?);
                for (i, leaf) in lv.iter().enumerate() {
                    self.emit(Op::Store {
                        p,
                        idx,
                        scale,
                        off: leaf.off,
                        src: v + i as u32,
                        k: leaf.k,
                        sync,
                    });
                }
            }
            StmtKind::Eval(e) => {
                self.expr(fr, *e)?;
            }
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let c = self.expr(fr, *cond)?;
                let (c, negated) = self.strip_not(c);
                // `if (c) break;` / `if (c) continue;`: one conditional jump.
                let exit = match accept.as_slice() {
                    [one] if reject.is_empty() => match one.kind {
                        StmtKind::Break => Some(true),
                        StmtKind::Continue => Some(false),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(is_break) = exit {
                    let j = if negated {
                        self.emit(Op::JumpIfNot { cond: c, target: 0 })
                    } else {
                        self.emit(Op::JumpIf { cond: c, target: 0 })
                    };
                    return self.add_exit(fr, j, is_break);
                }
                let to_else = if negated {
                    self.emit(Op::JumpIf { cond: c, target: 0 })
                } else {
                    self.emit(Op::JumpIfNot { cond: c, target: 0 })
                };
                self.block(fr, accept)?;
                if reject.is_empty() {
                    let end = self.here();
                    self.patch(to_else, end);
                } else {
                    let to_end = self.emit(Op::Jump { target: 0 });
                    let els = self.here();
                    self.patch(to_else, els);
                    self.block(fr, reject)?;
                    let end = self.here();
                    self.patch(to_end, end);
                }
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                let top = self.here();
                fr.targets.push(Target::Loop {
                    breaks: Vec::new(),
                    continues: Vec::new(),
                });
                self.block(fr, body)?;
                let cont = self.here();
                let Some(Target::Loop { breaks, continues }) = fr.targets.pop() else {
                    return Err(Diagnostic::error("loop target stack out of order"));
                };
                for c in continues {
                    self.patch(c, cont);
                }
                // `continue` inside `continuing` is not valid IR; breaks
                // there leave the loop.
                fr.targets.push(Target::Loop {
                    breaks,
                    continues: Vec::new(),
                });
                self.block(fr, continuing)?;
                self.emit(Op::JumpBack { target: top });
                let end = self.here();
                if let Some(Target::Loop { breaks, .. }) = fr.targets.pop() {
                    for b in breaks {
                        self.patch(b, end);
                    }
                }
            }
            StmtKind::Break => {
                let j = self.emit(Op::Jump { target: 0 });
                self.add_exit(fr, j, true)?;
            }
            StmtKind::Continue => {
                let j = self.emit(Op::Jump { target: 0 });
                self.add_exit(fr, j, false)?;
            }
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => Some((self.expr(fr, *e)?, leaves(self.m, self.ty(fr, *e)?)?.len())),
                    None => None,
                };
                match &mut fr.ret {
                    None => {
                        self.emit(Op::Exit);
                    }
                    Some((r, _)) => {
                        let r = *r;
                        if let Some((v, n)) = v {
                            for i in 0..n as u32 {
                                self.emit(Op::Mov {
                                    dst: r + i,
                                    src: v + i,
                                });
                            }
                        }
                        let j = self.emit(Op::Jump { target: 0 });
                        if let Some((_, jumps)) = &mut fr.ret {
                            jumps.push(j);
                        }
                    }
                }
            }
            StmtKind::Switch { selector, cases } => self.switch(fr, *selector, cases)?,
            StmtKind::Block(b) => self.block(fr, b)?,
            StmtKind::Call { func, args, result } => {
                let mut regs = Vec::with_capacity(args.len());
                for a in args {
                    let r = self.expr(fr, *a)?;
                    // Copy so that the callee's parameter is not an alias
                    // of a caller register written during the call.
                    let n = leaves(self.m, self.ty(fr, *a)?)?.len();
                    let copy = self.perm_regs(n);
                    for i in 0..n as u32 {
                        self.emit(Op::Mov {
                            dst: copy + i,
                            src: r + i,
                        });
                    }
                    regs.push(copy);
                }
                let ret = match result {
                    Some(e) => Some(self.result_reg(fr, *e)?),
                    None => {
                        let f = self.m.functions.get(func.0 as usize);
                        let n = match f {
                            Some(f) => leaves(self.m, &f.result)?.len(),
                            None => 1,
                        };
                        Some(self.perm_regs(n))
                    }
                };
                let span = self.span;
                self.function(*func, regs, ret)?;
                self.span = span;
            }
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                result,
                ..
            } => {
                let p = self.expr(fr, *ptr)?;
                let v = self.expr(fr, *value)?;
                let cmp = match compare {
                    Some(c) => self.expr(fr, *c)?,
                    None => v,
                };
                let k = self.scalar_kind(fr, *value)?;
                let dst = match result {
                    Some(e) => self.result_reg(fr, *e)?,
                    None => self.temp_regs(1),
                };
                self.emit(Op::Atomic {
                    op: *op,
                    k,
                    dst,
                    p,
                    v,
                    cmp,
                });
            }
            StmtKind::Warp { op, args, result } => self.warp(fr, *op, args, *result)?,
            StmtKind::Barrier { kind, .. } => {
                match kind {
                    BarrierKind::Block => self.emit(Op::Barrier { reduce: None }),
                    BarrierKind::Warp => self.emit(Op::SyncWarp),
                };
            }
            StmtKind::BarrierReduce { op, pred, result } => {
                let p = self.expr(fr, *pred)?;
                let dst = self.result_reg(fr, *result)?;
                self.emit(Op::Barrier {
                    reduce: Some((*op, p, dst)),
                });
            }
            StmtKind::Fence(_) => {}
        }
        Ok(())
    }

    /// Registers jump `j` as a `break` (or `continue`) of the innermost
    /// loop or switch (loop).
    fn add_exit(&mut self, fr: &mut Frame<'m>, j: usize, is_break: bool) -> Result<(), Diagnostic> {
        if is_break {
            match fr.targets.last_mut() {
                Some(Target::Loop { breaks, .. } | Target::Switch { breaks }) => breaks.push(j),
                None => return Err(Diagnostic::error("`break` outside a loop or switch")),
            }
            return Ok(());
        }
        let target = fr.targets.iter_mut().rev().find_map(|t| match t {
            Target::Loop { continues, .. } => Some(continues),
            Target::Switch { .. } => None,
        });
        match target {
            Some(c) => c.push(j),
            None => return Err(Diagnostic::error("`continue` outside a loop")),
        }
        Ok(())
    }

    /// When the last instruction is `c = !a` for the fresh temporary `c`,
    /// removes it and returns `(a, true)`; otherwise `(c, false)`.
    fn strip_not(&mut self, c: Reg) -> (Reg, bool) {
        if c & TEMP != 0 {
            if let Some(&Op::Unary {
                op: crate::ir::UnaryOp::Not,
                dst,
                a,
                ..
            }) = self.ops.last()
            {
                if dst == c {
                    self.ops.pop();
                    self.spans.pop();
                    return (a, true);
                }
            }
        }
        (c, false)
    }

    fn switch(
        &mut self,
        fr: &mut Frame<'m>,
        selector: ExprId,
        cases: &'m [crate::ir::SwitchCase],
    ) -> Result<(), Diagnostic> {
        let sel = self.expr(fr, selector)?;
        let k = self.scalar_kind(fr, selector)?;
        let mut entry_jumps: Vec<(usize, usize)> = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            for v in &c.values {
                let lit = self.temp_regs(1);
                self.emit(Op::Const {
                    dst: lit,
                    bits: crate::back::cpu::ops::canon(k, *v as u64),
                });
                let eq = self.temp_regs(1);
                self.emit(Op::Binary {
                    op: crate::ir::BinaryOp::Eq,
                    k,
                    dst: eq,
                    a: sel,
                    b: lit,
                });
                let j = self.emit(Op::JumpIf {
                    cond: eq,
                    target: 0,
                });
                entry_jumps.push((j, i));
            }
        }
        let default_jump = self.emit(Op::Jump { target: 0 });
        let default = cases.iter().position(|c| c.is_default);
        fr.targets.push(Target::Switch { breaks: Vec::new() });
        let mut starts = Vec::with_capacity(cases.len());
        for c in cases {
            starts.push(self.here());
            self.block(fr, &c.body)?;
            if !c.fall_through {
                let j = self.emit(Op::Jump { target: 0 });
                if let Some(Target::Switch { breaks }) = fr.targets.last_mut() {
                    breaks.push(j);
                }
            }
        }
        let end = self.here();
        for (j, i) in entry_jumps {
            let t = starts.get(i).copied().unwrap_or(end);
            self.patch(j, t);
        }
        let d = default.and_then(|i| starts.get(i).copied()).unwrap_or(end);
        self.patch(default_jump, d);
        if let Some(Target::Switch { breaks }) = fr.targets.pop() {
            for b in breaks {
                self.patch(b, end);
            }
        }
        Ok(())
    }
}
