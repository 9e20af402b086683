//! Local declarations: variables (with `auto`, references, arrays,
//! constructors), `__shared__` and `extern __shared__` arrays, local items.

use super::cx::ConstVal;
use super::expr::{OpKind, Operand};
use super::func::{Binding, FnLower};
use super::types::with_top_space;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, ExprKind, GlobalId, Type};
use crate::parse::ast::{self, TypeKind};
use crate::source::Span;

/// Is the written type `auto` (possibly `auto&`, `auto*`, `const auto`)?
fn is_auto(ty: &ast::Type) -> bool {
    match &ty.kind {
        TypeKind::Auto => true,
        TypeKind::Reference { referee, .. } => is_auto(referee),
        TypeKind::Pointer { pointee, .. } => is_auto(pointee),
        _ => false,
    }
}

/// Does the written type involve a function type (a function pointer)?
fn has_function_type(ty: &ast::Type) -> bool {
    match &ty.kind {
        TypeKind::Function { .. } => true,
        TypeKind::Pointer { pointee: t, .. }
        | TypeKind::Reference { referee: t, .. }
        | TypeKind::Array { elem: t, .. } => has_function_type(t),
        _ => false,
    }
}

impl<'s, 'a> FnLower<'s, 'a> {
    /// Lowers a local item (typedef, struct, enum, `static_assert`).
    pub fn lower_local_item(&mut self, item: &'a ast::Item) -> Result<(), Diagnostic> {
        match &item.kind {
            ast::ItemKind::Typedef(t) => {
                let q = self.resolve_type(&t.ty)?;
                self.bind(&t.name.name, Binding::Alias(q.ty));
                Ok(())
            }
            ast::ItemKind::StaticAssert(sa) => {
                let v = self.const_eval(&sa.cond)?;
                self.sema.static_assert_result(sa, v)
            }
            ast::ItemKind::Struct(def) => {
                let scope = self.scope;
                if let Some(key) = self.sema.collect_struct(def, scope) {
                    let id = self.sema.complete_struct(key, def.span)?;
                    if let Some(n) = &def.name {
                        self.bind(&n.name, Binding::Alias(Type::Struct(id)));
                    }
                    for d in &def.declarators {
                        self.lower_local_decl(d)?;
                    }
                }
                Ok(())
            }
            ast::ItemKind::Enum(def) => {
                let underlying = match &def.underlying {
                    Some(t) => self
                        .resolve_type(t)?
                        .ty
                        .element_scalar()
                        .unwrap_or(crate::ir::Scalar::I32),
                    None => crate::ir::Scalar::I32,
                };
                if let Some(n) = &def.name {
                    self.bind(&n.name, Binding::Alias(Type::Scalar(underlying)));
                }
                let mut next: i128 = 0;
                for (ident, value) in &def.variants {
                    if let Some(e) = value {
                        next = self.const_eval(e)?.as_int();
                    }
                    let v =
                        ConstVal::Int(super::const_eval::wrap_int(next, underlying), underlying);
                    self.bind(&ident.name, Binding::Const(v));
                    next = next.wrapping_add(1);
                }
                Ok(())
            }
            ast::ItemKind::UsingNamespace(_)
            | ast::ItemKind::UsingDecl(_)
            | ast::ItemKind::Empty => {
                let scope = self.scope;
                let mut d = super::items::Deferred::default();
                self.sema.collect_item(item, scope, &mut d);
                Ok(())
            }
            _ => Err(self.unsupported(item.span, "this kind of local declaration")),
        }
    }

    /// Lowers one local variable declaration.
    pub fn lower_local_decl(&mut self, d: &'a ast::VarDecl) -> Result<(), Diagnostic> {
        if self
            .locals
            .last()
            .is_some_and(|s| s.contains_key(&d.name.name))
        {
            return Err(self.err(d.name.span, format!("redefinition of `{}`", d.name.name)));
        }
        let r = self.lower_local_decl_inner(d);
        if r.is_err()
            && !self
                .locals
                .last()
                .is_some_and(|s| s.contains_key(&d.name.name))
        {
            // Bind the name anyway so later uses do not cascade into
            // "undeclared identifier" errors.
            let local = self.b.add_local(
                d.name.name.clone(),
                Type::Scalar(crate::ir::Scalar::I32),
                d.span,
            );
            self.bind(
                &d.name.name,
                Binding::Var {
                    local,
                    ty: Type::Scalar(crate::ir::Scalar::I32),
                    is_ref: false,
                    konst: None,
                    volatile: false,
                },
            );
        }
        r
    }

    fn lower_local_decl_inner(&mut self, d: &'a ast::VarDecl) -> Result<(), Diagnostic> {
        let q = &d.quals;
        if q.shared {
            return self.lower_shared_decl(d);
        }
        if q.constant || q.device || q.managed {
            let which = if q.constant {
                "__constant__"
            } else if q.managed {
                "__managed__"
            } else {
                "__device__"
            };
            return Err(self.err(
                d.name.span,
                format!("`{which}` variables cannot be declared inside a function"),
            ));
        }
        if q.thread_local {
            return Err(self.unsupported(d.span, "`thread_local` in device code"));
        }
        let name = d.name.name.clone();
        {
            let scope = self.scope;
            let mut deferred = super::items::Deferred::default();
            self.sema.collect_inline_type(&d.ty, scope, &mut deferred);
        }
        if is_auto(&d.ty) {
            return self.lower_auto_decl(d);
        }
        if has_function_type(&d.ty) {
            return Err(self.unsupported(d.name.span, "function pointers in device code"));
        }
        let mut qt = self.resolve_type(&d.ty)?;
        if q.is_static && !(q.constexpr || qt.is_const) {
            return Err(self.unsupported(d.span, "static local variables in device code"));
        }
        if qt.ty == Type::Void {
            return Err(self.err(
                d.name.span,
                format!("variable `{name}` cannot have type `void`"),
            ));
        }
        if qt.reference {
            let Some(init) = &d.init else {
                return Err(self.err(
                    d.span,
                    format!("declaration of reference variable `{name}` requires an initialiser"),
                ));
            };
            let e = match init {
                ast::Initializer::Expr(e) => e,
                ast::Initializer::List(..) | ast::Initializer::Ctor(..) => {
                    return Err(self.unsupported(d.span, "reference initialised from a braced list"))
                }
            };
            let op = self.lower_expr(e)?;
            return self.bind_reference(&name, op, &qt.ty, qt.is_const, d.span);
        }
        // `int a[] = {1, 2, 3}`: the size comes from the list.
        if let (Type::Array(elem, 0), Some(ast::Initializer::List(elems, _))) = (&qt.ty, &d.init) {
            qt.ty = Type::Array(elem.clone(), elems.len() as u64);
        }
        if let Some(ast::Initializer::Expr(e)) = &d.init {
            self.check_scoped_enum_init(e, &d.ty, &qt.ty)?;
        }
        let slot = (d.span.lo, d.span.hi);
        if qt.ty.is_pointer() {
            if let Some(space) = self.ptr_spaces.get(&slot) {
                qt.ty = with_top_space(&qt.ty, *space);
            }
        }
        let mut konst = None;
        if d.init.is_none() && (qt.is_const || q.constexpr) && !matches!(qt.ty, Type::Struct(_)) {
            let which = if q.constexpr { "constexpr" } else { "const" };
            return Err(self.err(
                d.name.span,
                format!("`{which}` variable `{name}` needs an initializer"),
            ));
        }
        let value = match &d.init {
            None => {
                if let Type::Struct(_) = qt.ty {
                    if self.has_user_ctor(&qt.ty) {
                        let local = self.b.add_local(name.clone(), qt.ty.clone(), d.span);
                        self.run_ctor(local, &qt.ty, Vec::new(), d.span)?;
                        self.bind_var(&name, local, qt.ty.clone(), None, qt.is_volatile);
                        return Ok(());
                    }
                }
                None
            }
            Some(ast::Initializer::Ctor(args, s))
                if matches!(qt.ty, Type::Struct(_)) && self.has_user_ctor(&qt.ty) =>
            {
                let ops = self.lower_args(args)?;
                let local = self.b.add_local(name.clone(), qt.ty.clone(), d.span);
                self.run_ctor(local, &qt.ty, ops, *s)?;
                self.bind_var(&name, local, qt.ty.clone(), None, qt.is_volatile);
                return Ok(());
            }
            Some(init) => {
                if let (true, ast::Initializer::Expr(e), Type::Scalar(s)) =
                    (qt.is_const || q.constexpr, init, &qt.ty)
                {
                    if let Ok(v) = self.const_eval(e) {
                        konst = Some(super::const_eval::cast_const(v, *s));
                    } else if q.constexpr {
                        return Err(self.err(e.span, format!("constexpr variable `{name}` must be initialised by a constant expression")));
                    }
                }
                let target = if qt.ty.is_pointer() && !self.ptr_spaces.contains_key(&slot) {
                    with_top_space(&qt.ty, AddrSpace::Generic)
                } else {
                    qt.ty.clone()
                };
                let v = self.lower_initializer(init, &target, d.span)?;
                if qt.ty.is_pointer() && !self.ptr_spaces.contains_key(&slot) {
                    let vt = self.b.ty(v).clone();
                    if let Type::Pointer { space, .. } = vt {
                        self.ptr_spaces.insert(slot, space);
                        qt.ty = with_top_space(&qt.ty, space);
                    }
                }
                Some(self.b.convert(v, &qt.ty, d.span))
            }
        };
        let local = self.b.add_local(name.clone(), qt.ty.clone(), d.span);
        if let Some(v) = value {
            let p = self.local_ptr(local, d.span);
            self.store(p, v, qt.is_volatile, d.span);
        }
        if qt.is_const {
            self.const_locals.insert(local);
        }
        self.bind_var(&name, local, qt.ty, konst, qt.is_volatile);
        Ok(())
    }

    /// The name of the scoped enum an expression's enumerator belongs to
    /// (`Mode::Fast` → `Mode`).
    fn scoped_enum_of(&mut self, e: &ast::Expr) -> Option<String> {
        let ast::ExprKind::Path(p) = &e.kind else {
            return None;
        };
        if p.segments.len() < 2 {
            return None;
        }
        let mut prefix = p.clone();
        prefix.segments.pop();
        let found = self.lookup_scope(&prefix).ok()?;
        match found.first() {
            Some(super::cx::Decl::Enum { scoped: true, .. }) => {
                Some(prefix.last_name().to_string())
            }
            _ => None,
        }
    }

    /// Rejects initialising a non-enum variable from an `enum class`
    /// enumerator (no implicit conversion in C++).
    fn check_scoped_enum_init(
        &mut self,
        e: &ast::Expr,
        declared: &ast::Type,
        ty: &Type,
    ) -> Result<(), Diagnostic> {
        let Some(enum_name) = self.scoped_enum_of(e) else {
            return Ok(());
        };
        let declared_is_enum = match &declared.kind {
            TypeKind::Named(p) => matches!(
                self.lookup_scope(p).ok().and_then(|d| d.into_iter().next()),
                Some(super::cx::Decl::Enum { scoped: true, .. })
            ),
            TypeKind::Auto => true,
            _ => false,
        };
        if declared_is_enum {
            return Ok(());
        }
        Err(self.err(
            e.span,
            format!(
                "cannot convert `{enum_name}` to `{}`",
                self.sema.type_name(ty)
            ),
        ))
    }

    fn bind_var(
        &mut self,
        name: &str,
        local: ir::LocalId,
        ty: Type,
        konst: Option<ConstVal>,
        volatile: bool,
    ) {
        self.bind(
            name,
            Binding::Var {
                local,
                ty,
                is_ref: false,
                konst,
                volatile,
            },
        );
    }

    /// Calls a constructor on a local.
    fn run_ctor(
        &mut self,
        local: ir::LocalId,
        ty: &Type,
        ops: Vec<Operand>,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let Some(ctors) = self.user_ctors(ty) else {
            return Ok(());
        };
        let ptr = self.local_ptr(local, span);
        let obj = Operand::place(ptr, ty.clone(), span);
        let name = self.sema.type_name(ty);
        self.resolve_and_call(&name, ctors, None, Some(obj), ops, span, span)?;
        Ok(())
    }

    /// Binds a reference local to an operand.
    fn bind_reference(
        &mut self,
        name: &str,
        op: Operand,
        ty: &Type,
        is_const: bool,
        span: Span,
    ) -> Result<(), Diagnostic> {
        let ptr = match op.kind {
            OpKind::Place { ptr, .. } if super::types::same_shape(&op.ty, ty) => ptr,
            _ if is_const => {
                let v = self.convert_operand(op, ty)?;
                self.b.materialize_ptr("ref", v, span)
            }
            _ => {
                return Err(self
                    .err(
                        span,
                        format!("non-const lvalue reference `{name}` cannot bind to a temporary"),
                    )
                    .with_label("this is not an lvalue of the referenced type"))
            }
        };
        let pty = self.b.ty(ptr).clone();
        let local = self.b.add_local(name.to_string(), pty, span);
        let lp = self.local_ptr(local, span);
        self.store(lp, ptr, false, span);
        self.bind(
            name,
            Binding::Var {
                local,
                ty: ty.clone(),
                is_ref: true,
                konst: None,
                volatile: false,
            },
        );
        Ok(())
    }

    /// `auto x = …`, `auto& r = …`, `auto f = [](…){…}`.
    fn lower_auto_decl(&mut self, d: &'a ast::VarDecl) -> Result<(), Diagnostic> {
        let name = d.name.name.clone();
        let Some(ast::Initializer::Expr(e)) = &d.init else {
            return Err(self.err(
                d.name.span,
                format!("`auto` variable `{name}` needs an initializer"),
            ));
        };
        if let ast::ExprKind::Lambda {
            capture_default,
            captures,
            params,
            ret,
            body,
        } = &e.kind
        {
            let l = self.make_lambda(*capture_default, captures, params, ret.as_ref(), body)?;
            self.bind(&name, Binding::Lambda(l));
            return Ok(());
        }
        let op = self.lower_expr(e)?;
        if matches!(d.ty.kind, TypeKind::Reference { .. }) {
            let ty = op.ty.clone();
            return self.bind_reference(&name, op, &ty, d.ty.is_const, d.span);
        }
        let (v, ty) = self.rvalue(op)?;
        if ty == Type::Void {
            return Err(self.err(
                e.span,
                format!("variable `{name}` has incomplete type `void`"),
            ));
        }
        let konst = if d.ty.is_const || d.quals.constexpr {
            self.const_eval(e).ok()
        } else {
            None
        };
        let slot = (d.span.lo, d.span.hi);
        let ty = match (self.ptr_spaces.get(&slot), &ty) {
            (Some(s), Type::Pointer { .. }) => with_top_space(&ty, *s),
            (None, Type::Pointer { space, .. }) => {
                self.ptr_spaces.insert(slot, *space);
                ty
            }
            _ => ty,
        };
        let v = self.b.convert(v, &ty, d.span);
        let local = self.b.add_local(name.clone(), ty.clone(), d.span);
        let p = self.local_ptr(local, d.span);
        self.store(p, v, false, d.span);
        self.bind_var(&name, local, ty, konst, d.ty.is_volatile);
        Ok(())
    }

    /// `__shared__ T x[N];` and `extern __shared__ T x[];`.
    fn lower_shared_decl(&mut self, d: &'a ast::VarDecl) -> Result<(), Diagnostic> {
        let name = d.name.name.clone();
        if d.init.is_some() {
            return Err(self
                .err(d.span, "initializer not allowed for `__shared__` variable")
                .with_help("assign the value in the kernel body, then synchronise"));
        }
        let qt = self.resolve_type(&d.ty)?;
        let ty = super::types::with_space(&qt.ty, AddrSpace::Generic);
        let (_, natural_align) = self.sema.module.size_align(&ty);
        let align = match &d.quals.align {
            Some(e) => (self.const_eval(e)?.as_int().clamp(1, 4096) as u32).max(natural_align),
            None => natural_align,
        };
        if d.quals.is_extern {
            let elem = match &ty {
                Type::Array(elem, _) => (**elem).clone(),
                other => other.clone(),
            };
            let ty = Type::Array(Box::new(elem), 0);
            let id = match self.sema.dynamic_shared {
                Some(id) => {
                    if let Some(g) = self.sema.module.globals.get_mut(id.0 as usize) {
                        g.align = g.align.max(align).max(16);
                    }
                    id
                }
                None => {
                    let id = GlobalId(self.sema.module.globals.len() as u32);
                    self.sema.module.globals.push(ir::Global {
                        name: name.clone(),
                        ty: ty.clone(),
                        space: AddrSpace::Shared,
                        init: None,
                        dynamic: true,
                        align: align.max(16),
                        span: d.span,
                    });
                    self.sema.dynamic_shared = Some(id);
                    id
                }
            };
            self.bind(&name, Binding::Dynamic(id, ty));
            return Ok(());
        }
        let key = (self.fn_name.clone(), d.span.lo, d.span.hi);
        let id = match self.sema.shared_locals.get(&key) {
            Some(id) => *id,
            None => {
                let id = GlobalId(self.sema.module.globals.len() as u32);
                self.sema.module.globals.push(ir::Global {
                    name: format!("{}::{}", self.fn_name, name),
                    ty: ty.clone(),
                    space: AddrSpace::Shared,
                    init: None,
                    dynamic: false,
                    align,
                    span: d.span,
                });
                self.sema.shared_locals.insert(key, id);
                id
            }
        };
        self.bind(&name, Binding::Global(id, ty));
        Ok(())
    }

    /// The place of an `extern __shared__` array: the one dynamic region,
    /// cast to this declaration's element type.
    pub fn dynamic_place(&mut self, id: GlobalId, ty: Type, span: Span) -> Operand {
        let gty = self
            .sema
            .module
            .globals
            .get(id.0 as usize)
            .map_or(Type::Void, |g| g.ty.clone());
        let gp = self.b.expr(
            ExprKind::GlobalPtr(id),
            Type::ptr(gty.clone(), AddrSpace::Shared),
            span,
        );
        let ptr = if gty == ty {
            gp
        } else {
            self.b.expr(
                ExprKind::PtrCast { ptr: gp },
                Type::ptr(ty.clone(), AddrSpace::Shared),
                span,
            )
        };
        Operand::place(ptr, ty, span)
    }
}
