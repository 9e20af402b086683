//! Calls: user functions with overload resolution, methods, operators,
//! functors, lambdas, and the fallback to CUDA's built-ins.

use super::builtins;
use super::cx::{Decl, FnDeclId};
use super::expr::Operand;
use super::func::{Binding, FnLower};
use crate::diag::Diagnostic;
use crate::ir::{ExprKind, Type};
use crate::parse::ast::{self, ExprKind as E};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    /// Lowers `callee(args)`.
    pub fn lower_call(
        &mut self,
        callee: &'a ast::Expr,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        match &callee.kind {
            E::Path(path) => self.lower_path_call(path, args, span),
            E::Member {
                base,
                member,
                arrow,
            } => {
                let obj = self.lower_expr(base)?;
                let obj = if *arrow {
                    let (p, pt) = self.rvalue(obj)?;
                    match pt {
                        Type::Pointer { pointee, .. } => Operand::place(p, *pointee, base.span),
                        other => {
                            return Err(self.err(
                                base.span,
                                format!(
                                    "member reference type `{}` is not a pointer",
                                    self.sema.type_name(&other)
                                ),
                            ))
                        }
                    }
                } else {
                    obj
                };
                let ops = self.lower_args(args)?;
                self.method_call(
                    obj,
                    &member.ident.name,
                    member.args.as_deref(),
                    ops,
                    member.ident.span,
                    span,
                )
            }
            E::Lambda {
                params,
                ret,
                body,
                capture_default,
                captures,
            } => {
                let lambda =
                    self.make_lambda(*capture_default, captures, params, ret.as_ref(), body)?;
                self.inline_lambda(&lambda, args, span)
            }
            _ => {
                let f = self.lower_expr(callee)?;
                if let Type::Struct(_) = f.ty {
                    let ops = self.lower_args(args)?;
                    return self.method_call(f, "operator()", None, ops, callee.span, span);
                }
                Err(self.unsupported(callee.span, "function pointers in device code"))
            }
        }
    }

    /// Lowers call arguments to operands.
    pub fn lower_args(&mut self, args: &'a [ast::Expr]) -> Result<Vec<Operand>, Diagnostic> {
        args.iter().map(|a| self.lower_expr(a)).collect()
    }

    fn lower_path_call(
        &mut self,
        path: &ast::Path,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let name = path.last_name().to_string();
        let simple = path.segments.len() == 1 && !path.global;
        if simple {
            match self.lookup_local(&name).cloned() {
                Some(Binding::Lambda(l)) => return self.inline_lambda(&l, args, span),
                Some(Binding::Alias(t)) => return self.construct(&t, args, false, span),
                Some(_) => {
                    let f = self.lower_path_operand(path)?;
                    let ops = self.lower_args(args)?;
                    if let Type::Struct(_) = f.ty {
                        return self.method_call(f, "operator()", None, ops, path.span, span);
                    }
                    return Err(self.err(
                        path.span,
                        format!("expected function, found `{}`", self.sema.type_name(&f.ty)),
                    ));
                }
                None => {}
            }
            if let Some(owner) = self.owner {
                if self.sema.find_field(owner, &name).is_some() {
                    let f = self.lower_path_operand(path)?;
                    let ops = self.lower_args(args)?;
                    return self.method_call(f, "operator()", None, ops, path.span, span);
                }
            }
        }
        let found = self.lookup_scope(path)?;
        let explicit = path.segments.last().and_then(|s| s.args.as_deref());
        match found.first() {
            Some(Decl::Function(_)) => {
                let cands: Vec<FnDeclId> = found
                    .iter()
                    .filter_map(|d| match d {
                        Decl::Function(f) => Some(*f),
                        _ => None,
                    })
                    .collect();
                let ops = self.lower_args(args)?;
                let is_method = cands.iter().any(|c| {
                    self.sema
                        .fns
                        .get(c.0)
                        .is_some_and(|f| f.owner.is_some() && !f.def.quals.is_static)
                });
                let this = if is_method {
                    match &self.this_ty {
                        Some(t) => {
                            let t = t.clone();
                            let p = self.b.expr(ExprKind::Param(0), t.clone(), span);
                            Some(Operand::place(
                                p,
                                t.pointee().cloned().unwrap_or(Type::Void),
                                span,
                            ))
                        }
                        None => {
                            return Err(self.err(
                                path.span,
                                format!(
                                    "call to non-static member function `{name}` without an object"
                                ),
                            ))
                        }
                    }
                } else {
                    None
                };
                self.resolve_and_call(&name, cands, explicit, this, ops, path.span, span)
            }
            Some(
                Decl::Struct(_)
                | Decl::StructTemplate(_)
                | Decl::Type(_)
                | Decl::Typedef { .. }
                | Decl::Enum { .. },
            ) => {
                let ty = ast::Type {
                    kind: ast::TypeKind::Named(path.clone()),
                    is_const: false,
                    is_volatile: false,
                    span: path.span,
                };
                let q = self.resolve_type(&ty)?;
                self.construct(&q.ty, args, false, span)
            }
            Some(_) => {
                let f = self.lower_path_operand(path)?;
                if let Type::Struct(_) = f.ty {
                    let ops = self.lower_args(args)?;
                    return self.method_call(f, "operator()", None, ops, path.span, span);
                }
                Err(self.err(
                    path.span,
                    format!("expected function, found `{}`", self.sema.type_name(&f.ty)),
                ))
            }
            None => self.builtin_call(path, &name, args, span),
        }
    }

    fn lower_path_operand(&mut self, path: &ast::Path) -> Result<Operand, Diagnostic> {
        self.lower_path(path, path.span)
    }

    /// A call to a CUDA built-in (or an unknown name).
    fn builtin_call(
        &mut self,
        path: &ast::Path,
        name: &str,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let mut targs = Vec::new();
        if let Some(list) = path.segments.last().and_then(|s| s.args.as_ref()) {
            for a in list {
                if let ast::TemplateArg::Type(t) = a {
                    targs.push(self.resolve_type(t)?.ty);
                }
            }
        }
        let mut bargs = Vec::new();
        for a in args {
            if let E::StringLit(_) = a.kind {
                let ty = Type::Pointer {
                    pointee: Box::new(Type::Scalar(crate::ir::Scalar::I8)),
                    space: crate::ir::AddrSpace::Constant,
                    read_only: true,
                    restrict: false,
                };
                let expr = self.null_ptr(&ty, a.span);
                bargs.push(builtins::Arg {
                    expr,
                    ty,
                    span: a.span,
                    int_const: None,
                });
                continue;
            }
            let op = self.lower_expr(a)?;
            let int_const = self.const_eval(a).ok().map(|v| v.as_int());
            let (expr, ty) = self.rvalue(op)?;
            bargs.push(builtins::Arg {
                expr,
                ty,
                span: a.span,
                int_const,
            });
        }
        match builtins::lower_builtin_call(&mut self.b, name, &targs, &bargs, span) {
            Some(Ok(Some(v))) => {
                let ty = self.b.ty(v).clone();
                Ok(Operand::value(v, ty, span))
            }
            Some(Ok(None)) => Ok(self.void_operand(span)),
            Some(Err(d)) => Err(d),
            None => Err(self.undeclared(name, path.span)),
        }
    }

    /// `obj.name(args)` (also operators and functors).
    pub fn method_call(
        &mut self,
        obj: Operand,
        name: &str,
        explicit: Option<&[ast::TemplateArg]>,
        args: Vec<Operand>,
        name_span: Span,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let Type::Struct(id) = obj.ty else {
            return Err(self.err(
                name_span,
                format!(
                    "member reference base type `{}` is not a structure",
                    self.sema.type_name(&obj.ty)
                ),
            ));
        };
        let key = self.sema.struct_key_of(id);
        let scope = key.and_then(|k| self.sema.struct_info(k)).map(|s| s.scope);
        let cands: Vec<FnDeclId> = scope
            .map(|s| self.sema.lookup_in(s, name))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| match d {
                Decl::Function(f) => Some(f),
                _ => None,
            })
            .collect();
        if cands.is_empty() {
            return Err(self.err(
                name_span,
                format!(
                    "no member named `{name}` in `{}`",
                    self.sema.type_name(&obj.ty)
                ),
            ));
        }
        self.resolve_and_call(name, cands, explicit, Some(obj), args, name_span, span)
    }

    /// An operator on a struct or vector: member `operator@` or a free
    /// function `operator@(a, b)`.
    pub fn operator_call(
        &mut self,
        name: &str,
        lhs: Operand,
        rest: &[Operand],
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let mut member = Vec::new();
        if let Type::Struct(id) = lhs.ty {
            if let Some(scope) = self
                .sema
                .struct_key_of(id)
                .and_then(|k| self.sema.struct_info(k))
                .map(|s| s.scope)
            {
                member = self
                    .sema
                    .lookup_in(scope, name)
                    .into_iter()
                    .filter_map(|d| match d {
                        Decl::Function(f) => Some(f),
                        _ => None,
                    })
                    .collect();
            }
        }
        let path = ast::Path::simple(ast::Ident {
            name: name.to_string(),
            span,
        });
        let free: Vec<FnDeclId> = self
            .lookup_scope(&path)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| match d {
                Decl::Function(f) => Some(f),
                _ => None,
            })
            .filter(|f| self.sema.fns.get(f.0).is_some_and(|d| d.owner.is_none()))
            .collect();
        if !member.is_empty() {
            let viable = self.viable(&member, None, rest, span);
            if !viable.is_empty() || free.is_empty() {
                return self.resolve_and_call(
                    name,
                    member,
                    None,
                    Some(lhs),
                    rest.to_vec(),
                    span,
                    span,
                );
            }
        }
        if !free.is_empty() {
            let mut all = vec![lhs];
            all.extend(rest.iter().cloned());
            return self.resolve_and_call(name, free, None, None, all, span, span);
        }
        let lt = self.sema.type_name(&lhs.ty);
        match rest.first() {
            Some(r) => Err(self.err(
                span,
                format!(
                    "invalid operands to binary expression (`{lt}` {} `{}`)",
                    name.trim_start_matches("operator"),
                    self.sema.type_name(&r.ty)
                ),
            )),
            None => Err(self.err(
                span,
                format!("invalid argument type `{lt}` to unary expression"),
            )),
        }
    }
}
