//! IR statements to naga statements: structured control flow maps one to
//! one (a `switch` arm that falls through gets the following arms' bodies
//! appended, as WGSL has no fall-through), stores go to naga variables or
//! memory, calls to naga functions, barriers to `workgroupBarrier` and
//! `storageBarrier`.

use naga::{Barrier, Block, Expression, Statement, SwitchCase, SwitchValue};

use super::func::FnCtx;
use super::Unsupported;
use crate::ir::{BarrierReduce, Stmt, StmtKind, SwitchCase as IrCase};

impl FnCtx<'_, '_> {
    /// Lowers a list of statements into the current block.
    pub fn stmts(&mut self, b: &[Stmt]) -> Result<(), Unsupported> {
        for s in b {
            self.statement(s)?;
        }
        Ok(())
    }

    fn sub_block(&mut self, b: &[Stmt]) -> Result<Block, Unsupported> {
        self.block(|s| s.stmts(b))
    }

    fn statement(&mut self, s: &Stmt) -> Result<(), Unsupported> {
        self.span = s.span;
        self.memo_clear();
        match &s.kind {
            StmtKind::Store { ptr, value, .. } => {
                let v = self.expr(*value)?;
                if let Some(p) = self.place(*ptr)? {
                    self.store(p, v);
                    return Ok(());
                }
                let ty = self.func.exprs[*value].ty.clone();
                let (r, off) = self.ptr(*ptr)?;
                self.store_value(&ty, r, off, v)
            }
            StmtKind::Eval(e) => self.expr(*e).map(|_| ()),
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let condition = self.expr(*cond)?;
                let div = u32::from(self.is_divergent(*cond));
                self.divergent += div;
                let accept = self.sub_block(accept);
                let reject = self.sub_block(reject);
                self.divergent -= div;
                let (accept, reject) = (accept?, reject?);
                self.stmt(Statement::If {
                    condition,
                    accept,
                    reject,
                });
                Ok(())
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                let body = self.sub_block(body)?;
                // `do … while (c)` ends its continuing with `if !c break`:
                // naga wants that as `break_if`.
                let (rest, exit) = split_exit(continuing);
                let mut break_if = None;
                let continuing = self.block(|s| {
                    s.stmts(rest)?;
                    if let Some((cond, negate)) = exit {
                        s.memo_clear();
                        let c = s.expr(cond)?;
                        break_if = Some(if negate {
                            s.un(naga::UnaryOperator::LogicalNot, c)
                        } else {
                            c
                        });
                    }
                    Ok(())
                })?;
                self.stmt(Statement::Loop {
                    body,
                    continuing,
                    break_if,
                });
                Ok(())
            }
            StmtKind::Break => {
                self.stmt(Statement::Break);
                Ok(())
            }
            StmtKind::Continue => {
                self.stmt(Statement::Continue);
                Ok(())
            }
            StmtKind::Return(v) => {
                let value = match v {
                    Some(e) => Some(self.expr(*e)?),
                    None => None,
                };
                self.stmt(Statement::Return { value });
                Ok(())
            }
            StmtKind::Switch { selector, cases } => self.switch(*selector, cases),
            StmtKind::Block(b) => {
                let b = self.sub_block(b)?;
                self.stmt(Statement::Block(b));
                Ok(())
            }
            StmtKind::Call { func, args, result } => {
                if self.m.warp_funcs.contains(func) {
                    self.check_warp_uniform()?;
                }
                let function = *self
                    .m
                    .functions
                    .get(func)
                    .ok_or_else(|| self.err("a call to a function not compiled yet"))?;
                let mut arguments = Vec::new();
                for a in args {
                    arguments.push(self.expr(*a)?);
                }
                let returns = self.m.ir.function(*func).result != crate::ir::Type::Void;
                let res = returns.then(|| self.push_result(Expression::CallResult(function)));
                self.stmt(Statement::Call {
                    function,
                    arguments,
                    result: res,
                });
                if let (Some(r), Some(h)) = (result, res) {
                    let lv = self.result_local(*r)?;
                    let p = self.local_ptr(lv);
                    self.store(p, h);
                }
                Ok(())
            }
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                result,
                ..
            } => self.atomic(*op, *ptr, *value, *compare, *result),
            StmtKind::Warp { op, args, result } => self.warp(*op, args, *result),
            StmtKind::Barrier { kind, .. } => {
                if *kind == crate::ir::BarrierKind::Warp {
                    self.check_warp_uniform()?;
                }
                self.barrier();
                Ok(())
            }
            StmtKind::BarrierReduce { op, pred, result } => {
                self.barrier_reduce(*op, *pred, *result)
            }
            // WGSL has no fence; storage accesses are coherent within a
            // dispatch on the adapters wgpu supports.
            StmtKind::Fence(_) => Ok(()),
        }
    }

    /// `__syncthreads()`: a workgroup barrier that also orders storage.
    pub fn barrier(&mut self) {
        self.stmt(Statement::ControlBarrier(
            Barrier::STORAGE | Barrier::WORK_GROUP,
        ));
    }

    fn switch(&mut self, selector: crate::ir::ExprId, cases: &[IrCase]) -> Result<(), Unsupported> {
        let signed = self.func.exprs[selector]
            .ty
            .element_scalar()
            .is_some_and(|s| s.is_signed_int());
        let sel = self.expr(selector)?;
        let div = u32::from(self.is_divergent(selector));
        self.divergent += div;
        let r = self.switch_cases(sel, signed, cases);
        self.divergent -= div;
        r
    }

    fn switch_cases(
        &mut self,
        sel: naga::Handle<Expression>,
        signed: bool,
        cases: &[IrCase],
    ) -> Result<(), Unsupported> {
        let mut out = Vec::new();
        let mut has_default = false;
        for (i, c) in cases.iter().enumerate() {
            // The arm's body plus the bodies it falls into.
            let mut body: Vec<Stmt> = c.body.clone();
            let mut j = i;
            while cases[j].fall_through && j + 1 < cases.len() {
                j += 1;
                body.extend(cases[j].body.iter().cloned());
            }
            let nbody = self.sub_block(&body)?;
            let mut values: Vec<SwitchValue> = c
                .values
                .iter()
                .map(|&v| {
                    if signed {
                        SwitchValue::I32(v as i32)
                    } else {
                        SwitchValue::U32(v as u32)
                    }
                })
                .collect();
            if c.is_default {
                values.push(SwitchValue::Default);
                has_default = true;
            }
            let n = values.len();
            for (k, value) in values.into_iter().enumerate() {
                let last = k + 1 == n;
                out.push(SwitchCase {
                    value,
                    body: if last { nbody.clone() } else { Block::new() },
                    fall_through: !last,
                });
            }
        }
        if !has_default {
            out.push(SwitchCase {
                value: SwitchValue::Default,
                body: Block::new(),
                fall_through: false,
            });
        }
        self.stmt(Statement::Switch {
            selector: sel,
            cases: out,
        });
        Ok(())
    }

    fn barrier_reduce(
        &mut self,
        op: BarrierReduce,
        pred: crate::ir::ExprId,
        result: crate::ir::ExprId,
    ) -> Result<(), Unsupported> {
        let counter = self.m.sync_counter_var();
        let p = self.expr(pred)?;
        let pty = self.func.exprs[pred].ty.clone();
        let truth = match pty.element_scalar() {
            Some(s) => {
                let b = self.value_to_bits(s, p);
                let z = self.u32(0);
                self.bin(naga::BinaryOperator::NotEqual, b, z)
            }
            None => return Err(self.err("a barrier predicate that is not a scalar")),
        };
        self.barrier();
        let tid = self.global_ptr(self.m.linear_tid);
        let tid = self.load(tid);
        let z = self.u32(0);
        let first = self.bin(naga::BinaryOperator::Equal, tid, z);
        let reset = self.block(|s| {
            let c = s.global_ptr(counter);
            let z = s.u32(0);
            s.store(c, z);
            Ok(())
        })?;
        self.stmt(Statement::If {
            condition: first,
            accept: reset,
            reject: Block::new(),
        });
        self.barrier();
        let add = self.block(|s| {
            let c = s.global_ptr(counter);
            let one = s.u32(1);
            s.stmt(Statement::Atomic {
                pointer: c,
                fun: naga::AtomicFunction::Add,
                value: one,
                result: None,
            });
            Ok(())
        })?;
        self.stmt(Statement::If {
            condition: truth,
            accept: add,
            reject: Block::new(),
        });
        self.barrier();
        let c = self.global_ptr(counter);
        let count = self.load(c);
        let lv = self.result_local(result)?;
        let count_i = self.bits(count, naga::ScalarKind::Sint);
        let one = self.i32(1);
        let zero = self.i32(0);
        let v = match op {
            BarrierReduce::Count => count_i,
            BarrierReduce::And => {
                let n = self.block_threads();
                let all = self.bin(naga::BinaryOperator::Equal, count, n);
                self.select(all, one, zero)
            }
            BarrierReduce::Or => {
                let z = self.u32(0);
                let any = self.bin(naga::BinaryOperator::NotEqual, count, z);
                self.select(any, one, zero)
            }
        };
        let p = self.local_ptr(lv);
        self.store(p, v);
        self.barrier();
        Ok(())
    }

    /// `blockDim.x * blockDim.y * blockDim.z` as a `u32`.
    pub fn block_threads(&mut self) -> naga::Handle<Expression> {
        let [x, y, z] = self.m.block_dim;
        let x = self.push(Expression::Override(x));
        let y = self.push(Expression::Override(y));
        let z = self.push(Expression::Override(z));
        let xy = self.bin(naga::BinaryOperator::Multiply, x, y);
        self.bin(naga::BinaryOperator::Multiply, xy, z)
    }
}

/// Splits `if c { break }` (or `if c {} else { break }`) off the end of a
/// loop's continuing block: the rest, and the exit condition with whether
/// it must be negated.
fn split_exit(block: &[Stmt]) -> (&[Stmt], Option<(crate::ir::ExprId, bool)>) {
    let is_break = |b: &[Stmt]| {
        matches!(
            b,
            [Stmt {
                kind: StmtKind::Break,
                ..
            }]
        )
    };
    if let Some((last, rest)) = block.split_last() {
        if let StmtKind::If {
            cond,
            accept,
            reject,
        } = &last.kind
        {
            if is_break(accept) && reject.is_empty() {
                return (rest, Some((*cond, false)));
            }
            if accept.is_empty() && is_break(reject) {
                return (rest, Some((*cond, true)));
            }
        }
    }
    (block, None)
}
