//! Statements: structured control flow to labels and branches, and device
//! function calls (inlined: each call gets a frame with its own locals and
//! a label its `return`s branch to).

use super::emit::{Emitter, Frame, Home, R};
use super::locals::register_locals;
use super::regs::{class_of, leaves, LeafKind, Reg, RegClass};
use crate::ir::{Block, ExprId, FuncId, Stmt, StmtKind, SwitchCase};
use std::collections::HashMap;

impl Emitter<'_> {
    /// Opens a frame for function `func` called with `params`; `ret` is
    /// the result registers and end label of an inlined call.
    pub(super) fn push_frame(
        &mut self,
        func: FuncId,
        params: Vec<Vec<Reg>>,
        ret: Option<(Vec<Reg>, String)>,
    ) {
        let f = self.module.function(func);
        let in_regs = register_locals(self.module, f);
        let mut homes = Vec::new();
        for (local, regs) in f.locals.iter().zip(in_regs) {
            if regs {
                let rs = leaves(self.module, &local.ty)
                    .iter()
                    .map(|l| match &l.kind {
                        LeafKind::Scalar(s) => self.fresh(class_of(*s)),
                        LeafKind::Pointer(_) => self.fresh(RegClass::B64),
                    })
                    .collect();
                homes.push(Home::Regs(rs));
            } else {
                let (size, align) = self.module.size_align(&local.ty);
                homes.push(Home::Memory(self.new_local_memory(size, align)));
            }
        }
        let volatile_shared = super::volatile::mentions_volatile(f, self.src);
        self.frames.push(Frame {
            func,
            params,
            homes,
            results: HashMap::new(),
            memo: vec![HashMap::new()],
            ret,
            volatile_shared,
            breaks: Vec::new(),
            continues: Vec::new(),
        });
    }

    /// Emits a block.
    pub(super) fn block(&mut self, b: &Block) -> R<()> {
        for s in b {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        self.span = s.span;
        self.reset_memo()?;
        match &s.kind {
            StmtKind::Store {
                ptr,
                value,
                hint,
                volatile,
            } => {
                let ty = self.expr(*value)?.ty.clone();
                let v = self.eval(*value)?;
                self.store(*ptr, &v, &ty, *hint, *volatile)
            }
            StmtKind::Eval(e) => self.eval(*e).map(|_| ()),
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let c = self.eval1(*cond)?;
                let end = self.new_label();
                if reject.is_empty() {
                    self.ins(format!("@!{c} bra \t{end}"));
                    self.block(accept)?;
                } else {
                    let else_l = self.new_label();
                    self.ins(format!("@!{c} bra \t{else_l}"));
                    self.block(accept)?;
                    self.ins(format!("bra.uni \t{end}"));
                    self.place_label(&else_l);
                    self.block(reject)?;
                }
                self.place_label(&end);
                Ok(())
            }
            StmtKind::Loop {
                body,
                continuing,
                unroll,
            } => {
                let head = self.new_label();
                let cont = self.new_label();
                let brk = self.new_label();
                self.place_label(&head);
                if matches!(unroll, Some(crate::ir::Unroll::Count(1))) {
                    self.body.push_str("\t.pragma \"nounroll\";\n");
                }
                self.frame()?.breaks.push(brk.clone());
                self.frame()?.continues.push(cont.clone());
                let r = self.block(body);
                self.place_label(&cont);
                let r2 = r.and_then(|_| self.block(continuing));
                self.frame()?.breaks.pop();
                self.frame()?.continues.pop();
                r2?;
                self.ins(format!("bra.uni \t{head}"));
                self.place_label(&brk);
                Ok(())
            }
            StmtKind::Break => {
                let target = self.frame()?.breaks.last().cloned();
                match target {
                    Some(t) => self.ins(format!("bra.uni \t{t}")),
                    None => return Err(self.unsupported("`break` outside a loop or switch")),
                }
                Ok(())
            }
            StmtKind::Continue => {
                let target = self.frame()?.continues.last().cloned();
                match target {
                    Some(t) => self.ins(format!("bra.uni \t{t}")),
                    None => return Err(self.unsupported("`continue` outside a loop")),
                }
                Ok(())
            }
            StmtKind::Return(v) => self.ret(*v),
            StmtKind::Switch { selector, cases } => self.switch(*selector, cases),
            StmtKind::Block(b) => self.block(b),
            StmtKind::Call { func, args, result } => self.call(*func, args, *result),
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                scope,
                result,
            } => self.atomic(*op, *ptr, *value, *compare, *scope, *result),
            StmtKind::Warp { op, args, result } => self.warp(*op, args, *result),
            StmtKind::Barrier { kind, mask } => self.barrier(*kind, *mask),
            StmtKind::BarrierReduce { op, pred, result } => {
                self.barrier_reduce(*op, *pred, *result)
            }
            StmtKind::Fence(scope) => {
                self.fence(*scope);
                Ok(())
            }
        }
    }

    fn ret(&mut self, v: Option<ExprId>) -> R<()> {
        let ret = self.frame()?.ret.clone();
        match ret {
            None => {
                self.ins("ret");
                Ok(())
            }
            Some((regs, label)) => {
                if let Some(v) = v {
                    let val = self.eval(v)?;
                    self.mov_regs(&regs, &val);
                }
                self.ins(format!("bra.uni \t{label}"));
                Ok(())
            }
        }
    }

    fn switch(&mut self, selector: ExprId, cases: &[SwitchCase]) -> R<()> {
        let sty = self.expr(selector)?.ty.clone();
        let s = self.scalar_of(&sty)?;
        let sel = self.eval1(selector)?;
        let end = self.new_label();
        let labels: Vec<String> = cases.iter().map(|_| self.new_label()).collect();
        let mut default = None;
        for (case, label) in cases.iter().zip(&labels) {
            if case.is_default {
                default = Some(label.clone());
            }
            for v in &case.values {
                let c = self.int_const(s, *v);
                let p = self.compare(crate::ir::BinaryOp::Eq, s, sel, c);
                self.ins(format!("@{p} bra \t{label}"));
            }
        }
        self.ins(format!(
            "bra.uni \t{}",
            default.unwrap_or_else(|| end.clone())
        ));
        self.frame()?.breaks.push(end.clone());
        let mut r = Ok(());
        for (case, label) in cases.iter().zip(&labels) {
            self.place_label(label);
            r = self.block(&case.body);
            if r.is_err() {
                break;
            }
            if !case.fall_through {
                self.ins(format!("bra.uni \t{end}"));
            }
        }
        self.frame()?.breaks.pop();
        r?;
        self.place_label(&end);
        Ok(())
    }

    /// A device function call, inlined.
    fn call(&mut self, func: FuncId, args: &[ExprId], result: Option<ExprId>) -> R<()> {
        if self.frames.iter().any(|f| f.func == func) || self.frames.len() > 64 {
            return Err(self.unsupported(format!(
                "recursive call of `{}` (device functions are inlined)",
                self.module.function(func).name
            )));
        }
        let mut argv = Vec::new();
        for a in args {
            argv.push(self.eval(*a)?);
        }
        let callee = self.module.function(func);
        let ret_regs: Vec<Reg> = leaves(self.module, &callee.result)
            .iter()
            .map(|l| match &l.kind {
                LeafKind::Scalar(s) => self.fresh(class_of(*s)),
                LeafKind::Pointer(_) => self.fresh(RegClass::B64),
            })
            .collect();
        let end = self.new_label();
        let span = self.span;
        self.push_frame(func, argv, Some((ret_regs.clone(), end.clone())));
        let r = self.block(&callee.body);
        self.frames.pop();
        self.span = span;
        r?;
        self.place_label(&end);
        if let Some(res) = result {
            self.frame()?.results.insert(res, ret_regs);
        }
        Ok(())
    }
}
