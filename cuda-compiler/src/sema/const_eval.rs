//! Constant evaluation of integer and floating expressions: array sizes,
//! template arguments, `constexpr` variables, `static_assert`, enum values,
//! `case` labels and `#pragma unroll` counts.

use super::convert::{int_literal_type, promote, usual_arithmetic};
use super::cx::{ConstVal, Decl, ScopeId, Sema};
use crate::diag::Diagnostic;
use crate::ir::{Scalar, Type};
use crate::parse::ast::{self, BinaryOp, ExprKind, UnaryOp};

/// What a name means to the constant evaluator inside a function body:
/// `Some(Some(v))` a constant local, `Some(None)` a local that is not
/// constant (it shadows outer names), `None` not a local.
pub(crate) type LocalConsts<'l> = &'l dyn Fn(&str) -> Option<Option<ConstVal>>;

/// Wraps an integer to the width and signedness of `s`.
pub(crate) fn wrap_int(v: i128, s: Scalar) -> i128 {
    match s {
        Scalar::Bool => i128::from(v != 0),
        Scalar::I8 => i128::from(v as i8),
        Scalar::U8 => i128::from(v as u8),
        Scalar::I16 => i128::from(v as i16),
        Scalar::U16 => i128::from(v as u16),
        Scalar::I32 => i128::from(v as i32),
        Scalar::U32 => i128::from(v as u32),
        Scalar::I64 => i128::from(v as i64),
        Scalar::U64 => i128::from(v as u64),
        _ => v,
    }
}

/// Converts a constant to another scalar type with C's rules.
pub(crate) fn cast_const(v: ConstVal, to: Scalar) -> ConstVal {
    match (v, to.is_float()) {
        (ConstVal::Int(i, _), false) => ConstVal::Int(wrap_int(i, to), to),
        (ConstVal::Int(i, _), true) => ConstVal::Float(round_float(i as f64, to), to),
        (ConstVal::Float(f, _), false) => {
            if to == Scalar::Bool {
                ConstVal::Int(i128::from(f != 0.0), to)
            } else if f.is_nan() {
                ConstVal::Int(0, to)
            } else {
                ConstVal::Int(wrap_int(f.trunc() as i128, to), to)
            }
        }
        (ConstVal::Float(f, _), true) => ConstVal::Float(round_float(f, to), to),
    }
}

/// Rounds a value to what a floating type can hold.
pub(crate) fn round_float(v: f64, s: Scalar) -> f64 {
    match s {
        Scalar::F32 => f64::from(v as f32),
        _ => v,
    }
}

impl<'a> Sema<'a> {
    /// Evaluates a constant expression at namespace or class scope.
    pub fn const_eval_in(&mut self, e: &ast::Expr, scope: ScopeId) -> Result<ConstVal, Diagnostic> {
        self.const_eval(e, scope, &|_| None)
    }

    /// Evaluates a constant expression with local constants visible.
    pub fn const_eval(
        &mut self,
        e: &ast::Expr,
        scope: ScopeId,
        locals: LocalConsts<'_>,
    ) -> Result<ConstVal, Diagnostic> {
        self.depth += 1;
        let r = if self.depth > 200 {
            Err(self.err(e.span, "constant expression is nested too deeply"))
        } else {
            self.const_eval_inner(e, scope, locals)
        };
        self.depth -= 1;
        r
    }

    fn not_constant(&self, e: &ast::Expr) -> Diagnostic {
        self.err(e.span, "expression is not an integral constant expression")
            .with_label("not a constant")
    }

    fn const_eval_inner(
        &mut self,
        e: &ast::Expr,
        scope: ScopeId,
        locals: LocalConsts<'_>,
    ) -> Result<ConstVal, Diagnostic> {
        Ok(match &e.kind {
            ExprKind::IntLit {
                value,
                unsigned,
                long,
                decimal,
            } => {
                let s = int_literal_type(*value, *unsigned, *long, *decimal);
                ConstVal::Int(wrap_int(*value as i128, s), s)
            }
            ExprKind::FloatLit {
                value,
                is_float,
                is_long,
            } => {
                if *is_long {
                    return Err(self.unsupported(e.span, "`long double`"));
                }
                let s = if *is_float { Scalar::F32 } else { Scalar::F64 };
                ConstVal::Float(round_float(*value, s), s)
            }
            ExprKind::CharLit(c) => ConstVal::Int(wrap_int(i128::from(*c), Scalar::I8), Scalar::I8),
            ExprKind::BoolLit(b) => ConstVal::Int(i128::from(*b), Scalar::Bool),
            ExprKind::Path(path) => {
                if path.segments.len() == 1 && !path.global {
                    if let Some(local) = locals(path.last_name()) {
                        return local.ok_or_else(|| self.not_constant(e));
                    }
                }
                let found = self.lookup_path(path, scope)?;
                match found.first() {
                    Some(Decl::Const(v)) => *v,
                    Some(Decl::Var { decl, scope: s }) => {
                        let (decl, s) = (*decl, *s);
                        self.const_var_value(decl, s)?
                            .ok_or_else(|| self.not_constant(e))?
                    }
                    Some(_) => return Err(self.not_constant(e)),
                    None => {
                        return Err(self.err(
                            path.span,
                            format!("use of undeclared identifier `{}`", path.last_name()),
                        ))
                    }
                }
            }
            ExprKind::Unary { op, expr } => {
                let v = self.const_eval(expr, scope, locals)?;
                match op {
                    UnaryOp::Plus => promote_const(v),
                    UnaryOp::Neg => match promote_const(v) {
                        ConstVal::Int(i, s) => ConstVal::Int(wrap_int(i.wrapping_neg(), s), s),
                        ConstVal::Float(f, s) => ConstVal::Float(-f, s),
                    },
                    UnaryOp::Not => ConstVal::Int(i128::from(!v.truthy()), Scalar::Bool),
                    UnaryOp::BitNot => match promote_const(v) {
                        ConstVal::Int(i, s) => ConstVal::Int(wrap_int(!i, s), s),
                        ConstVal::Float(..) => {
                            return Err(self.err(e.span, "invalid operand to `~`"))
                        }
                    },
                    _ => return Err(self.not_constant(e)),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let l = self.const_eval(lhs, scope, locals)?;
                match op {
                    BinaryOp::LogicalAnd if !l.truthy() => {
                        return Ok(ConstVal::Int(0, Scalar::Bool))
                    }
                    BinaryOp::LogicalOr if l.truthy() => return Ok(ConstVal::Int(1, Scalar::Bool)),
                    _ => {}
                }
                let r = self.const_eval(rhs, scope, locals)?;
                self.const_binary(*op, l, r, e)?
            }
            ExprKind::Cond { cond, then, else_ } => {
                let c = self.const_eval(cond, scope, locals)?;
                let t = self.const_eval(then, scope, locals)?;
                let f = self.const_eval(else_, scope, locals)?;
                let common = usual_arithmetic(t.scalar(), f.scalar());
                cast_const(if c.truthy() { t } else { f }, common)
            }
            ExprKind::Comma(_, b) => self.const_eval(b, scope, locals)?,
            ExprKind::Cast { ty, expr, .. } => {
                let v = self.const_eval(expr, scope, locals)?;
                let t = self.resolve_type(ty, scope)?;
                match t.ty {
                    Type::Scalar(s) => cast_const(v, s),
                    _ => return Err(self.not_constant(e)),
                }
            }
            ExprKind::Construct { ty, args, .. } => {
                let t = self.resolve_type(ty, scope)?;
                let Type::Scalar(s) = t.ty else {
                    return Err(self.not_constant(e));
                };
                match args.as_slice() {
                    [] => cast_const(ConstVal::Int(0, Scalar::I32), s),
                    [a] => cast_const(self.const_eval(a, scope, locals)?, s),
                    _ => return Err(self.not_constant(e)),
                }
            }
            ExprKind::SizeofType(t) => {
                let q = self.resolve_type(t, scope)?;
                let (size, _) = self.module.size_align(&q.ty);
                ConstVal::Int(i128::from(size), Scalar::U64)
            }
            ExprKind::AlignofType(t) => {
                let q = self.resolve_type(t, scope)?;
                let (_, align) = self.module.size_align(&q.ty);
                ConstVal::Int(i128::from(align), Scalar::U64)
            }
            ExprKind::SizeofExpr(inner) => {
                if let ExprKind::Path(p) = &inner.kind {
                    let is_local = p.segments.len() == 1 && locals(p.last_name()).is_some();
                    let found = if is_local {
                        Vec::new()
                    } else {
                        self.lookup_path(p, scope)?
                    };
                    if matches!(
                        found.first(),
                        Some(
                            Decl::Type(_)
                                | Decl::Struct(_)
                                | Decl::StructTemplate(_)
                                | Decl::Typedef { .. }
                                | Decl::Enum { .. }
                        )
                    ) {
                        let ty = ast::Type {
                            kind: ast::TypeKind::Named(p.clone()),
                            is_const: false,
                            is_volatile: false,
                            span: inner.span,
                        };
                        let q = self.resolve_type(&ty, scope)?;
                        let (size, _) = self.module.size_align(&q.ty);
                        return Ok(ConstVal::Int(i128::from(size), Scalar::U64));
                    }
                }
                let v = self.const_eval(inner, scope, locals)?;
                ConstVal::Int(i128::from(v.scalar().size()), Scalar::U64)
            }
            ExprKind::Call { callee, args } => self.const_call(e, callee, args, scope, locals)?,
            _ => return Err(self.not_constant(e)),
        })
    }

    /// A call of a `constexpr` function whose body is one `return`.
    fn const_call(
        &mut self,
        e: &ast::Expr,
        callee: &ast::Expr,
        args: &[ast::Expr],
        scope: ScopeId,
        locals: LocalConsts<'_>,
    ) -> Result<ConstVal, Diagnostic> {
        let ExprKind::Path(path) = &callee.kind else {
            return Err(self.not_constant(e));
        };
        if path.segments.len() == 1 && locals(path.last_name()).is_some() {
            return Err(self.not_constant(e));
        }
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.const_eval(a, scope, locals)?);
        }
        for d in self.lookup_path(path, scope)? {
            let Decl::Function(f) = d else { continue };
            let Some(fd) = self.fns.get(f.0).cloned() else {
                continue;
            };
            if !fd.def.quals.constexpr || fd.template.is_some() || fd.def.params.len() != vals.len()
            {
                continue;
            }
            let Some(ast::FnBody::Block(body)) = &fd.def.body else {
                continue;
            };
            let [ast::Stmt {
                kind: ast::StmtKind::Return(Some(ret)),
                ..
            }] = body.stmts.as_slice()
            else {
                continue;
            };
            let mut bound = std::collections::HashMap::new();
            for (p, v) in fd.def.params.iter().zip(&vals) {
                let q = self.resolve_type(&p.ty, fd.scope)?;
                let v = match q.ty {
                    Type::Scalar(s) => cast_const(*v, s),
                    _ => return Err(self.not_constant(e)),
                };
                if let Some(n) = &p.name {
                    bound.insert(n.name.clone(), Some(v));
                }
            }
            let v = self.const_eval(ret, fd.scope, &|n| bound.get(n).copied())?;
            return Ok(
                match fd.def.ret.as_ref().map(|t| self.resolve_type(t, fd.scope)) {
                    Some(Ok(q)) => match q.ty {
                        Type::Scalar(s) => cast_const(v, s),
                        _ => v,
                    },
                    _ => v,
                },
            );
        }
        Err(self.not_constant(e))
    }

    /// The value of a `const`/`constexpr` variable with a constant
    /// initialiser, converted to its type; `None` when it is not constant.
    pub fn const_var_value(
        &mut self,
        decl: &'a ast::VarDecl,
        scope: ScopeId,
    ) -> Result<Option<ConstVal>, Diagnostic> {
        if !(decl.quals.constexpr || decl.ty.is_const) {
            return Ok(None);
        }
        let Some(ast::Initializer::Expr(init)) = &decl.init else {
            return Ok(None);
        };
        let q = self.resolve_type(&decl.ty, scope)?;
        let Type::Scalar(s) = q.ty else {
            return Ok(None);
        };
        let v = self.const_eval_in(init, scope)?;
        Ok(Some(cast_const(v, s)))
    }

    /// Applies a binary operator to two constants.
    pub fn const_binary(
        &self,
        op: BinaryOp,
        l: ConstVal,
        r: ConstVal,
        e: &ast::Expr,
    ) -> Result<ConstVal, Diagnostic> {
        use BinaryOp as B;
        if matches!(op, B::Shl | B::Shr) {
            let (ConstVal::Int(a, sa), ConstVal::Int(b, _)) = (promote_const(l), promote_const(r))
            else {
                return Err(self.err(e.span, "invalid operands to a shift"));
            };
            let amount = (b & 127) as u32;
            let v = if op == B::Shl {
                a.wrapping_shl(amount)
            } else {
                a.wrapping_shr(amount)
            };
            return Ok(ConstVal::Int(wrap_int(v, sa), sa));
        }
        if matches!(op, B::LogicalAnd | B::LogicalOr) {
            let v = if op == B::LogicalAnd {
                l.truthy() && r.truthy()
            } else {
                l.truthy() || r.truthy()
            };
            return Ok(ConstVal::Int(i128::from(v), Scalar::Bool));
        }
        let common = usual_arithmetic(l.scalar(), r.scalar());
        let (l, r) = (cast_const(l, common), cast_const(r, common));
        let cmp = |o: std::cmp::Ordering| -> bool {
            match op {
                B::Lt => o.is_lt(),
                B::Gt => o.is_gt(),
                B::Le => o.is_le(),
                B::Ge => o.is_ge(),
                B::Eq => o.is_eq(),
                _ => o.is_ne(),
            }
        };
        Ok(match (l, r) {
            (ConstVal::Int(a, _), ConstVal::Int(b, _)) => match op {
                B::Add => ConstVal::Int(wrap_int(a.wrapping_add(b), common), common),
                B::Sub => ConstVal::Int(wrap_int(a.wrapping_sub(b), common), common),
                B::Mul => ConstVal::Int(wrap_int(a.wrapping_mul(b), common), common),
                B::Div | B::Rem => {
                    if b == 0 {
                        return Err(self
                            .err(e.span, "division by zero in a constant expression")
                            .with_label("the divisor is zero"));
                    }
                    let v = if op == B::Div {
                        a.wrapping_div(b)
                    } else {
                        a.wrapping_rem(b)
                    };
                    ConstVal::Int(wrap_int(v, common), common)
                }
                B::BitAnd => ConstVal::Int(a & b, common),
                B::BitOr => ConstVal::Int(a | b, common),
                B::BitXor => ConstVal::Int(wrap_int(a ^ b, common), common),
                _ => ConstVal::Int(i128::from(cmp(a.cmp(&b))), Scalar::Bool),
            },
            (ConstVal::Float(a, _), ConstVal::Float(b, _)) => match op {
                B::Add => ConstVal::Float(round_float(a + b, common), common),
                B::Sub => ConstVal::Float(round_float(a - b, common), common),
                B::Mul => ConstVal::Float(round_float(a * b, common), common),
                B::Div => ConstVal::Float(round_float(a / b, common), common),
                B::Rem | B::BitAnd | B::BitOr | B::BitXor => {
                    return Err(self.err(e.span, "invalid operands to an integer operator"))
                }
                _ => match a.partial_cmp(&b) {
                    Some(o) => ConstVal::Int(i128::from(cmp(o)), Scalar::Bool),
                    None => ConstVal::Int(i128::from(op == B::Ne), Scalar::Bool),
                },
            },
            _ => return Err(self.not_constant(e)),
        })
    }

    /// Checks a `static_assert` at namespace or class scope.
    pub fn check_static_assert(
        &mut self,
        sa: &ast::StaticAssert,
        scope: ScopeId,
    ) -> Result<(), Diagnostic> {
        let v = self.const_eval_in(&sa.cond, scope)?;
        self.static_assert_result(sa, v)
    }

    /// Reports a failed `static_assert` with its message.
    pub fn static_assert_result(
        &self,
        sa: &ast::StaticAssert,
        v: ConstVal,
    ) -> Result<(), Diagnostic> {
        if v.truthy() {
            return Ok(());
        }
        let msg = match &sa.message {
            Some(m) => format!("static assertion failed: {m}"),
            None => "static assertion failed".to_string(),
        };
        Err(self.err(sa.cond.span, msg).with_label("this is false"))
    }
}

/// Applies the integer promotions to a constant.
pub(crate) fn promote_const(v: ConstVal) -> ConstVal {
    cast_const(v, promote(v.scalar()))
}
