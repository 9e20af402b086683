//! Element and member access: `a[i]`, `a.b`, `p->b`, vector components
//! and the built-in `threadIdx.x`-style values.

use super::convert::promote;
use super::expr::{builtin_dim3, OpKind, Operand};
use super::func::FnLower;
use crate::diag::Diagnostic;
use crate::ir::{Dim, ExprKind, Scalar, Type};
use crate::parse::ast::{self, ExprKind as E};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    /// `a[i]`.
    pub fn lower_index(
        &mut self,
        base: &'a ast::Expr,
        index: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let b = self.lower_expr(base)?;
        if let Type::Struct(_) = b.ty {
            let i = self.lower_expr(index)?;
            return self.operator_call("operator[]", b, &[i], span);
        }
        let i = self.lower_expr(index)?;
        let (b, i) = if matches!(i.ty, Type::Pointer { .. } | Type::Array(..))
            && matches!(b.ty, Type::Scalar(_))
        {
            (i, b)
        } else {
            (b, i)
        };
        let (iv, it) = self.rvalue(i)?;
        let is = match it {
            Type::Scalar(s) if s.is_int() || s == Scalar::Bool => s,
            other => {
                return Err(self.err(
                    index.span,
                    format!(
                        "array subscript is not an integer (`{}`)",
                        self.sema.type_name(&other)
                    ),
                ))
            }
        };
        let iv = self.b.convert(iv, &Type::Scalar(promote(is)), span);
        if let (OpKind::Place { ptr, volatile }, Type::Array(elem, _)) = (b.kind, &b.ty) {
            let space = self.space_of(ptr);
            let elem = (**elem).clone();
            let _ = space;
            let pty = self.derived_ptr(ptr, elem.clone());
            let p = self
                .b
                .expr(ExprKind::ElementPtr { ptr, index: iv }, pty, span);
            return Ok(Operand {
                kind: OpKind::Place { ptr: p, volatile },
                ty: elem,
                span,
            });
        }
        let (pv, pt) = self.rvalue(b)?;
        match &pt {
            Type::Pointer { pointee, .. } if **pointee != Type::Void => {
                let elem = (**pointee).clone();
                let p = self.b.expr(
                    ExprKind::PtrOffset {
                        ptr: pv,
                        offset: iv,
                    },
                    pt.clone(),
                    span,
                );
                Ok(Operand::place(p, elem, span))
            }
            other => Err(self.err(
                span,
                format!(
                    "cannot index into a value of type `{}`",
                    self.sema.type_name(other)
                ),
            )),
        }
    }

    /// `a.b` / `p->b`.
    pub fn lower_member(
        &mut self,
        base: &'a ast::Expr,
        member: &ast::PathSegment,
        arrow: bool,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let name = member.ident.name.as_str();
        if !arrow {
            if let E::Path(p) = &base.kind {
                if p.segments.len() == 1 && !p.global && self.lookup_local(p.last_name()).is_none()
                {
                    if let Some(f) = builtin_dim3(p.last_name()) {
                        if self.lookup_scope(p).map(|d| d.is_empty()).unwrap_or(true) {
                            let d = match name {
                                "x" => Dim::X,
                                "y" => Dim::Y,
                                "z" => Dim::Z,
                                _ => {
                                    return Err(self.err(
                                        member.ident.span,
                                        format!("no member named `{name}` in `{}`", p.last_name()),
                                    ))
                                }
                            };
                            let v = self.b.expr(
                                ExprKind::Builtin(f(d)),
                                Type::Scalar(Scalar::U32),
                                span,
                            );
                            return Ok(Operand::value(v, Type::Scalar(Scalar::U32), span));
                        }
                    }
                }
            }
        }
        let b = self.lower_expr(base)?;
        let obj = if arrow {
            if let Type::Struct(_) = b.ty {
                if !self.has_method(&b.ty, "operator->") {
                    return Err(self.err(
                        span,
                        format!(
                            "member reference type `{}` is not a pointer",
                            self.sema.type_name(&b.ty)
                        ),
                    ));
                }
                let o = self.operator_call("operator->", b, &[], span)?;
                let (p, pt) = self.rvalue(o)?;
                let pointee = pt.pointee().cloned().unwrap_or(Type::Void);
                Operand::place(p, pointee, span)
            } else {
                let (p, pt) = self.rvalue(b)?;
                match pt {
                    Type::Pointer { pointee, .. } => Operand::place(p, *pointee, base.span),
                    other => {
                        return Err(self.err(
                            span,
                            format!(
                                "member reference type `{}` is not a pointer",
                                self.sema.type_name(&other)
                            ),
                        ))
                    }
                }
            }
        } else {
            b
        };
        self.member_of(obj, name, member.ident.span, span)
    }

    /// Field `name` of a struct or vector operand.
    pub fn member_of(
        &mut self,
        obj: Operand,
        name: &str,
        name_span: Span,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let (index, fty) = match &obj.ty {
            Type::Vector(s, n) => {
                let i = match name {
                    "x" => 0,
                    "y" => 1,
                    "z" => 2,
                    "w" => 3,
                    _ => u32::MAX,
                };
                if i >= u32::from(*n) {
                    return Err(self.err(
                        name_span,
                        format!(
                            "no field `{name}` on type `{}`",
                            self.sema.type_name(&obj.ty)
                        ),
                    ));
                }
                (i, Type::Scalar(*s))
            }
            Type::Struct(id) => {
                let key = self.sema.struct_key_of(*id);
                match key.and_then(|k| self.sema.find_field(k, name)) {
                    Some(f) => f,
                    None => {
                        return Err(self.err(
                            name_span,
                            format!(
                                "no field `{name}` on type `{}`",
                                self.sema.type_name(&obj.ty)
                            ),
                        ))
                    }
                }
            }
            other => {
                let _ = span;
                return Err(self.err(
                    name_span,
                    format!("no field `{name}` on type `{}`", self.sema.type_name(other)),
                ));
            }
        };
        let read_only = match obj.kind {
            OpKind::Place { ptr, .. } => matches!(
                self.b.ty(ptr),
                Type::Pointer {
                    read_only: true,
                    ..
                }
            ),
            OpKind::Value(_) => false,
        };
        match obj.kind {
            OpKind::Place { ptr, volatile } => {
                let space = self.space_of(ptr);
                let p = self.b.expr(
                    ExprKind::MemberPtr { ptr, index },
                    {
                        let _ = space;
                        let _ = read_only;
                        self.derived_ptr(ptr, fty.clone())
                    },
                    span,
                );
                Ok(Operand {
                    kind: OpKind::Place { ptr: p, volatile },
                    ty: fty,
                    span,
                })
            }
            OpKind::Value(v) => {
                let e = self
                    .b
                    .expr(ExprKind::Extract { value: v, index }, fty.clone(), span);
                Ok(Operand::value(e, fty, span))
            }
        }
    }
}
