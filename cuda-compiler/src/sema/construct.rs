//! Construction of values: `T(args)`, `T{args}`, constructors, aggregate
//! initialisation, and constructor member initialisers.

use super::cx::{Decl, FnDeclId};
use super::expr::{OpKind, Operand};
use super::func::FnLower;
use crate::diag::Diagnostic;
use crate::ir::{ExprId, ExprKind, Scalar, Type};
use crate::parse::ast;
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    /// `T(args)` / `T{args}`.
    pub fn construct(
        &mut self,
        ty: &Type,
        args: &'a [ast::Expr],
        braces: bool,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        let _ = braces;
        let ops = self.lower_args(args)?;
        self.construct_from_operands(ty, ops, span)
    }

    /// Constructs a value of `ty` from lowered arguments.
    pub fn construct_from_operands(
        &mut self,
        ty: &Type,
        mut ops: Vec<Operand>,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        match ty {
            Type::Scalar(_) | Type::Pointer { .. } => match ops.len() {
                0 => {
                    let z = self.zero_value(ty, span)?;
                    Ok(Operand::value(z, ty.clone(), span))
                }
                1 => {
                    let Some(o) = ops.into_iter().next() else {
                        return Err(self.err(span, "missing value"));
                    };
                    let (v, from) = self.rvalue(o)?;
                    let out = match (&from, ty) {
                        (Type::Scalar(_), Type::Scalar(_)) => self.b.convert(v, ty, span),
                        _ => self.implicit_convert(v, &from, ty, span)?,
                    };
                    Ok(Operand::value(out, ty.clone(), span))
                }
                _ => Err(self.err(
                    span,
                    format!(
                        "too many arguments to construct `{}`",
                        self.sema.type_name(ty)
                    ),
                )),
            },
            Type::Vector(s, n) => {
                let (s, n) = (*s, usize::from(*n));
                if ops.len() > n {
                    return Err(self.err(
                        span,
                        format!(
                            "too many arguments to construct `{}`",
                            self.sema.type_name(ty)
                        ),
                    ));
                }
                let is_dim3 = s == Scalar::U32 && n == 3;
                let elem = Type::Scalar(s);
                if ops.len() == 1 && ops.first().is_some_and(|o| o.ty == *ty) {
                    if let Some(o) = ops.pop() {
                        return Ok(o);
                    }
                }
                let mut comps = Vec::new();
                for o in ops {
                    let (v, from) = self.rvalue(o)?;
                    if !matches!(from, Type::Scalar(_)) {
                        return Err(self.err(
                            span,
                            format!(
                                "cannot convert `{}` to `{}`",
                                self.sema.type_name(&from),
                                s.cuda_name()
                            ),
                        ));
                    }
                    comps.push(self.b.convert(v, &elem, span));
                }
                while comps.len() < n {
                    let fill = if is_dim3 {
                        self.b.int(1, Scalar::U32, span)
                    } else {
                        self.zero_value(&elem, span)?
                    };
                    comps.push(fill);
                }
                let v = self
                    .b
                    .expr(ExprKind::Compose { components: comps }, ty.clone(), span);
                Ok(Operand::value(v, ty.clone(), span))
            }
            Type::Struct(_) => {
                if let Some(ctors) = self.user_ctors(ty) {
                    let obj_local = self.b.add_local("tmp", ty.clone(), span);
                    let ptr = self.local_ptr(obj_local, span);
                    let obj = Operand::place(ptr, ty.clone(), span);
                    let name = self.struct_plain_name(ty);
                    self.resolve_and_call(&name, ctors, None, Some(obj), ops, span, span)?;
                    let p = self.local_ptr(obj_local, span);
                    return Ok(Operand::place(p, ty.clone(), span));
                }
                if ops.len() == 1 && ops.first().is_some_and(|o| o.ty == *ty) {
                    if let Some(o) = ops.pop() {
                        return Ok(o);
                    }
                    return Err(self.err(span, "missing value"));
                }
                let Some(slots) = self.aggregate_elements(ty) else {
                    return Err(self.err(span, "cannot construct this type"));
                };
                if ops.len() > slots.len() {
                    return Err(self.err(span, "excess elements in struct initializer"));
                }
                let mut comps = Vec::new();
                let mut it = ops.into_iter();
                for (_, fty) in &slots {
                    match it.next() {
                        Some(o) => {
                            let v = self.convert_operand(o, fty)?;
                            comps.push(v);
                        }
                        None => comps.push(self.zero_value(fty, span)?),
                    }
                }
                let v = self
                    .b
                    .expr(ExprKind::Compose { components: comps }, ty.clone(), span);
                Ok(Operand::value(v, ty.clone(), span))
            }
            Type::Array(..) | Type::Void => {
                if ty == &Type::Void && ops.is_empty() {
                    return Ok(self.void_operand(span));
                }
                Err(self.err(
                    span,
                    format!(
                        "cannot construct a value of type `{}`",
                        self.sema.type_name(ty)
                    ),
                ))
            }
        }
    }

    /// Constructs a value of `ty` from argument expressions and returns it
    /// as an rvalue.
    pub fn construct_from_args(
        &mut self,
        ty: &Type,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<ExprId, Diagnostic> {
        let op = self.construct(ty, args, false, span)?;
        let (v, _) = self.rvalue(op)?;
        Ok(v)
    }

    /// The struct's name without template arguments (constructors' name).
    fn struct_plain_name(&self, ty: &Type) -> String {
        let Type::Struct(id) = ty else {
            return String::new();
        };
        self.sema
            .struct_key_of(*id)
            .and_then(|k| self.sema.struct_info(k))
            .and_then(|s| s.def.name.as_ref().map(|n| n.name.clone()))
            .unwrap_or_default()
    }

    /// User-declared constructors (other than `= default`), if any.
    pub fn user_ctors(&self, ty: &Type) -> Option<Vec<FnDeclId>> {
        let Type::Struct(id) = ty else { return None };
        let key = self.sema.struct_key_of(*id)?;
        let info = self.sema.struct_info(key)?;
        let name = info.def.name.as_ref()?.name.clone();
        let ctors: Vec<FnDeclId> = self
            .sema
            .lookup_in(info.scope, &name)
            .into_iter()
            .filter_map(|d| match d {
                Decl::Function(f) => Some(f),
                _ => None,
            })
            .filter(|f| {
                self.sema.fns.get(f.0).is_some_and(|fd| {
                    fd.owner == Some(key)
                        && fd.def.ret.is_none()
                        && !matches!(fd.def.body, Some(ast::FnBody::Defaulted))
                })
            })
            .collect();
        (!ctors.is_empty()).then_some(ctors)
    }

    /// Does the struct have a user constructor?
    pub fn has_user_ctor(&self, ty: &Type) -> bool {
        self.user_ctors(ty).is_some()
    }

    /// Runs a constructor's member initialisers and default member
    /// initialisers (inside the constructor being lowered).
    pub fn lower_member_inits(&mut self, def: &'a ast::FunctionDef) {
        let Some(owner) = self.owner else { return };
        let Some(info) = self.sema.struct_info(owner).cloned() else {
            return;
        };
        let mut explicit: Vec<&str> = Vec::new();
        for (ident, args) in &def.member_inits {
            explicit.push(&ident.name);
            if let Err(e) = self.init_member(&ident.name, args, ident.span) {
                self.report(e);
            }
        }
        for m in info.def.members.iter().flatten() {
            let ast::Member::Field(decls) = m else {
                continue;
            };
            for d in decls {
                if d.quals.is_static || explicit.contains(&d.name.name.as_str()) {
                    continue;
                }
                if let Some(init) = &d.init {
                    if let Err(e) = self.init_member_with(&d.name.name, init, d.span) {
                        self.report(e);
                    }
                }
            }
        }
    }

    fn member_place(&mut self, name: &str, span: Span) -> Result<Operand, Diagnostic> {
        let path = ast::Path::simple(ast::Ident {
            name: name.to_string(),
            span,
        });
        let op = self.lower_path(&path, span)?;
        match op.kind {
            OpKind::Place { .. } => Ok(op),
            OpKind::Value(_) => Err(self.err(
                span,
                format!("`{name}` is not a member that can be initialised"),
            )),
        }
    }

    fn init_member(
        &mut self,
        name: &str,
        args: &'a [ast::Expr],
        span: Span,
    ) -> Result<(), Diagnostic> {
        let place = self.member_place(name, span)?;
        let OpKind::Place { ptr, volatile } = place.kind else {
            return Ok(());
        };
        let v = match args {
            [one] if !matches!(place.ty, Type::Struct(_)) => self.lower_expect(one, &place.ty)?,
            _ => self.construct_from_args(&place.ty, args, span)?,
        };
        self.store(ptr, v, volatile, span);
        Ok(())
    }

    fn init_member_with(
        &mut self,
        name: &str,
        init: &'a ast::Initializer,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let place = self.member_place(name, span)?;
        let OpKind::Place { ptr, volatile } = place.kind else {
            return Ok(());
        };
        let v = self.lower_initializer(init, &place.ty, span)?;
        self.store(ptr, v, volatile, span);
        Ok(())
    }
}
