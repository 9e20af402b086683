//! Overload resolution: viable candidates, conversion ranks, template
//! argument binding, the call itself and argument passing.

use super::convert::promote;
use super::cx::{Decl, FnDeclId, ScopeId, TArg};
use super::expr::{OpKind, Operand};
use super::func::{Binding, FnLower};
use super::types::{same_shape, QualType};
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, FunctionKind, Scalar, Type};
use crate::parse::ast::{self, ExprKind as E};
use crate::source::Span;

/// A viable candidate of overload resolution.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The declaration to call.
    pub decl: FnDeclId,
    /// Template arguments (empty for plain functions).
    pub targs: Vec<TArg>,
    /// The scope with template parameters bound.
    pub scope: ScopeId,
    /// Parameter types.
    pub params: Vec<QualType>,
    /// Conversion rank per argument (0 exact, 1 promotion, 2 conversion).
    pub ranks: Vec<u8>,
    /// Came from a template.
    pub is_template: bool,
}

impl<'s, 'a> FnLower<'s, 'a> {
    /// The viable candidates for a call.
    pub fn viable(
        &mut self,
        cands: &[FnDeclId],
        explicit: Option<&[ast::TemplateArg]>,
        args: &[Operand],
        span: Span,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        for c in cands {
            if let Ok(Some(cand)) = self.candidate(*c, explicit, args, span) {
                out.push(cand);
            }
        }
        out
    }

    /// "unsupported: …" for the first candidate whose template has a
    /// parameter the compiler does not support.
    fn unsupported_candidate(&self, cands: &[FnDeclId]) -> Option<Diagnostic> {
        cands.iter().find_map(|c| {
            let fd = self.sema.fns.get(c.0)?;
            fd.template?.iter().find_map(|p| match p {
                ast::TemplateParam::Unsupported { what, span } => {
                    Some(self.sema.unsupported(*span, what))
                }
                _ => None,
            })
        })
    }

    /// Checks one candidate against the arguments.
    fn candidate(
        &mut self,
        id: FnDeclId,
        explicit: Option<&[ast::TemplateArg]>,
        args: &[Operand],
        span: Span,
    ) -> Result<Option<Candidate>, Diagnostic> {
        let Some(fd) = self.sema.fns.get(id.0).cloned() else {
            return Ok(None);
        };
        if fd.spec_args.is_some() && fd.template.is_none() {
            return Ok(None);
        }
        let params = &fd.def.params;
        if fd.def.variadic {
            return Ok(None);
        }
        if args.len() > params.len() {
            return Ok(None);
        }
        if params.iter().skip(args.len()).any(|p| p.default.is_none()) {
            return Ok(None);
        }
        let (targs, scope) = match fd.template {
            Some(tparams) => {
                let arg_types: Vec<(Type, bool)> = args
                    .iter()
                    .map(|a| (a.ty.clone(), matches!(a.kind, OpKind::Place { .. })))
                    .collect();
                let explicit = match explicit {
                    Some(list) => match self.resolve_targs_here(list) {
                        Ok(t) => Some(t),
                        Err(_) => return Ok(None),
                    },
                    None => None,
                };
                match self.sema.bind_template(
                    tparams,
                    explicit.as_deref(),
                    params,
                    &arg_types,
                    fd.scope,
                    span,
                )? {
                    Some(b) => b,
                    None => return Ok(None),
                }
            }
            None => {
                if explicit.is_some() {
                    return Ok(None);
                }
                (Vec::new(), fd.scope)
            }
        };
        let mut qparams = Vec::new();
        for p in params {
            let mut q = match self.sema.resolve_type(&p.ty, scope) {
                Ok(q) => q,
                Err(_) => return Ok(None),
            };
            if let Type::Array(elem, _) = &q.ty {
                q.ty = Type::Pointer {
                    pointee: elem.clone(),
                    space: AddrSpace::Generic,
                    read_only: q.is_const,
                    restrict: false,
                };
            }
            qparams.push(q);
        }
        let mut ranks = Vec::new();
        for (a, p) in args.iter().zip(&qparams) {
            match self.rank(a, p) {
                Some(r) => ranks.push(r),
                None => return Ok(None),
            }
        }
        Ok(Some(Candidate {
            decl: id,
            targs,
            scope,
            params: qparams,
            ranks,
            is_template: fd.template.is_some(),
        }))
    }

    /// Resolves written template arguments with local constants and
    /// aliases visible.
    pub fn resolve_targs_here(
        &mut self,
        list: &[ast::TemplateArg],
    ) -> Result<Vec<TArg>, Diagnostic> {
        let mut out = Vec::new();
        for a in list {
            if let ast::TemplateArg::Type(t) = a {
                out.push(TArg::Type(self.resolve_type(t)?.ty));
                continue;
            }
            if let ast::TemplateArg::Expr(ast::Expr {
                kind: E::Path(p), ..
            }) = a
            {
                if p.segments.len() == 1 {
                    if let Some(Binding::Alias(t)) = self.lookup_local(p.last_name()) {
                        out.push(TArg::Type(t.clone()));
                        continue;
                    }
                }
            }
            let consts = self.local_consts();
            let scope = self.scope;
            out.push(
                self.sema
                    .resolve_targ(a, scope, &|n| consts.get(n).copied())?,
            );
        }
        Ok(out)
    }

    /// The conversion rank from an argument to a parameter.
    fn rank(&self, a: &Operand, p: &QualType) -> Option<u8> {
        let at = match &a.ty {
            Type::Array(elem, _) => Type::ptr((**elem).clone(), AddrSpace::Generic),
            t => t.clone(),
        };
        if p.reference && !p.is_const {
            return (matches!(a.kind, OpKind::Place { .. }) && same_shape(&a.ty, &p.ty))
                .then_some(0);
        }
        let is_null = match a.kind {
            OpKind::Value(v) => super::convert::is_null_literal(self, v),
            OpKind::Place { .. } => false,
        };
        match (&at, &p.ty) {
            _ if same_shape(&at, &p.ty) => Some(0),
            (Type::Scalar(x), Type::Scalar(y)) => {
                let promoted = (promote(*x) == *y && x != y && !x.is_float())
                    || (*x == Scalar::F32 && *y == Scalar::F64);
                Some(if promoted { 1 } else { 2 })
            }
            (Type::Pointer { .. }, Type::Pointer { pointee, .. }) if **pointee == Type::Void => {
                Some(2)
            }
            (Type::Pointer { .. }, Type::Scalar(Scalar::Bool)) => Some(2),
            (Type::Scalar(_), Type::Pointer { .. }) if is_null => Some(2),
            (Type::Struct(x), Type::Struct(y)) if self.is_base_of(*y, *x) => Some(2),
            _ => None,
        }
    }

    /// Overload resolution, instantiation and the call itself.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve_and_call(
        &mut self,
        name: &str,
        cands: Vec<FnDeclId>,
        explicit: Option<&[ast::TemplateArg]>,
        this: Option<Operand>,
        args: Vec<Operand>,
        name_span: Span,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let viable = self.viable(&cands, explicit, &args, span);
        let best = pick_best(&viable);
        let chosen = match best {
            Ok(c) => c.clone(),
            Err(0) => {
                // A candidate this compiler cannot handle (a variadic
                // template) explains the failure better than "no match".
                if let Some(d) = self.unsupported_candidate(&cands) {
                    return Err(d);
                }
                let types: Vec<String> = args.iter().map(|a| self.sema.type_name(&a.ty)).collect();
                return Err(self
                    .err(
                        name_span,
                        format!("no matching function for call to `{name}`"),
                    )
                    .with_label(format!("called with ({})", types.join(", ")))
                    .with_note(format!("{} candidate(s) considered", cands.len())));
            }
            Err(_) => {
                return Err(self
                    .err(name_span, format!("call to `{name}` is ambiguous"))
                    .with_label("more than one function matches equally well"))
            }
        };
        let Some(fd) = self.sema.fns.get(chosen.decl.0).cloned() else {
            return Err(self.err(span, "unknown function"));
        };
        if !fd.is_device() {
            let from = match self.kind {
                FunctionKind::Kernel => "__global__",
                FunctionKind::Device => "__device__",
            };
            return Err(self
                .err(name_span, format!("calling a `__host__` function `{name}` from a `{from}` function is not allowed"))
                .with_help("mark the function `__device__` (or `__host__ __device__`)"));
        }
        if fd.def.quals.is_virtual {
            return Err(self.unsupported(span, "virtual functions in device code"));
        }
        // Full specialisation of a function template?
        let (decl, scope) = if chosen.is_template {
            self.find_specialisation(&cands, &fd.name, &chosen.targs)
                .unwrap_or((chosen.decl, chosen.scope))
        } else {
            (chosen.decl, chosen.scope)
        };
        // Arguments, with defaults.
        let mut all_args = args;
        if all_args.len() < fd.def.params.len() {
            let saved = self.scope;
            self.scope = chosen.scope;
            for p in fd.def.params.iter().skip(all_args.len()) {
                let r = match &p.default {
                    Some(d) => self.lower_expr(d),
                    None => Err(self.err(span, "missing argument")),
                };
                match r {
                    Ok(o) => all_args.push(o),
                    Err(e) => {
                        self.scope = saved;
                        return Err(e);
                    }
                }
            }
            self.scope = saved;
        }
        let mut ir_params = Vec::new();
        let mut values = Vec::new();
        for (a, p) in all_args.into_iter().zip(&chosen.params) {
            let (v, t, is_ref) = self.pass_argument(a, p)?;
            ir_params.push((t, is_ref));
            values.push(v);
        }
        let (this_ty, this_val) = match this {
            Some(obj) if !fd.def.quals.is_static => {
                let ptr = match obj.kind {
                    OpKind::Place { ptr, .. } => ptr,
                    OpKind::Value(v) => self.b.materialize_ptr("obj", v, span),
                };
                let t = self.b.ty(ptr).clone();
                (Some(t), Some(ptr))
            }
            _ => (None, None),
        };
        let info = self.sema.instantiate(
            decl,
            chosen.targs.clone(),
            scope,
            this_ty,
            ir_params,
            name_span,
        )?;
        let mut call_args: Vec<ir::ExprId> = this_val.into_iter().collect();
        call_args.extend(values);
        if info.result == Type::Void {
            self.b.emit(
                ir::StmtKind::Call {
                    func: info.func,
                    args: call_args,
                    result: None,
                },
                span,
            );
            return Ok(self.void_operand(span));
        }
        let r = self.b.result(info.result.clone(), span);
        self.b.emit(
            ir::StmtKind::Call {
                func: info.func,
                args: call_args,
                result: Some(r),
            },
            span,
        );
        if info.returns_ref {
            let pointee = info.result.pointee().cloned().unwrap_or(Type::Void);
            return Ok(Operand::place(r, pointee, span));
        }
        Ok(Operand::value(r, info.result, span))
    }

    /// Converts one argument for a parameter; returns the value, the IR
    /// parameter type and whether it is passed by reference.
    fn pass_argument(
        &mut self,
        a: Operand,
        p: &QualType,
    ) -> Result<(ir::ExprId, Type, bool), Diagnostic> {
        let span = a.span;
        if p.reference {
            if let (OpKind::Place { ptr, .. }, true) = (a.kind, same_shape(&a.ty, &p.ty)) {
                let space = self.space_of(ptr);
                let t = Type::Pointer {
                    pointee: Box::new(a.ty.clone()),
                    space,
                    read_only: p.is_const,
                    restrict: false,
                };
                let v = self.b.convert(ptr, &t, span);
                return Ok((v, t, true));
            }
            let v = self.convert_operand(a, &p.ty)?;
            let ptr = self.b.materialize_ptr("ref", v, span);
            let t = self.b.ty(ptr).clone();
            return Ok((ptr, t, true));
        }
        let (v, from) = self.rvalue(a)?;
        let to = self.adopt_space(&from, &p.ty);
        let v = self.implicit_convert(v, &from, &to, span)?;
        Ok((v, to, false))
    }

    /// A `template<>` specialisation matching the arguments, if declared.
    fn find_specialisation(
        &mut self,
        cands: &[FnDeclId],
        name: &str,
        targs: &[TArg],
    ) -> Option<(FnDeclId, ScopeId)> {
        let mut all: Vec<FnDeclId> = cands.to_vec();
        for c in cands {
            if let Some(fd) = self.sema.fns.get(c.0) {
                let scope = fd.scope;
                for d in self.sema.lookup_in(scope, name) {
                    if let Decl::Function(f) = d {
                        if !all.contains(&f) {
                            all.push(f);
                        }
                    }
                }
            }
        }
        for f in all {
            let Some(fd) = self.sema.fns.get(f.0).cloned() else {
                continue;
            };
            let (Some(spec), None) = (fd.spec_args, fd.template) else {
                continue;
            };
            let resolved = self.sema.resolve_targs(spec, fd.scope, &|_| None);
            if let Ok(r) = resolved {
                if r == targs {
                    return Some((f, fd.scope));
                }
            }
        }
        None
    }
}

/// The best viable candidate; `Err(n)` with the number of equally good
/// candidates when there is no single best (0: none viable).
fn pick_best(viable: &[Candidate]) -> Result<&Candidate, usize> {
    let better = |a: &Candidate, b: &Candidate| -> bool {
        let mut strictly = false;
        for (x, y) in a.ranks.iter().zip(&b.ranks) {
            if x > y {
                return false;
            }
            if x < y {
                strictly = true;
            }
        }
        strictly
            || (!a.is_template && b.is_template)
            || (a.ranks.len() < b.ranks.len() && a.ranks == b.ranks[..a.ranks.len()])
    };
    match viable {
        [] => Err(0),
        [one] => Ok(one),
        _ => {
            for (i, c) in viable.iter().enumerate() {
                if viable
                    .iter()
                    .enumerate()
                    .all(|(j, o)| i == j || better(c, o))
                {
                    return Ok(c);
                }
            }
            Err(viable.len())
        }
    }
}
