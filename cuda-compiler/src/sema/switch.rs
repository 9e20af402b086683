//! `switch` with fall-through and range-based `for` over arrays.

use super::const_eval::cast_const;
use super::func::{Binding, FnLower};
use crate::diag::Diagnostic;
use crate::ir::{self, ExprKind, Scalar, StmtKind, Type};
use crate::parse::ast::{self, StmtKind as S};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    pub fn lower_switch(
        &mut self,
        cond: &'a ast::Expr,
        body: &'a ast::Stmt,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let (sel, sty) = self.lower_value(cond)?;
        let s = match sty {
            Type::Scalar(s) if s.is_int() || s == Scalar::Bool => super::convert::promote(s),
            other => {
                return Err(self.err(
                    cond.span,
                    format!(
                        "statement requires expression of integer type (`{}` invalid)",
                        self.sema.type_name(&other)
                    ),
                ))
            }
        };
        let sel = self.b.convert(sel, &Type::Scalar(s), cond.span);
        let stmts: &'a [ast::Stmt] = match &body.kind {
            S::Block(b) => &b.stmts,
            _ => std::slice::from_ref(body),
        };
        let mut cases: Vec<ir::SwitchCase> = Vec::new();
        let mut open: Option<(Vec<i128>, bool)> = None;
        let mut seen: Vec<i128> = Vec::new();
        let mut seen_default = false;
        self.switch_depth += 1;
        self.push_scope();
        for st in stmts {
            let label = match &st.kind {
                S::Case(e) => match self.const_eval(e) {
                    Ok(v) => {
                        let v = cast_const(v, s).as_int();
                        if seen.contains(&v) {
                            self.report(self.err(e.span, format!("duplicate case value `{v}`")));
                        }
                        seen.push(v);
                        Some((Some(v), false))
                    }
                    Err(d) => {
                        let d = if d.message.starts_with("expression is not")
                            || d.message.starts_with("use of undeclared")
                        {
                            self.err(e.span, "case value is not a constant expression")
                        } else {
                            d
                        };
                        self.report(d);
                        Some((None, false))
                    }
                },
                S::Default => {
                    if std::mem::replace(&mut seen_default, true) {
                        self.report(self.err(st.span, "multiple `default` labels in one `switch`"));
                    }
                    Some((None, true))
                }
                _ => None,
            };
            match label {
                Some((v, is_default)) => {
                    let arm_empty = open.is_some() && self.b_current_is_empty();
                    if arm_empty {
                        if let Some((vals, d)) = open.as_mut() {
                            vals.extend(v);
                            *d |= is_default;
                        }
                    } else {
                        if let Some((vals, d)) = open.take() {
                            let block = self.b.pop_block();
                            cases.push(close_arm(vals, d, block));
                        }
                        self.b.push_block();
                        open = Some((v.into_iter().collect(), is_default));
                    }
                }
                None => {
                    if open.is_some() {
                        if let Err(e) = self.lower_stmt(st) {
                            self.report(e);
                        }
                    }
                }
            }
        }
        if let Some((vals, d)) = open.take() {
            let block = self.b.pop_block();
            cases.push(close_arm(vals, d, block));
        }
        if let Some(last) = cases.last_mut() {
            last.fall_through = false;
        }
        self.pop_scope();
        self.switch_depth -= 1;
        self.b.emit(
            StmtKind::Switch {
                selector: sel,
                cases,
            },
            span,
        );
        Ok(())
    }

    /// Is the innermost open block empty?
    fn b_current_is_empty(&mut self) -> bool {
        self.b.current_block_len() == 0
    }

    pub fn lower_range_for(
        &mut self,
        var: &'a ast::VarDecl,
        range: &'a ast::Expr,
        body: &'a ast::Stmt,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let unroll = self.pending_unroll.take();
        let r = self.lower_expr(range)?;
        let (super::expr::OpKind::Place { ptr, .. }, Type::Array(elem, n)) = (r.kind, r.ty.clone())
        else {
            return Err(
                self.unsupported(range.span, "range-based `for` over anything but an array")
            );
        };
        let arr = self.stabilize(ptr, span);
        let idx = self.b.add_local("i", Type::Scalar(Scalar::U64), span);
        let ip = self.local_ptr(idx, span);
        let zero = self.b.int(0, Scalar::U64, span);
        self.store(ip, zero, false, span);
        self.push_scope();
        self.b.push_block();
        let ip2 = self.local_ptr(idx, span);
        let iv = self.b.expr(
            ExprKind::Load {
                ptr: ip2,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            Type::Scalar(Scalar::U64),
            span,
        );
        let limit = self.b.int(i128::from(n), Scalar::U64, span);
        let done = self.b.expr(
            ExprKind::Binary {
                op: ir::BinaryOp::Ge,
                lhs: iv,
                rhs: limit,
            },
            Type::Scalar(Scalar::Bool),
            span,
        );
        self.b.emit(
            StmtKind::If {
                cond: done,
                accept: vec![ir::Stmt {
                    kind: StmtKind::Break,
                    span,
                }],
                reject: Vec::new(),
            },
            span,
        );
        let ip3 = self.local_ptr(idx, span);
        let iv2 = self.b.expr(
            ExprKind::Load {
                ptr: ip3,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            Type::Scalar(Scalar::U64),
            span,
        );
        let space = self.space_of(arr);
        let arr2 = self.reload(arr);
        let ep = self.b.expr(
            ExprKind::ElementPtr {
                ptr: arr2,
                index: iv2,
            },
            Type::ptr((*elem).clone(), space),
            span,
        );
        let is_ref = matches!(var.ty.kind, ast::TypeKind::Reference { .. });
        if is_ref {
            let l = self
                .b
                .add_local(var.name.name.clone(), self.b.ty(ep).clone(), var.span);
            let lp = self.local_ptr(l, span);
            self.store(lp, ep, false, span);
            self.bind(
                &var.name.name,
                Binding::Var {
                    local: l,
                    ty: (*elem).clone(),
                    is_ref: true,
                    konst: None,
                    volatile: false,
                },
            );
        } else {
            let ty = match &var.ty.kind {
                ast::TypeKind::Auto => (*elem).clone(),
                _ => self.resolve_type(&var.ty)?.ty,
            };
            let v = self.b.expr(
                ExprKind::Load {
                    ptr: ep,
                    hint: ir::CacheHint::Default,
                    volatile: false,
                },
                (*elem).clone(),
                span,
            );
            let v = self.implicit_convert(v, &elem, &ty, span)?;
            let l = self
                .b
                .add_local(var.name.name.clone(), ty.clone(), var.span);
            let lp = self.local_ptr(l, span);
            self.store(lp, v, false, span);
            self.bind(
                &var.name.name,
                Binding::Var {
                    local: l,
                    ty,
                    is_ref: false,
                    konst: None,
                    volatile: false,
                },
            );
        }
        self.loop_depth += 1;
        let inner = self.lower_scoped(body);
        self.loop_depth -= 1;
        let mut block = self.b.pop_block();
        block.extend(inner);
        self.pop_scope();
        let ip4 = self.local_ptr(idx, span);
        let iv3 = self.b.expr(
            ExprKind::Load {
                ptr: ip4,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            Type::Scalar(Scalar::U64),
            span,
        );
        let one = self.b.int(1, Scalar::U64, span);
        let next = self.b.expr(
            ExprKind::Binary {
                op: ir::BinaryOp::Add,
                lhs: iv3,
                rhs: one,
            },
            Type::Scalar(Scalar::U64),
            span,
        );
        let ip5 = self.local_ptr(idx, span);
        let continuing = vec![ir::Stmt {
            kind: StmtKind::Store {
                ptr: ip5,
                value: next,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            span,
        }];
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
}

/// Finishes a switch arm: a trailing `break` ends it; otherwise it falls
/// through unless it ends in a jump.
fn close_arm(values: Vec<i128>, is_default: bool, mut body: ir::Block) -> ir::SwitchCase {
    let fall_through = match body.last().map(|s| &s.kind) {
        Some(StmtKind::Break) => {
            body.pop();
            false
        }
        Some(StmtKind::Return(_) | StmtKind::Continue) => false,
        _ => true,
    };
    ir::SwitchCase {
        values,
        is_default,
        body,
        fall_through,
    }
}
