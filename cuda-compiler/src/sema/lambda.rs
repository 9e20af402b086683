//! Lambdas, inlined where they are called: captures by value are copied
//! when the lambda is created, captures by reference see the variable.

use super::expr::{OpKind, Operand};
use super::func::{Binding, FnLower, Lambda};
use super::walk;
use crate::diag::Diagnostic;
use crate::ir::Type;
use crate::parse::ast::{self, CaptureDefault};
use crate::source::Span;
use std::collections::{HashMap, HashSet};

impl<'s, 'a> FnLower<'s, 'a> {
    /// Creates a lambda value: copies the variables it captures by value.
    pub fn make_lambda(
        &mut self,
        default: CaptureDefault,
        captures: &'a [(ast::Ident, bool)],
        params: &'a [ast::Param],
        ret: Option<&'a ast::Type>,
        body: &'a ast::Block,
    ) -> Result<Lambda<'a>, Diagnostic> {
        let mut by_value: Vec<(String, Span)> = Vec::new();
        let explicit: HashSet<&str> = captures.iter().map(|(i, _)| i.name.as_str()).collect();
        for (ident, by_ref) in captures {
            if !by_ref {
                by_value.push((ident.name.clone(), ident.span));
            }
        }
        if default == CaptureDefault::ByValue {
            let param_names: HashSet<&str> = params
                .iter()
                .filter_map(|p| p.name.as_ref().map(|n| n.name.as_str()))
                .collect();
            let mut used: Vec<(String, Span)> = Vec::new();
            walk::walk_block(body, &mut |_| {}, &mut |e| {
                if let ast::ExprKind::Path(p) = &e.kind {
                    if p.segments.len() == 1 && !p.global {
                        used.push((p.last_name().to_string(), p.span));
                    }
                }
            });
            let mut seen = HashSet::new();
            for (n, s) in used {
                if explicit.contains(n.as_str())
                    || param_names.contains(n.as_str())
                    || !seen.insert(n.clone())
                {
                    continue;
                }
                if matches!(self.lookup_local(&n), Some(Binding::Var { .. })) {
                    by_value.push((n, s));
                }
            }
        }
        let mut captured = HashMap::new();
        for (name, span) in by_value {
            let Some(b) = self.lookup_local(&name).cloned() else {
                if explicit.contains(name.as_str()) {
                    return Err(self.undeclared(&name, span));
                }
                continue;
            };
            match b {
                Binding::Var { ty, konst, .. } => {
                    let path = ast::Path::simple(ast::Ident {
                        name: name.clone(),
                        span,
                    });
                    let op = self.lower_path(&path, span)?;
                    let (v, vt) = self.rvalue(op)?;
                    let local = self.b.add_local(format!("{name}.copy"), vt.clone(), span);
                    let p = self.local_ptr(local, span);
                    self.store(p, v, false, span);
                    let _ = ty;
                    captured.insert(
                        name,
                        Binding::Var {
                            local,
                            ty: vt,
                            is_ref: false,
                            konst,
                            volatile: false,
                        },
                    );
                }
                other => {
                    captured.insert(name, other);
                }
            }
        }
        Ok(Lambda {
            params,
            body,
            ret,
            captured,
            depth: self.locals.len(),
        })
    }

    /// Inlines a call of a lambda.
    pub fn inline_lambda(
        &mut self,
        l: &Lambda<'a>,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        if args.len() != l.params.len() {
            return Err(self.err(
                span,
                format!(
                    "lambda expects {} argument(s), {} given",
                    l.params.len(),
                    args.len()
                ),
            ));
        }
        let ops = self.lower_args(args)?;
        let stmts = &l.body.stmts;
        let returns = walk::count_returns(stmts);
        let tail = match stmts.last() {
            Some(ast::Stmt {
                kind: ast::StmtKind::Return(Some(e)),
                ..
            }) if returns == 1 => Some(e),
            _ if returns == 0 => None,
            _ => {
                return Err(self.unsupported(
                    span,
                    "lambdas with a `return` other than their last statement",
                ))
            }
        };
        let saved_locals = std::mem::take(&mut self.locals);
        self.locals = saved_locals.iter().take(l.depth.max(1)).cloned().collect();
        self.locals.push(l.captured.clone());
        self.push_scope();
        let saved_depths = (self.loop_depth, self.switch_depth);
        self.loop_depth = 0;
        self.switch_depth = 0;
        let r = self.inline_lambda_body(l, ops, tail, span);
        self.loop_depth = saved_depths.0;
        self.switch_depth = saved_depths.1;
        self.locals = saved_locals;
        r
    }

    fn inline_lambda_body(
        &mut self,
        l: &Lambda<'a>,
        ops: Vec<Operand>,
        tail: Option<&'a ast::Expr>,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        for (p, a) in l.params.iter().zip(ops) {
            let name = p.name.as_ref().map_or_else(String::new, |n| n.name.clone());
            let is_auto = matches!(p.ty.kind, ast::TypeKind::Auto)
                || matches!(&p.ty.kind, ast::TypeKind::Reference { referee, .. } if matches!(referee.kind, ast::TypeKind::Auto));
            let (ty, is_ref) = if is_auto {
                (
                    a.ty.clone(),
                    matches!(p.ty.kind, ast::TypeKind::Reference { .. }),
                )
            } else {
                let q = self.resolve_type(&p.ty)?;
                (q.ty, q.reference)
            };
            if is_ref {
                if let OpKind::Place { ptr, .. } = a.kind {
                    let pty = self.b.ty(ptr).clone();
                    let local = self.b.add_local(name.clone(), pty, p.span);
                    let lp = self.local_ptr(local, p.span);
                    self.store(lp, ptr, false, p.span);
                    self.bind(
                        &name,
                        Binding::Var {
                            local,
                            ty,
                            is_ref: true,
                            konst: None,
                            volatile: false,
                        },
                    );
                    continue;
                }
            }
            let v = self.convert_operand(a, &ty)?;
            let vt = self.b.ty(v).clone();
            let local = self.b.add_local(name.clone(), vt.clone(), p.span);
            let lp = self.local_ptr(local, p.span);
            self.store(lp, v, false, p.span);
            self.bind(
                &name,
                Binding::Var {
                    local,
                    ty: vt,
                    is_ref: false,
                    konst: None,
                    volatile: false,
                },
            );
        }
        let body_stmts = match tail {
            Some(_) => &l.body.stmts[..l.body.stmts.len().saturating_sub(1)],
            None => &l.body.stmts[..],
        };
        self.lambda_results.push((None, Type::Void));
        self.lower_block_stmts(body_stmts);
        let result = match tail {
            Some(e) => {
                let v = match l.ret {
                    Some(rt) => {
                        let q = self.resolve_type(rt)?;
                        let v = self.lower_expect(e, &q.ty);
                        v.map(|v| (v, q.ty))
                    }
                    None => self.lower_value(e),
                };
                match v {
                    Ok((v, ty)) => {
                        let v = if self.contains_load(v) {
                            self.b.materialize("lambda", v, span)
                        } else {
                            v
                        };
                        Ok(Operand::value(v, ty, span))
                    }
                    Err(e) => Err(e),
                }
            }
            None => Ok(self.void_operand(span)),
        };
        self.lambda_results.pop();
        result
    }
}
