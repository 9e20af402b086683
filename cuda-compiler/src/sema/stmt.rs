//! Statement lowering: control flow, loops with `#pragma unroll`, switch
//! with fall-through, returns.

use super::func::FnLower;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, ExprKind, Scalar, StmtKind, Type, Unroll};
use crate::parse::ast::{self, StmtKind as S};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    /// Lowers statements in order, reporting errors and going on.
    pub fn lower_block_stmts(&mut self, stmts: &'a [ast::Stmt]) {
        for s in stmts {
            if let Err(e) = self.lower_stmt(s) {
                self.report(e);
            }
        }
    }

    /// Lowers a statement in its own local scope.
    pub fn lower_scoped(&mut self, s: &'a ast::Stmt) -> ir::Block {
        self.b.push_block();
        self.push_scope();
        if let Err(e) = self.lower_stmt(s) {
            self.report(e);
        }
        self.pop_scope();
        self.b.pop_block()
    }

    /// Lowers one statement.
    pub fn lower_stmt(&mut self, s: &'a ast::Stmt) -> Result<(), Diagnostic> {
        let span = s.span;
        if !matches!(
            s.kind,
            S::PragmaUnroll(_)
                | S::While { .. }
                | S::DoWhile { .. }
                | S::For { .. }
                | S::RangeFor { .. }
        ) {
            self.pending_unroll = None;
        }
        match &s.kind {
            S::Decl(decls) => {
                for d in decls {
                    if let Err(e) = self.lower_local_decl(d) {
                        self.report(e);
                    }
                }
                Ok(())
            }
            S::Item(item) => self.lower_local_item(item),
            S::Expr(e) => self.lower_discard(e),
            S::Block(b) => {
                self.push_scope();
                self.lower_block_stmts(&b.stmts);
                self.pop_scope();
                Ok(())
            }
            S::If {
                constexpr,
                cond,
                then,
                else_,
            } => {
                if *constexpr {
                    let v = self.const_eval(cond)?;
                    if v.truthy() {
                        let block = self.lower_scoped(then);
                        self.emit_inline(block, span);
                    } else if let Some(e) = else_ {
                        let block = self.lower_scoped(e);
                        self.emit_inline(block, span);
                    }
                    return Ok(());
                }
                let c = self.lower_expr(cond)?;
                let c = self.bool_value(c)?;
                let accept = self.lower_scoped(then);
                let reject = match else_ {
                    Some(e) => self.lower_scoped(e),
                    None => Vec::new(),
                };
                self.b.emit(
                    StmtKind::If {
                        cond: c,
                        accept,
                        reject,
                    },
                    span,
                );
                Ok(())
            }
            S::While { cond, body } => {
                let unroll = self.pending_unroll.take();
                self.b.push_block();
                self.push_scope();
                let r = self.break_unless(cond);
                self.loop_depth += 1;
                let inner = self.lower_scoped(body);
                self.loop_depth -= 1;
                self.pop_scope();
                let mut block = self.b.pop_block();
                r?;
                block.extend(inner);
                self.b.emit(
                    StmtKind::Loop {
                        body: block,
                        continuing: Vec::new(),
                        unroll,
                    },
                    span,
                );
                Ok(())
            }
            S::DoWhile { body, cond } => {
                let unroll = self.pending_unroll.take();
                self.loop_depth += 1;
                let block = self.lower_scoped(body);
                self.loop_depth -= 1;
                self.b.push_block();
                let r = self.break_unless(cond);
                let continuing = self.b.pop_block();
                r?;
                self.b.emit(
                    StmtKind::Loop {
                        body: block,
                        continuing,
                        unroll,
                    },
                    span,
                );
                Ok(())
            }
            S::For {
                init,
                cond,
                step,
                body,
            } => {
                let unroll = self.pending_unroll.take();
                self.push_scope();
                if let Some(i) = init {
                    if let Err(e) = self.lower_stmt(i) {
                        self.report(e);
                    }
                }
                self.b.push_block();
                let r = match cond {
                    Some(c) => self.break_unless(c),
                    None => Ok(()),
                };
                self.loop_depth += 1;
                let inner = self.lower_scoped(body);
                self.loop_depth -= 1;
                let mut block = self.b.pop_block();
                block.extend(inner);
                self.b.push_block();
                let rs = match step {
                    Some(e) => self.lower_discard(e),
                    None => Ok(()),
                };
                let continuing = self.b.pop_block();
                self.pop_scope();
                r?;
                rs?;
                self.b.emit(
                    StmtKind::Loop {
                        body: block,
                        continuing,
                        unroll,
                    },
                    span,
                );
                Ok(())
            }
            S::RangeFor { var, range, body } => self.lower_range_for(var, range, body, span),
            S::Switch { cond, body } => self.lower_switch(cond, body, span),
            S::Case(_) | S::Default => Err(if self.switch_depth > 0 {
                self.unsupported(
                    span,
                    "`case` labels nested inside other statements of a switch",
                )
            } else {
                self.err(span, "`case` label not within a switch statement")
            }),
            S::Break => {
                if self.loop_depth == 0 && self.switch_depth == 0 {
                    return Err(self.err(span, "`break` outside of a loop or `switch`"));
                }
                self.b.emit(StmtKind::Break, span);
                Ok(())
            }
            S::Continue => {
                if self.loop_depth == 0 {
                    return Err(self.err(span, "`continue` outside of a loop"));
                }
                self.b.emit(StmtKind::Continue, span);
                Ok(())
            }
            S::Return(value) => self.lower_return(value.as_ref(), span),
            S::Goto(_) => Err(self.unsupported(span, "`goto` in device code")),
            S::Label(_) | S::Empty => Ok(()),
            S::PragmaUnroll(n) => {
                self.pending_unroll = Some(match n {
                    None => Unroll::Full,
                    Some(e) => {
                        let v = self.const_eval(e)?.as_int();
                        if !(1..=i128::from(u32::MAX)).contains(&v) {
                            return Err(self
                                .err(e.span, "`#pragma unroll` count must be a positive integer"));
                        }
                        Unroll::Count(v as u32)
                    }
                });
                Ok(())
            }
            S::Asm => Err(self.unsupported(span, "inline PTX assembly (`asm`)")),
        }
    }

    /// Emits the statements of a block at the current level.
    fn emit_inline(&mut self, block: ir::Block, span: Span) {
        if !block.is_empty() {
            self.b.emit(StmtKind::Block(block), span);
        }
    }

    /// Emits `if (!cond) break;`.
    fn break_unless(&mut self, cond: &'a ast::Expr) -> Result<(), Diagnostic> {
        let c = self.lower_expr(cond)?;
        let c = self.bool_value(c)?;
        let not = self.b.expr(
            ExprKind::Unary {
                op: ir::UnaryOp::Not,
                arg: c,
            },
            Type::Scalar(Scalar::Bool),
            cond.span,
        );
        self.b.emit(
            StmtKind::If {
                cond: not,
                accept: vec![ir::Stmt {
                    kind: StmtKind::Break,
                    span: cond.span,
                }],
                reject: Vec::new(),
            },
            cond.span,
        );
        Ok(())
    }

    fn lower_return(&mut self, value: Option<&'a ast::Expr>, span: Span) -> Result<(), Diagnostic> {
        if !self.lambda_results.is_empty() {
            return Err(self.unsupported(
                span,
                "`return` inside a lambda other than as its last statement",
            ));
        }
        let result = self.result.clone();
        match (value, &result) {
            (None, Type::Void) => {
                self.b.emit(StmtKind::Return(None), span);
                Ok(())
            }
            (None, _) => Err(self.err(
                span,
                format!(
                    "non-void function `{}` should return a value",
                    self.decl_name
                ),
            )),
            (Some(e), Type::Void) => {
                let op = self.lower_expr(e)?;
                if op.ty != Type::Void {
                    return Err(self.err(
                        span,
                        format!(
                            "void function `{}` should not return a value",
                            self.decl_name
                        ),
                    ));
                }
                self.b.emit(StmtKind::Return(None), span);
                Ok(())
            }
            (Some(e), _) if self.returns_ref => {
                let op = self.lower_expr(e)?;
                let super::expr::OpKind::Place { ptr, .. } = op.kind else {
                    return Err(self.err(e.span, "cannot return a temporary by reference"));
                };
                let pt = self.b.ty(ptr).clone();
                self.learn_ret_space(&pt);
                let v = self.b.convert(ptr, &self.result.clone(), span);
                self.b.emit(StmtKind::Return(Some(v)), span);
                Ok(())
            }
            (Some(e), _) => {
                let target = match &result {
                    Type::Pointer { .. } => {
                        super::types::with_top_space(&result, AddrSpace::Generic)
                    }
                    t => t.clone(),
                };
                let v = self.lower_expect(e, &target)?;
                let vt = self.b.ty(v).clone();
                self.learn_ret_space(&vt);
                let v = self.b.convert(v, &self.result.clone(), span);
                self.b.emit(StmtKind::Return(Some(v)), span);
                Ok(())
            }
        }
    }

    /// Learns the space of a returned pointer.
    fn learn_ret_space(&mut self, vt: &Type) {
        let Type::Pointer { space: s, .. } = vt else {
            return;
        };
        let learnt = match self.ret_space {
            None => *s,
            Some(r) if r == *s || r == AddrSpace::Generic => return,
            Some(_) => AddrSpace::Generic,
        };
        self.ret_space = Some(learnt);
        if let Type::Pointer { space, .. } = &self.result {
            if *space != learnt {
                self.restart = true;
            }
        }
    }
}
