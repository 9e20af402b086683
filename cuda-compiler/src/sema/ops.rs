//! Operators: unary, binary (with pointer arithmetic), `&&`/`||` and
//! `?:` (lazy), and the helpers they share.

use super::convert::{promote, usual_arithmetic};
use super::expr::{binop_symbol, ir_binop, OpKind, Operand};
use super::func::FnLower;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, BinaryOp, ExprId, ExprKind, Scalar, Type};
use crate::parse::ast::{self, UnaryOp};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    pub fn lower_unary(
        &mut self,
        op: UnaryOp,
        expr: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        match op {
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => {
                self.lower_incdec(op, expr, span, true)
            }
            UnaryOp::AddrOf => {
                let o = self.lower_expr(expr)?;
                match o.kind {
                    OpKind::Place { ptr, .. } => {
                        let ty = self.b.ty(ptr).clone();
                        Ok(Operand::value(ptr, ty, span))
                    }
                    OpKind::Value(_) => Err(self
                        .err(span, "cannot take the address of an rvalue")
                        .with_label("this is a temporary value")),
                }
            }
            UnaryOp::Deref => {
                let o = self.lower_expr(expr)?;
                if let Type::Struct(_) = o.ty {
                    return self.operator_call("operator*", o, &[], span);
                }
                let (p, ty) = self.rvalue(o)?;
                match ty {
                    Type::Pointer { pointee, .. } if *pointee != Type::Void => {
                        Ok(Operand::place(p, *pointee, span))
                    }
                    other => Err(self.err(
                        span,
                        format!(
                            "type `{}` cannot be dereferenced",
                            self.sema.type_name(&other)
                        ),
                    )),
                }
            }
            UnaryOp::Not => {
                let o = self.lower_expr(expr)?;
                if let Type::Struct(_) = o.ty {
                    return self.operator_call("operator!", o, &[], span);
                }
                let b = self.bool_value(o)?;
                let v = self.b.expr(
                    ExprKind::Unary {
                        op: ir::UnaryOp::Not,
                        arg: b,
                    },
                    Type::Scalar(Scalar::Bool),
                    span,
                );
                Ok(Operand::value(v, Type::Scalar(Scalar::Bool), span))
            }
            UnaryOp::Neg | UnaryOp::Plus | UnaryOp::BitNot => {
                let o = self.lower_expr(expr)?;
                let sym = match op {
                    UnaryOp::Neg => "operator-",
                    UnaryOp::Plus => "operator+",
                    _ => "operator~",
                };
                if matches!(o.ty, Type::Struct(_) | Type::Vector(..)) {
                    return self.operator_call(sym, o, &[], span);
                }
                let (v, ty) = self.rvalue(o)?;
                let Type::Scalar(s) = ty else {
                    return Err(self.err(
                        span,
                        format!(
                            "invalid argument type `{}` to unary expression",
                            self.sema.type_name(&ty)
                        ),
                    ));
                };
                if op == UnaryOp::BitNot && !(s.is_int() || s == Scalar::Bool) {
                    return Err(self.err(
                        span,
                        format!(
                            "invalid argument type `{}` to unary expression",
                            s.cuda_name()
                        ),
                    ));
                }
                let p = if s.is_float() { s } else { promote(s) };
                let pty = Type::Scalar(p);
                let v = self.b.convert(v, &pty, span);
                let r = match op {
                    UnaryOp::Plus => v,
                    UnaryOp::Neg => self.b.expr(
                        ExprKind::Unary {
                            op: ir::UnaryOp::Neg,
                            arg: v,
                        },
                        pty.clone(),
                        span,
                    ),
                    _ => self.b.expr(
                        ExprKind::Unary {
                            op: ir::UnaryOp::BitNot,
                            arg: v,
                        },
                        pty.clone(),
                        span,
                    ),
                };
                Ok(Operand::value(r, pty, span))
            }
        }
    }

    pub fn lower_binary_expr(
        &mut self,
        op: ast::BinaryOp,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        if matches!(op, ast::BinaryOp::LogicalAnd | ast::BinaryOp::LogicalOr) {
            return self.lower_logical(op, lhs, rhs, span);
        }
        let l = self.lower_expr(lhs)?;
        let r = self.lower_expr(rhs)?;
        self.binary(op, l, r, span)
    }

    /// `&&` / `||`, lazy: side effects of the right side run only when
    /// needed.
    pub fn lower_logical(
        &mut self,
        op: ast::BinaryOp,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let bool_ty = Type::Scalar(Scalar::Bool);
        let l = self.lower_expr(lhs)?;
        let lb = self.bool_value(l)?;
        self.b.push_block();
        let r = self.lower_expr(rhs).and_then(|r| self.bool_value(r));
        let block = self.b.pop_block();
        let rb = r?;
        if block.is_empty() {
            let v = self.b.expr(
                ExprKind::Binary {
                    op: ir_binop(op),
                    lhs: lb,
                    rhs: rb,
                },
                bool_ty.clone(),
                span,
            );
            return Ok(Operand::value(v, bool_ty, span));
        }
        let tmp = self.b.materialize("logical", lb, span);
        let local = self.local_of(tmp);
        let mut inner = block;
        if let Some(l) = local {
            let ptr = self.local_ptr(l, span);
            inner.push(ir::Stmt {
                kind: ir::StmtKind::Store {
                    ptr,
                    value: rb,
                    hint: ir::CacheHint::Default,
                    volatile: false,
                },
                span,
            });
        }
        let cond = if op == ast::BinaryOp::LogicalAnd {
            self.reload(tmp)
        } else {
            let t = self.reload(tmp);
            self.b.expr(
                ExprKind::Unary {
                    op: ir::UnaryOp::Not,
                    arg: t,
                },
                bool_ty.clone(),
                span,
            )
        };
        self.b.emit(
            ir::StmtKind::If {
                cond,
                accept: inner,
                reject: Vec::new(),
            },
            span,
        );
        let v = self.reload(tmp);
        Ok(Operand::value(v, bool_ty, span))
    }

    /// The local a materialised load reads.
    pub fn local_of(&self, e: ExprId) -> Option<ir::LocalId> {
        let x = self.b.func.exprs.try_get(e)?;
        let ExprKind::Load { ptr, .. } = x.kind else {
            return None;
        };
        match self.b.func.exprs.try_get(ptr)?.kind {
            ExprKind::LocalPtr(l) => Some(l),
            _ => None,
        }
    }

    /// A fresh load of a materialised value (so no load is shared between
    /// statements).
    pub fn reload(&mut self, e: ExprId) -> ExprId {
        let Some(x) = self.b.func.exprs.try_get(e).cloned() else {
            return e;
        };
        match x.kind {
            ExprKind::Load {
                ptr,
                hint,
                volatile,
            } => {
                let span = self.b.func.exprs.span(e);
                self.b.expr(
                    ExprKind::Load {
                        ptr,
                        hint,
                        volatile,
                    },
                    x.ty,
                    span,
                )
            }
            _ => e,
        }
    }

    /// Applies a binary operator (not `&&`/`||`) to two operands.
    pub fn binary(
        &mut self,
        op: ast::BinaryOp,
        l: Operand,
        r: Operand,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        if matches!(l.ty, Type::Struct(_) | Type::Vector(..))
            || matches!(r.ty, Type::Struct(_) | Type::Vector(..))
        {
            let name = format!("operator{}", binop_symbol(op));
            return self.operator_call(&name, l, &[r], span);
        }
        let op_at = self.sema.op_span(l.span, r.span);
        let (lv, lt) = self.rvalue(l)?;
        let (rv, rt) = self.rvalue(r)?;
        let iop = ir_binop(op);
        match (&lt, &rt) {
            (Type::Scalar(a), Type::Scalar(b)) => {
                let (a, b) = (*a, *b);
                if matches!(op, ast::BinaryOp::Shl | ast::BinaryOp::Shr) {
                    if !(a.is_int() || a == Scalar::Bool) || !(b.is_int() || b == Scalar::Bool) {
                        return Err(self.invalid_operands(op, &lt, &rt, op_at));
                    }
                    let (pa, pb) = (Type::Scalar(promote(a)), Type::Scalar(promote(b)));
                    let lv = self.b.convert(lv, &pa, span);
                    let rv = self.b.convert(rv, &pb, span);
                    let v = self.b.expr(
                        ExprKind::Binary {
                            op: iop,
                            lhs: lv,
                            rhs: rv,
                        },
                        pa.clone(),
                        span,
                    );
                    return Ok(Operand::value(v, pa, span));
                }
                let common = usual_arithmetic(a, b);
                let int_only = matches!(
                    op,
                    ast::BinaryOp::Rem
                        | ast::BinaryOp::BitAnd
                        | ast::BinaryOp::BitOr
                        | ast::BinaryOp::BitXor
                );
                if int_only && common.is_float() {
                    return Err(self.invalid_operands(op, &lt, &rt, op_at));
                }
                let ct = Type::Scalar(common);
                let lv = self.b.convert(lv, &ct, span);
                let rv = self.b.convert(rv, &ct, span);
                let ty = if iop.is_comparison() {
                    Type::Scalar(Scalar::Bool)
                } else {
                    ct
                };
                let v = self.b.expr(
                    ExprKind::Binary {
                        op: iop,
                        lhs: lv,
                        rhs: rv,
                    },
                    ty.clone(),
                    span,
                );
                Ok(Operand::value(v, ty, span))
            }
            (Type::Pointer { .. }, Type::Scalar(s)) | (Type::Scalar(s), Type::Pointer { .. })
                if s.is_int() && matches!(op, ast::BinaryOp::Add | ast::BinaryOp::Sub) =>
            {
                let (p, pt, i) = if lt.is_pointer() {
                    (lv, lt.clone(), rv)
                } else {
                    (rv, rt.clone(), lv)
                };
                if !lt.is_pointer() && op == ast::BinaryOp::Sub {
                    return Err(self.invalid_operands(op, &lt, &rt, op_at));
                }
                let i = if op == ast::BinaryOp::Sub {
                    let it = Type::Scalar(promote(*s));
                    let i = self.b.convert(i, &it, span);
                    self.b.expr(
                        ExprKind::Unary {
                            op: ir::UnaryOp::Neg,
                            arg: i,
                        },
                        it,
                        span,
                    )
                } else {
                    i
                };
                self.check_pointee_complete(&pt, span)?;
                let v = self
                    .b
                    .expr(ExprKind::PtrOffset { ptr: p, offset: i }, pt.clone(), span);
                Ok(Operand::value(v, pt, span))
            }
            (Type::Pointer { pointee: pa, .. }, Type::Pointer { pointee: pb, .. })
                if op == ast::BinaryOp::Sub =>
            {
                if !super::types::same_shape(pa, pb) {
                    return Err(self.invalid_operands(op, &lt, &rt, op_at));
                }
                let (size, _) = self.sema.module.size_align(pa);
                let i64t = Type::Scalar(Scalar::I64);
                let a = self
                    .b
                    .expr(ExprKind::Bitcast { arg: lv }, i64t.clone(), span);
                let b = self
                    .b
                    .expr(ExprKind::Bitcast { arg: rv }, i64t.clone(), span);
                let d = self.b.expr(
                    ExprKind::Binary {
                        op: BinaryOp::Sub,
                        lhs: a,
                        rhs: b,
                    },
                    i64t.clone(),
                    span,
                );
                let sz = self.b.int(i128::from(size.max(1)), Scalar::I64, span);
                let v = self.b.expr(
                    ExprKind::Binary {
                        op: BinaryOp::Div,
                        lhs: d,
                        rhs: sz,
                    },
                    i64t.clone(),
                    span,
                );
                Ok(Operand::value(v, i64t, span))
            }
            (Type::Pointer { .. }, _) | (_, Type::Pointer { .. }) if iop.is_comparison() => {
                let (lv, rv, _) = self
                    .unify_pointers(lv, &lt, rv, &rt, span)
                    .ok_or_else(|| self.invalid_operands(op, &lt, &rt, op_at))?;
                let bt = Type::Scalar(Scalar::Bool);
                let v = self.b.expr(
                    ExprKind::Binary {
                        op: iop,
                        lhs: lv,
                        rhs: rv,
                    },
                    bt.clone(),
                    span,
                );
                Ok(Operand::value(v, bt, span))
            }
            _ => Err(self.invalid_operands(op, &lt, &rt, op_at)),
        }
    }

    /// Brings two pointer operands (or a pointer and a null constant) to
    /// one type; returns the converted values and the type.
    pub fn unify_pointers(
        &mut self,
        lv: ExprId,
        lt: &Type,
        rv: ExprId,
        rt: &Type,
        span: Span,
    ) -> Option<(ExprId, ExprId, Type)> {
        let l_null = super::convert::is_null_literal(self, lv);
        let r_null = super::convert::is_null_literal(self, rv);
        match (lt, rt) {
            (Type::Pointer { .. }, _) if r_null => {
                let n = self.null_ptr(lt, span);
                Some((lv, n, lt.clone()))
            }
            (_, Type::Pointer { .. }) if l_null => {
                let n = self.null_ptr(rt, span);
                Some((n, rv, rt.clone()))
            }
            (
                Type::Pointer {
                    pointee: pa,
                    space: sa,
                    read_only: ra,
                    ..
                },
                Type::Pointer {
                    pointee: pb,
                    space: sb,
                    read_only: rb,
                    ..
                },
            ) => {
                let void = **pa == Type::Void || **pb == Type::Void;
                if !super::types::same_shape(pa, pb) && !void {
                    return None;
                }
                let space = if sa == sb { *sa } else { AddrSpace::Generic };
                let pointee = if **pa == Type::Void {
                    pa.clone()
                } else if **pb == Type::Void {
                    pb.clone()
                } else {
                    pa.clone()
                };
                let ty = Type::Pointer {
                    pointee,
                    space,
                    read_only: *ra || *rb,
                    restrict: false,
                };
                let l = self.b.convert(lv, &ty, span);
                let r = self.b.convert(rv, &ty, span);
                Some((l, r, ty))
            }
            _ => None,
        }
    }

    fn check_pointee_complete(&self, pt: &Type, span: Span) -> Result<(), Diagnostic> {
        if pt.pointee() == Some(&Type::Void) {
            return Err(self.err(span, "arithmetic on a pointer to `void`"));
        }
        Ok(())
    }

    /// "invalid operands to binary expression".
    pub fn invalid_operands(
        &self,
        op: ast::BinaryOp,
        lt: &Type,
        rt: &Type,
        span: Span,
    ) -> Diagnostic {
        self.err(
            span,
            format!(
                "invalid operands to binary `{}`: `{}` and `{}`",
                binop_symbol(op),
                self.sema.type_name(lt),
                self.sema.type_name(rt)
            ),
        )
    }

    /// `c ? a : b`, lazy in both arms.
    pub fn lower_cond(
        &mut self,
        cond: &'a ast::Expr,
        then: &'a ast::Expr,
        else_: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let c = self.lower_expr(cond)?;
        let c = self.bool_value(c)?;
        self.b.push_block();
        let a = self.lower_expr(then).and_then(|o| self.rvalue(o));
        let block_a = self.b.pop_block();
        self.b.push_block();
        let b = self.lower_expr(else_).and_then(|o| self.rvalue(o));
        let block_b = self.b.pop_block();
        let ((av, at), (bv, bt)) = (a?, b?);
        let (av, bv, ty) = match (&at, &bt) {
            (Type::Scalar(x), Type::Scalar(y)) => {
                let common = if x == y {
                    Type::Scalar(*x)
                } else {
                    Type::Scalar(usual_arithmetic(*x, *y))
                };
                (
                    self.b.convert(av, &common, span),
                    self.b.convert(bv, &common, span),
                    common,
                )
            }
            _ if at == bt => (av, bv, at.clone()),
            (Type::Pointer { .. }, _) | (_, Type::Pointer { .. }) => {
                self.unify_pointers(av, &at, bv, &bt, span).ok_or_else(|| {
                    self.err(
                        span,
                        format!(
                            "incompatible operand types `{}` and `{}` in conditional expression",
                            self.sema.type_name(&at),
                            self.sema.type_name(&bt)
                        ),
                    )
                })?
            }
            _ if at == Type::Void || bt == Type::Void => (av, bv, Type::Void),
            _ => {
                return Err(self.err(
                    span,
                    format!(
                        "incompatible operand types `{}` and `{}` in conditional expression",
                        self.sema.type_name(&at),
                        self.sema.type_name(&bt)
                    ),
                ))
            }
        };
        if block_a.is_empty() && block_b.is_empty() && ty != Type::Void {
            let v = self.b.expr(
                ExprKind::Select {
                    cond: c,
                    accept: av,
                    reject: bv,
                },
                ty.clone(),
                span,
            );
            return Ok(Operand::value(v, ty, span));
        }
        if ty == Type::Void {
            self.b.emit(
                ir::StmtKind::If {
                    cond: c,
                    accept: block_a,
                    reject: block_b,
                },
                span,
            );
            return Ok(self.void_operand(span));
        }
        let local = self.b.add_local("cond", ty.clone(), span);
        let mut accept = block_a;
        let mut reject = block_b;
        let p1 = self.local_ptr(local, span);
        accept.push(ir::Stmt {
            kind: ir::StmtKind::Store {
                ptr: p1,
                value: av,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            span,
        });
        let p2 = self.local_ptr(local, span);
        reject.push(ir::Stmt {
            kind: ir::StmtKind::Store {
                ptr: p2,
                value: bv,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            span,
        });
        self.b.emit(
            ir::StmtKind::If {
                cond: c,
                accept,
                reject,
            },
            span,
        );
        let p3 = self.local_ptr(local, span);
        let v = self.b.expr(
            ExprKind::Load {
                ptr: p3,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            ty.clone(),
            span,
        );
        Ok(Operand::value(v, ty, span))
    }
}
