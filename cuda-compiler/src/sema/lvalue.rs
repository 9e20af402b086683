//! Assignments, increments, and pointer-space learning for pointer locals.

use super::convert::promote;
use super::expr::{OpKind, Operand};
use super::func::FnLower;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, ExprId, ExprKind, Scalar, Type};
use crate::parse::ast::{self, UnaryOp};
use crate::source::Span;

impl<'s, 'a> FnLower<'s, 'a> {
    /// Stores a value through a place.
    pub fn store(&mut self, ptr: ExprId, value: ExprId, volatile: bool, span: Span) {
        self.b.emit(
            ir::StmtKind::Store {
                ptr,
                value,
                hint: ir::CacheHint::Default,
                volatile,
            },
            span,
        );
    }

    /// Makes a pointer expression safe to use in two statements.
    pub fn stabilize(&mut self, ptr: ExprId, span: Span) -> ExprId {
        if self.contains_load(ptr) {
            self.b.materialize("addr", ptr, span)
        } else {
            ptr
        }
    }

    /// Records the space of a pointer stored into a pointer local; asks for
    /// re-lowering when the local's assumed space was wrong.
    pub fn learn_space(&mut self, target: ExprId, value_ty: &Type) {
        let Some(local) = self.local_of_ptr(target) else {
            return;
        };
        let Some(slot) = self.local_slot(local) else {
            return;
        };
        let Type::Pointer { space: new, .. } = value_ty else {
            return;
        };
        let learnt = match self.ptr_spaces.get(&slot) {
            None => *new,
            Some(old) if old == new => return,
            Some(AddrSpace::Generic) => return,
            Some(_) => AddrSpace::Generic,
        };
        self.ptr_spaces.insert(slot, learnt);
        let current = self
            .b
            .func
            .locals
            .get(local.0 as usize)
            .and_then(|l| match &l.ty {
                Type::Pointer { space, .. } => Some(*space),
                _ => None,
            });
        if current != Some(learnt) {
            self.restart = true;
        }
    }

    /// The local a `LocalPtr` expression addresses.
    fn local_of_ptr(&self, ptr: ExprId) -> Option<ir::LocalId> {
        match self.b.func.exprs.try_get(ptr)?.kind {
            ExprKind::LocalPtr(l) => Some(l),
            _ => None,
        }
    }

    /// The slot (declaration span) of a pointer local.
    fn local_slot(&self, local: ir::LocalId) -> Option<(u32, u32)> {
        let l = self.b.func.locals.get(local.0 as usize)?;
        if !l.ty.is_pointer() {
            return None;
        }
        Some((l.span.lo, l.span.hi))
    }

    /// The error for assigning to an rvalue (or a built-in variable).
    fn not_assignable(&self, lhs: &ast::Expr) -> Diagnostic {
        let mut e = lhs;
        while let ast::ExprKind::Member { base, .. } = &e.kind {
            e = base;
        }
        if let ast::ExprKind::Path(p) = &e.kind {
            let n = p.last_name();
            if matches!(
                n,
                "threadIdx" | "blockIdx" | "blockDim" | "gridDim" | "warpSize"
            ) && self.lookup_local(n).is_none()
            {
                return self.err(
                    lhs.span,
                    format!("cannot assign to built-in variable `{n}`"),
                );
            }
        }
        self.err(lhs.span, "expression is not assignable")
            .with_label("not an lvalue")
    }

    /// Rejects writes through `const` and into constant memory.
    fn check_writable(&self, ptr: ExprId, ty: &Type, span: Span) -> Result<(), Diagnostic> {
        match self.b.ty(ptr) {
            Type::Pointer {
                space: AddrSpace::Constant,
                ..
            } => Err(self.err(span, "cannot write to constant memory from device code")),
            Type::Pointer {
                read_only: true, ..
            } => Err(self.err(
                span,
                format!(
                    "cannot assign to a value of type `const {}`",
                    self.sema.type_name(ty)
                ),
            )),
            _ => Ok(()),
        }
    }

    /// `a = b` and `a op= b`.
    pub fn lower_assign(
        &mut self,
        op: Option<ast::BinaryOp>,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        span: Span,
        want: bool,
    ) -> Result<Operand, Diagnostic> {
        let l = self.lower_expr(lhs)?;
        if let Type::Struct(_) = l.ty {
            let name = match op {
                Some(o) => format!("operator{}=", super::expr::binop_symbol(o)),
                None => "operator=".to_string(),
            };
            if self.has_method(&l.ty, &name) || op.is_some() {
                let r = self.lower_expr(rhs)?;
                return self.operator_call(&name, l, &[r], span);
            }
        }
        let OpKind::Place { ptr, volatile } = l.kind else {
            return Err(self.not_assignable(lhs));
        };
        self.check_writable(ptr, &l.ty, lhs.span)?;
        if let Type::Array(..) = l.ty {
            return Err(self.err(
                lhs.span,
                format!(
                    "array type `{}` is not assignable",
                    self.sema.type_name(&l.ty)
                ),
            ));
        }
        let value = match op {
            None => {
                let target = self.adopt_target(&l.ty, rhs)?;
                let v = self.lower_expect(rhs, &target)?;
                let vt = self.b.ty(v).clone();
                self.learn_space(ptr, &vt);
                self.b.convert(v, &l.ty, span)
            }
            Some(bop) => {
                let r = self.lower_expr(rhs)?;
                let cur = Operand {
                    kind: OpKind::Place { ptr, volatile },
                    ty: l.ty.clone(),
                    span: lhs.span,
                };
                let computed = self.binary(bop, cur, r, span)?;
                let (cv, ct) = self.rvalue(computed)?;
                self.implicit_convert(cv, &ct, &l.ty, span)?
            }
        };
        if want {
            let v = self.b.materialize("assign", value, span);
            let stored = self.reload(v);
            self.store(ptr, stored, volatile, span);
            let out = self.reload(v);
            return Ok(Operand::value(out, l.ty, span));
        }
        self.store(ptr, value, volatile, span);
        Ok(self.void_operand(span))
    }

    /// The type a right-hand side is converted to: the target's, with the
    /// value's pointer space where the target is a pointer.
    fn adopt_target(&mut self, target: &Type, _rhs: &'a ast::Expr) -> Result<Type, Diagnostic> {
        Ok(match target {
            Type::Pointer { .. } => super::types::with_top_space(target, AddrSpace::Generic),
            other => other.clone(),
        })
    }

    /// `++x`, `x--` and friends on integers, floats and pointers.
    pub fn lower_incdec(
        &mut self,
        op: UnaryOp,
        expr: &'a ast::Expr,
        span: Span,
        want: bool,
    ) -> Result<Operand, Diagnostic> {
        let o = self.lower_expr(expr)?;
        let inc = matches!(op, UnaryOp::PreInc | UnaryOp::PostInc);
        let post = matches!(op, UnaryOp::PostInc | UnaryOp::PostDec);
        if let Type::Struct(_) = o.ty {
            let name = if inc { "operator++" } else { "operator--" };
            return self.operator_call(name, o, &[], span);
        }
        let OpKind::Place { ptr, volatile } = o.kind else {
            return Err(self.not_assignable(expr));
        };
        self.check_writable(ptr, &o.ty, expr.span)?;
        let ty = o.ty.clone();
        let ptr = if want { self.stabilize(ptr, span) } else { ptr };
        let (old, _) = self.rvalue(Operand {
            kind: OpKind::Place { ptr, volatile },
            ty: ty.clone(),
            span,
        })?;
        let old = if want && post {
            self.b.materialize("old", old, span)
        } else {
            old
        };
        let base = if want && post { self.reload(old) } else { old };
        let new = match &ty {
            Type::Pointer { .. } => {
                let one = self.b.int(if inc { 1 } else { -1 }, Scalar::I32, span);
                self.b.expr(
                    ExprKind::PtrOffset {
                        ptr: base,
                        offset: one,
                    },
                    ty.clone(),
                    span,
                )
            }
            Type::Scalar(s) => {
                let s = *s;
                let ct = if s.is_float() { s } else { promote(s) };
                let ctt = Type::Scalar(ct);
                let v = self.b.convert(base, &ctt, span);
                let one = if ct.is_float() {
                    self.b.float(1.0, ct, span)
                } else {
                    self.b.int(1, ct, span)
                };
                let bop = if inc {
                    ir::BinaryOp::Add
                } else {
                    ir::BinaryOp::Sub
                };
                let r = self.b.expr(
                    ExprKind::Binary {
                        op: bop,
                        lhs: v,
                        rhs: one,
                    },
                    ctt,
                    span,
                );
                self.b.convert(r, &ty, span)
            }
            other => {
                return Err(self.err(
                    span,
                    format!(
                        "cannot increment or decrement a value of type `{}`",
                        self.sema.type_name(other)
                    ),
                ))
            }
        };
        if !want {
            self.store(ptr, new, volatile, span);
            return Ok(self.void_operand(span));
        }
        if post {
            self.store(ptr, new, volatile, span);
            let out = self.reload(old);
            return Ok(Operand::value(out, ty, span));
        }
        let n = self.b.materialize("new", new, span);
        let stored = self.reload(n);
        self.store(ptr, stored, volatile, span);
        let out = self.reload(n);
        Ok(Operand::value(out, ty, span))
    }

    /// Does a struct type have a method of this name?
    pub fn has_method(&self, ty: &Type, name: &str) -> bool {
        let Type::Struct(id) = ty else { return false };
        let Some(key) = self.sema.struct_key_of(*id) else {
            return false;
        };
        let Some(scope) = self.sema.struct_info(key).map(|s| s.scope) else {
            return false;
        };
        self.sema
            .lookup_in(scope, name)
            .iter()
            .any(|d| matches!(d, super::cx::Decl::Function(_)))
    }

    /// Casts: C-style, `static_cast`, `reinterpret_cast`, `const_cast`.
    pub fn lower_cast(
        &mut self,
        kind: ast::CastKind,
        ty: &ast::Type,
        expr: &'a ast::Expr,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        if kind == ast::CastKind::Dynamic {
            return Err(self.unsupported(span, "`dynamic_cast` (RTTI) in device code"));
        }
        let q = self.resolve_type(ty)?;
        let target = q.ty.clone();
        if target == Type::Void {
            self.lower_discard(expr)?;
            return Ok(self.void_operand(span));
        }
        let o = self.lower_expr(expr)?;
        if q.reference {
            let OpKind::Place { ptr, volatile } = o.kind else {
                return Err(self.err(span, "cannot cast an rvalue to a reference"));
            };
            let space = self.space_of(ptr);
            let p = self.b.expr(
                ExprKind::PtrCast { ptr },
                Type::ptr(target.clone(), space),
                span,
            );
            return Ok(Operand {
                kind: OpKind::Place { ptr: p, volatile },
                ty: target,
                span,
            });
        }
        if let (Type::Struct(_), _) | (_, Type::Struct(_)) = (&o.ty, &target) {
            if o.ty == target {
                return Ok(o);
            }
            return self.construct_from_operands(&target, vec![o], span);
        }
        let reinterpret = matches!(kind, ast::CastKind::Reinterpret | ast::CastKind::CStyle);
        let (v, from) = self.rvalue(o)?;
        let out = match (&from, &target) {
            (Type::Scalar(_), Type::Scalar(_)) => self.b.convert(v, &target, span),
            (Type::Vector(a, n), Type::Vector(_, m)) if n == m => {
                let _ = a;
                self.b
                    .expr(ExprKind::Splat { value: v }, target.clone(), span)
            }
            (Type::Pointer { space, .. }, Type::Pointer { .. }) => {
                let t = super::types::with_top_space(&target, *space);
                self.b.expr(ExprKind::PtrCast { ptr: v }, t, span)
            }
            (Type::Scalar(s), Type::Pointer { .. }) if s.is_int() => {
                if super::convert::is_null_literal(self, v) {
                    self.null_ptr(&target, span)
                } else if reinterpret {
                    let w = self.b.convert(v, &Type::Scalar(Scalar::U64), span);
                    self.b
                        .expr(ExprKind::Bitcast { arg: w }, target.clone(), span)
                } else {
                    return Err(self.bad_cast(&from, &target, span));
                }
            }
            (Type::Pointer { .. }, Type::Scalar(s)) if s.is_int() && reinterpret => {
                let w = self.b.expr(
                    ExprKind::Bitcast { arg: v },
                    Type::Scalar(Scalar::U64),
                    span,
                );
                self.b.convert(w, &target, span)
            }
            (Type::Scalar(_) | Type::Vector(..), Type::Scalar(_) | Type::Vector(..))
                if kind == ast::CastKind::Reinterpret
                    && self.sema.module.size_align(&from).0
                        == self.sema.module.size_align(&target).0 =>
            {
                self.b
                    .expr(ExprKind::Bitcast { arg: v }, target.clone(), span)
            }
            _ => return Err(self.bad_cast(&from, &target, span)),
        };
        let ty = self.b.ty(out).clone();
        Ok(Operand::value(out, ty, span))
    }

    fn bad_cast(&self, from: &Type, to: &Type, span: Span) -> Diagnostic {
        self.err(
            span,
            format!(
                "cannot convert `{}` to `{}`",
                self.sema.type_name(from),
                self.sema.type_name(to)
            ),
        )
    }

    /// The all-zero value of a type.
    pub fn zero_value(&mut self, ty: &Type, span: Span) -> Result<ExprId, Diagnostic> {
        Ok(match ty {
            Type::Scalar(Scalar::Bool) => self.b.bool(false, span),
            Type::Scalar(s) if s.is_float() => self.b.float(0.0, *s, span),
            Type::Scalar(s) => self.b.int(0, *s, span),
            Type::Vector(s, _) => {
                let z = self.zero_value(&Type::Scalar(*s), span)?;
                self.b.expr(ExprKind::Splat { value: z }, ty.clone(), span)
            }
            Type::Pointer { .. } => self.null_ptr(ty, span),
            Type::Array(elem, n) => {
                if *n > 65_536 {
                    return Err(self.unsupported(
                        span,
                        "initialising local arrays of more than 65536 elements",
                    ));
                }
                let z = self.zero_value(elem, span)?;
                let components = vec![z; *n as usize];
                self.b
                    .expr(ExprKind::Compose { components }, ty.clone(), span)
            }
            Type::Struct(id) => {
                let fields: Vec<Type> = self
                    .sema
                    .module
                    .structs
                    .get(id.0 as usize)
                    .map(|s| s.fields.iter().map(|f| f.ty.clone()).collect())
                    .unwrap_or_default();
                let mut components = Vec::new();
                for f in &fields {
                    components.push(self.zero_value(f, span)?);
                }
                self.b
                    .expr(ExprKind::Compose { components }, ty.clone(), span)
            }
            Type::Void => return Err(self.err(span, "cannot make a `void` value")),
        })
    }

    /// The element types of an aggregate, in initialisation order, with
    /// field names for designators.
    pub fn aggregate_elements(&self, ty: &Type) -> Option<Vec<(Option<String>, Type)>> {
        match ty {
            Type::Vector(s, n) => Some(
                ["x", "y", "z", "w"]
                    .iter()
                    .take(usize::from(*n))
                    .map(|c| (Some((*c).to_string()), Type::Scalar(*s)))
                    .collect(),
            ),
            Type::Array(elem, n) if *n <= 65_536 => {
                Some(vec![(None, (**elem).clone()); *n as usize])
            }
            Type::Struct(id) => self.sema.module.structs.get(id.0 as usize).map(|s| {
                let fields = s
                    .fields
                    .iter()
                    .map(|f| (Some(f.name.clone()), f.ty.clone()));
                if s.is_union {
                    fields.take(1).collect()
                } else {
                    fields.collect()
                }
            }),
            _ => None,
        }
    }

    /// A braced list as a value of `ty` (missing elements are zero).
    pub fn lower_init_list(
        &mut self,
        elems: &'a [ast::InitElem],
        ty: &Type,
        span: Span,
    ) -> Result<ExprId, Diagnostic> {
        if let Type::Scalar(_) | Type::Pointer { .. } = ty {
            return match elems {
                [] => self.zero_value(ty, span),
                [one] => self.lower_initializer(&one.value, ty, span),
                _ => Err(self.err(span, "excess elements in scalar initializer")),
            };
        }
        if let Type::Struct(_) = ty {
            if self.has_user_ctor(ty) {
                let args: Vec<&'a ast::Expr> = elems
                    .iter()
                    .filter_map(|e| match &e.value {
                        ast::Initializer::Expr(x) => Some(x),
                        _ => None,
                    })
                    .collect();
                if args.len() == elems.len() {
                    let mut ops = Vec::new();
                    for a in args {
                        ops.push(self.lower_expr(a)?);
                    }
                    let op = self.construct_from_operands(ty, ops, span)?;
                    return self.convert_operand(op, ty);
                }
            }
        }
        let Some(slots) = self.aggregate_elements(ty) else {
            return Err(self.err(
                span,
                format!(
                    "cannot initialise a value of type `{}` with a braced list",
                    self.sema.type_name(ty)
                ),
            ));
        };
        let mut values: Vec<Option<ExprId>> = vec![None; slots.len()];
        let mut next = 0usize;
        for el in elems {
            if let Some(d) = &el.designator {
                match slots
                    .iter()
                    .position(|(n, _)| n.as_deref() == Some(d.name.as_str()))
                {
                    Some(i) => next = i,
                    None => {
                        return Err(self.err(
                            d.span,
                            format!(
                                "no member named `{}` in `{}`",
                                d.name,
                                self.sema.type_name(ty)
                            ),
                        ))
                    }
                }
            }
            let Some((_, ety)) = slots.get(next).cloned() else {
                let es = match &el.value {
                    ast::Initializer::Expr(e) => e.span,
                    ast::Initializer::List(_, s) | ast::Initializer::Ctor(_, s) => *s,
                };
                return Err(self.err(
                    es,
                    format!(
                        "excess elements in {} initializer",
                        super::kernels::aggregate_kind(ty)
                    ),
                ));
            };
            let v = self.lower_initializer(&el.value, &ety, span)?;
            if let Some(slot) = values.get_mut(next) {
                *slot = Some(v);
            }
            next += 1;
        }
        let mut components = Vec::with_capacity(slots.len());
        let mut zeros: std::collections::HashMap<String, ExprId> = Default::default();
        for (v, (_, ety)) in values.into_iter().zip(slots.iter()) {
            match v {
                Some(v) => components.push(v),
                None => {
                    let key = format!("{ety:?}");
                    let z = match zeros.get(&key) {
                        Some(z) => *z,
                        None => {
                            let z = self.zero_value(ety, span)?;
                            zeros.insert(key, z);
                            z
                        }
                    };
                    components.push(z);
                }
            }
        }
        Ok(self
            .b
            .expr(ExprKind::Compose { components }, ty.clone(), span))
    }

    /// An initialiser as a value of `ty`.
    pub fn lower_initializer(
        &mut self,
        init: &'a ast::Initializer,
        ty: &Type,
        span: Span,
    ) -> Result<ExprId, Diagnostic> {
        match init {
            ast::Initializer::Expr(e) => self.lower_expect(e, ty),
            ast::Initializer::List(elems, s) => self.lower_init_list(elems, ty, *s),
            ast::Initializer::Ctor(args, s) => {
                let _ = span;
                let op = self.construct(ty, args, false, *s)?;
                self.convert_operand(op, ty)
            }
        }
    }
}
