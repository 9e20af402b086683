//! Expression lowering: values, names, operators, member access, casts.

use super::cx::{ConstVal, Decl};
use super::func::{Binding, FnLower};
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, BinaryOp, BuiltinValue, Dim, ExprId, ExprKind, Scalar, Type};
use crate::parse::ast::{self, ExprKind as E, UnaryOp};
use crate::source::Span;

/// An lowered expression: a value or a place in memory.
#[derive(Debug, Clone)]
pub(crate) struct Operand {
    /// Value or place.
    pub kind: OpKind,
    /// The type of the value (for a place: of the object).
    pub ty: Type,
    /// The source expression.
    pub span: Span,
}

/// Value or place.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OpKind {
    /// An rvalue.
    Value(ExprId),
    /// An lvalue: the object at `ptr`.
    Place {
        /// Pointer to the object.
        ptr: ExprId,
        /// A `volatile` object.
        volatile: bool,
    },
}

impl Operand {
    /// An rvalue operand.
    pub fn value(e: ExprId, ty: Type, span: Span) -> Self {
        Self {
            kind: OpKind::Value(e),
            ty,
            span,
        }
    }

    /// An lvalue operand.
    pub fn place(ptr: ExprId, ty: Type, span: Span) -> Self {
        Self {
            kind: OpKind::Place {
                ptr,
                volatile: false,
            },
            ty,
            span,
        }
    }
}

/// The IR binary operator for an AST one.
pub(crate) fn ir_binop(op: ast::BinaryOp) -> BinaryOp {
    use ast::BinaryOp as A;
    match op {
        A::Mul => BinaryOp::Mul,
        A::Div => BinaryOp::Div,
        A::Rem => BinaryOp::Rem,
        A::Add => BinaryOp::Add,
        A::Sub => BinaryOp::Sub,
        A::Shl => BinaryOp::Shl,
        A::Shr => BinaryOp::Shr,
        A::Lt => BinaryOp::Lt,
        A::Gt => BinaryOp::Gt,
        A::Le => BinaryOp::Le,
        A::Ge => BinaryOp::Ge,
        A::Eq => BinaryOp::Eq,
        A::Ne => BinaryOp::Ne,
        A::BitAnd => BinaryOp::BitAnd,
        A::BitXor => BinaryOp::BitXor,
        A::BitOr => BinaryOp::BitOr,
        A::LogicalAnd => BinaryOp::LogicalAnd,
        A::LogicalOr => BinaryOp::LogicalOr,
    }
}

/// The C++ spelling of a binary operator.
pub(crate) fn binop_symbol(op: ast::BinaryOp) -> &'static str {
    use ast::BinaryOp as A;
    match op {
        A::Mul => "*",
        A::Div => "/",
        A::Rem => "%",
        A::Add => "+",
        A::Sub => "-",
        A::Shl => "<<",
        A::Shr => ">>",
        A::Lt => "<",
        A::Gt => ">",
        A::Le => "<=",
        A::Ge => ">=",
        A::Eq => "==",
        A::Ne => "!=",
        A::BitAnd => "&",
        A::BitXor => "^",
        A::BitOr => "|",
        A::LogicalAnd => "&&",
        A::LogicalOr => "||",
    }
}

/// The built-in `dim3` variable a name denotes.
pub(crate) fn builtin_dim3(name: &str) -> Option<fn(Dim) -> BuiltinValue> {
    Some(match name {
        "threadIdx" => BuiltinValue::ThreadIdx,
        "blockIdx" => BuiltinValue::BlockIdx,
        "blockDim" => BuiltinValue::BlockDim,
        "gridDim" => BuiltinValue::GridDim,
        _ => return None,
    })
}

impl<'s, 'a> FnLower<'s, 'a> {
    /// The value of an operand (loads places; arrays decay to pointers).
    pub fn rvalue(&mut self, op: Operand) -> Result<(ExprId, Type), Diagnostic> {
        match op.kind {
            OpKind::Value(e) => Ok((e, op.ty)),
            OpKind::Place { ptr, volatile } => {
                if let Type::Array(elem, _) = &op.ty {
                    let space = self.space_of(ptr);
                    let ty = Type::ptr((**elem).clone(), space);
                    let zero = self.b.int(0, Scalar::I32, op.span);
                    let e = self.b.expr(
                        ExprKind::ElementPtr { ptr, index: zero },
                        ty.clone(),
                        op.span,
                    );
                    return Ok((e, ty));
                }
                if op.ty == Type::Void {
                    return Err(self.err(op.span, "cannot use a `void` value"));
                }
                let hint = match self.b.ty(ptr) {
                    Type::Pointer {
                        read_only: true,
                        restrict: true,
                        space: AddrSpace::Global,
                        ..
                    } => ir::CacheHint::ReadOnly,
                    _ => ir::CacheHint::Default,
                };
                let e = self.b.expr(
                    ExprKind::Load {
                        ptr,
                        hint,
                        volatile,
                    },
                    op.ty.clone(),
                    op.span,
                );
                Ok((e, op.ty))
            }
        }
    }

    /// A pointer to a part of `*base` (element or field): same space and
    /// constness as `base`.
    pub fn derived_ptr(&self, base: ExprId, pointee: Type) -> Type {
        match self.b.ty(base) {
            Type::Pointer {
                space, read_only, ..
            } => Type::Pointer {
                pointee: Box::new(pointee),
                space: *space,
                read_only: *read_only,
                restrict: false,
            },
            _ => Type::ptr(pointee, AddrSpace::Generic),
        }
    }

    /// The address space of a pointer expression.
    pub fn space_of(&self, ptr: ExprId) -> AddrSpace {
        match self.b.ty(ptr) {
            Type::Pointer { space, .. } => *space,
            _ => AddrSpace::Generic,
        }
    }

    /// Lowers an expression to its value.
    pub fn lower_value(&mut self, e: &'a ast::Expr) -> Result<(ExprId, Type), Diagnostic> {
        let op = self.lower_expr(e)?;
        self.rvalue(op)
    }

    /// Lowers an expression to a value of `ty` (braced lists allowed).
    pub fn lower_expect(&mut self, e: &'a ast::Expr, ty: &Type) -> Result<ExprId, Diagnostic> {
        if let E::InitList(elems) = &e.kind {
            return self.lower_init_list(elems, ty, e.span);
        }
        let op = self.lower_expr(e)?;
        if let (Type::Struct(_), Type::Struct(_)) = (&op.ty, ty) {
            if &op.ty != ty {
                return self.construct_from_args(ty, std::slice::from_ref(e), e.span);
            }
        }
        self.convert_operand(op, ty)
    }

    /// Lowers an expression whose value is unused.
    pub fn lower_discard(&mut self, e: &'a ast::Expr) -> Result<(), Diagnostic> {
        match &e.kind {
            E::Assign { op, lhs, rhs } => {
                self.lower_assign(*op, lhs, rhs, e.span, false)?;
            }
            E::Unary { op, expr }
                if matches!(
                    op,
                    UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec
                ) =>
            {
                self.lower_incdec(*op, expr, e.span, false)?;
            }
            E::Comma(a, b) => {
                self.lower_discard(a)?;
                self.lower_discard(b)?;
            }
            E::Cast { ty, expr, .. }
                if matches!(ty.kind, ast::TypeKind::Builtin(ast::BuiltinType::Void)) =>
            {
                self.lower_discard(expr)?;
            }
            _ => {
                let op = self.lower_expr(e)?;
                if op.ty != Type::Void {
                    if let OpKind::Value(v) = op.kind {
                        if self.contains_load(v) {
                            self.b.emit(ir::StmtKind::Eval(v), e.span);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Does an expression read memory?
    pub fn contains_load(&self, e: ExprId) -> bool {
        let mut stack = vec![e];
        let mut seen = 0;
        while let Some(h) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                return true;
            }
            let Some(x) = self.b.func.exprs.try_get(h) else {
                continue;
            };
            match &x.kind {
                ExprKind::Load { .. } => return true,
                ExprKind::PtrOffset { ptr, offset } => stack.extend([*ptr, *offset]),
                ExprKind::ElementPtr { ptr, index } => stack.extend([*ptr, *index]),
                ExprKind::MemberPtr { ptr, .. } | ExprKind::PtrCast { ptr } => stack.push(*ptr),
                ExprKind::Unary { arg, .. }
                | ExprKind::Convert { arg, .. }
                | ExprKind::Bitcast { arg } => stack.push(*arg),
                ExprKind::Binary { lhs, rhs, .. } => stack.extend([*lhs, *rhs]),
                ExprKind::Select {
                    cond,
                    accept,
                    reject,
                } => stack.extend([*cond, *accept, *reject]),
                ExprKind::Compose { components } => stack.extend(components.iter().copied()),
                ExprKind::Intrinsic { args, .. } => stack.extend(args.iter().copied()),
                ExprKind::Extract { value, .. } | ExprKind::Splat { value } => stack.push(*value),
                _ => {}
            }
        }
        false
    }

    /// A void operand (the value of a void call or `(void)x`).
    pub fn void_operand(&mut self, span: Span) -> Operand {
        let e = self.b.int(0, Scalar::I32, span);
        Operand::value(e, Type::Void, span)
    }

    /// A constant as an operand.
    pub fn const_operand(&mut self, v: ConstVal, span: Span) -> Operand {
        let ty = Type::Scalar(v.scalar());
        let e = self
            .b
            .expr(ExprKind::Literal(v.literal()), ty.clone(), span);
        Operand::value(e, ty, span)
    }

    /// Lowers an expression.
    pub fn lower_expr(&mut self, e: &'a ast::Expr) -> Result<Operand, Diagnostic> {
        self.sema.depth += 1;
        let r = if self.sema.depth > 200 {
            Err(self.err(e.span, "expression is nested too deeply"))
        } else {
            self.lower_expr_inner(e)
        };
        self.sema.depth -= 1;
        r
    }

    fn lower_expr_inner(&mut self, e: &'a ast::Expr) -> Result<Operand, Diagnostic> {
        let span = e.span;
        match &e.kind {
            E::IntLit { .. } | E::FloatLit { .. } | E::CharLit(_) | E::BoolLit(_) => {
                let v = self.const_eval(e)?;
                Ok(self.const_operand(v, span))
            }
            E::StringLit(_) => Err(self.unsupported(span, "string literals in device code")),
            E::Nullptr => {
                let ty = Type::ptr(Type::Void, AddrSpace::Generic);
                let p = self.null_ptr(&ty, span);
                Ok(Operand::value(p, ty, span))
            }
            E::This => match &self.this_ty {
                Some(t) => {
                    let t = t.clone();
                    let p = self.b.expr(ExprKind::Param(0), t.clone(), span);
                    Ok(Operand::value(p, t, span))
                }
                None => Err(self.err(span, "invalid use of `this` outside of a member function")),
            },
            E::Path(path) => self.lower_path(path, span),
            E::Unary { op, expr } => self.lower_unary(*op, expr, span),
            E::Binary { op, lhs, rhs } => self.lower_binary_expr(*op, lhs, rhs, span),
            E::Assign { op, lhs, rhs } => self.lower_assign(*op, lhs, rhs, span, true),
            E::Cond { cond, then, else_ } => self.lower_cond(cond, then, else_, span),
            E::Comma(a, b) => {
                self.lower_discard(a)?;
                self.lower_expr(b)
            }
            E::Call { callee, args } => self.lower_call(callee, args, span),
            E::Index { base, index } => self.lower_index(base, index, span),
            E::Member {
                base,
                member,
                arrow,
            } => self.lower_member(base, member, *arrow, span),
            E::Cast { kind, ty, expr } => self.lower_cast(*kind, ty, expr, span),
            E::Construct { ty, args, braces } => {
                let q = self.resolve_type(ty)?;
                self.construct(&q.ty, args, *braces, span)
            }
            E::InitList(_) => Err(self
                .err(span, "a braced initialiser list cannot be used here")
                .with_help("write the type before the braces, e.g. `float2{a, b}`")),
            E::SizeofType(t) => {
                let q = self.resolve_type(t)?;
                let (size, _) = self.sema.module.size_align(&q.ty);
                Ok(self.const_operand(ConstVal::Int(i128::from(size), Scalar::U64), span))
            }
            E::AlignofType(t) => {
                let q = self.resolve_type(t)?;
                let (_, align) = self.sema.module.size_align(&q.ty);
                Ok(self.const_operand(ConstVal::Int(i128::from(align), Scalar::U64), span))
            }
            E::SizeofExpr(inner) if self.expr_names_type(inner) => {
                let E::Path(p) = &inner.kind else {
                    return Err(self.err(span, "expected a type"));
                };
                let ty = ast::Type {
                    kind: ast::TypeKind::Named(p.clone()),
                    is_const: false,
                    is_volatile: false,
                    span: inner.span,
                };
                let q = self.resolve_type(&ty)?;
                let (size, _) = self.sema.module.size_align(&q.ty);
                Ok(self.const_operand(ConstVal::Int(i128::from(size), Scalar::U64), span))
            }
            E::SizeofExpr(inner) => {
                self.b.push_block();
                let r = self.lower_expr(inner);
                let _ = self.b.pop_block();
                let op = r?;
                let (size, _) = self.sema.module.size_align(&op.ty);
                Ok(self.const_operand(ConstVal::Int(i128::from(size), Scalar::U64), span))
            }
            E::Lambda { .. } => Err(self.unsupported(
                span,
                "lambdas other than ones called directly or stored in an `auto` local",
            )),
            E::Launch { .. } => Err(self.unsupported(
                span,
                "launching a kernel from device code (dynamic parallelism)",
            )),
            E::Unsupported(what) => {
                let what = if what.contains("throw") || what.contains("try") {
                    "exceptions".to_string()
                } else {
                    what.trim_end_matches(" expressions")
                        .trim_end_matches(" expression")
                        .to_string()
                };
                Err(self.unsupported(span, format!("{what} in device code")))
            }
        }
    }

    /// Is the expression a bare name of a type (`sizeof(T)` parsed as an
    /// expression)?
    pub fn expr_names_type(&mut self, e: &ast::Expr) -> bool {
        let E::Path(p) = &e.kind else { return false };
        if p.segments.len() == 1 && !p.global {
            match self.lookup_local(p.last_name()) {
                Some(Binding::Alias(_)) => return true,
                Some(_) => return false,
                None => {}
            }
        }
        matches!(
            self.lookup_scope(p).ok().and_then(|d| d.into_iter().next()),
            Some(
                Decl::Type(_)
                    | Decl::Struct(_)
                    | Decl::StructTemplate(_)
                    | Decl::Typedef { .. }
                    | Decl::Enum { .. }
            )
        )
    }

    /// Lowers a name.
    pub fn lower_path(&mut self, path: &ast::Path, span: Span) -> Result<Operand, Diagnostic> {
        let name = path.last_name().to_string();
        let simple = path.segments.len() == 1 && !path.global;
        if simple {
            if let Some(b) = self.lookup_local(&name).cloned() {
                return self.binding_operand(&name, b, span);
            }
            if let Some(op) = self.implicit_member(&name, span)? {
                return Ok(op);
            }
        }
        let found = self.lookup_scope(path)?;
        match found.first() {
            Some(Decl::Const(v)) => Ok(self.const_operand(*v, span)),
            Some(Decl::Var { decl, scope }) => {
                let (decl, scope) = (*decl, *scope);
                match self.sema.const_var_value(decl, scope)? {
                    Some(v) => Ok(self.const_operand(v, span)),
                    None => Err(self
                        .err(span, format!("identifier `{name}` is undefined in device code"))
                        .with_help("declare it `__device__`, `__constant__` or `constexpr` to use it in device code")),
                }
            }
            Some(Decl::Global(id, ty)) => {
                let (id, ty) = (*id, ty.clone());
                let space = self
                    .sema
                    .module
                    .globals
                    .get(id.0 as usize)
                    .map_or(AddrSpace::Global, |g| g.space);
                let p = self
                    .b
                    .expr(ExprKind::GlobalPtr(id), Type::ptr(ty.clone(), space), span);
                Ok(Operand::place(p, ty, span))
            }
            Some(Decl::Function(_)) => {
                Err(self.unsupported(span, "function pointers in device code"))
            }
            Some(_) => Err(self.err(span, format!("`{name}` does not refer to a value"))),
            None => {
                if simple {
                    if let Some(f) = builtin_dim3(&name) {
                        let parts: Vec<ExprId> = [Dim::X, Dim::Y, Dim::Z]
                            .into_iter()
                            .map(|d| {
                                self.b.expr(
                                    ExprKind::Builtin(f(d)),
                                    Type::Scalar(Scalar::U32),
                                    span,
                                )
                            })
                            .collect();
                        let ty = Type::Vector(Scalar::U32, 3);
                        let v =
                            self.b
                                .expr(ExprKind::Compose { components: parts }, ty.clone(), span);
                        return Ok(Operand::value(v, ty, span));
                    }
                    if name == "warpSize" {
                        let v = self.b.expr(
                            ExprKind::Builtin(BuiltinValue::WarpSize),
                            Type::Scalar(Scalar::I32),
                            span,
                        );
                        return Ok(Operand::value(v, Type::Scalar(Scalar::I32), span));
                    }
                }
                Err(self.undeclared(&name, span))
            }
        }
    }

    /// "use of undeclared identifier" with a suggestion.
    pub fn undeclared(&self, name: &str, span: Span) -> Diagnostic {
        let mut d = self
            .err(span, format!("use of undeclared identifier `{name}`"))
            .with_label("not found in this scope");
        let mut names: Vec<String> = self.sema.visible_names(self.scope);
        for s in &self.locals {
            names.extend(s.keys().cloned());
        }
        if let Some(k) = self.owner.and_then(|k| self.sema.struct_info(k)) {
            names.extend(k.fields.iter().map(|(n, _)| n.clone()));
        }
        if let Some(s) = super::scope::similar_name(name, names.iter().map(String::as_str)) {
            d = d.with_help(format!("a name with a similar name exists: `{s}`"));
        }
        d
    }

    /// The operand a local binding denotes.
    fn binding_operand(
        &mut self,
        name: &str,
        b: Binding<'a>,
        span: Span,
    ) -> Result<Operand, Diagnostic> {
        match b {
            Binding::Var {
                local,
                ty,
                is_ref,
                volatile,
                ..
            } => {
                let lp = self.local_ptr(local, span);
                let ptr = if is_ref {
                    let pty = self.b.ty(lp).pointee().cloned().unwrap_or(Type::Void);
                    self.b.expr(
                        ExprKind::Load {
                            ptr: lp,
                            hint: ir::CacheHint::Default,
                            volatile: false,
                        },
                        pty,
                        span,
                    )
                } else if self.const_locals.contains(&local) {
                    let t = self.b.ty(lp).clone();
                    let ro = match t {
                        Type::Pointer {
                            pointee,
                            space,
                            restrict,
                            ..
                        } => Type::Pointer {
                            pointee,
                            space,
                            read_only: true,
                            restrict,
                        },
                        other => other,
                    };
                    self.b.expr(ExprKind::LocalPtr(local), ro, span)
                } else {
                    lp
                };
                Ok(Operand {
                    kind: OpKind::Place { ptr, volatile },
                    ty,
                    span,
                })
            }
            Binding::Global(id, ty) => {
                let space = self
                    .sema
                    .module
                    .globals
                    .get(id.0 as usize)
                    .map_or(AddrSpace::Shared, |g| g.space);
                let p = self
                    .b
                    .expr(ExprKind::GlobalPtr(id), Type::ptr(ty.clone(), space), span);
                Ok(Operand::place(p, ty, span))
            }
            Binding::Dynamic(id, ty) => Ok(self.dynamic_place(id, ty, span)),
            Binding::Const(v) => Ok(self.const_operand(v, span)),
            Binding::Alias(_) => Err(self.err(span, format!("`{name}` is a type, not a value"))),
            Binding::Lambda(_) => {
                Err(self.unsupported(span, "using a lambda other than by calling it"))
            }
        }
    }

    /// A field of `this` named without `this->`.
    fn implicit_member(&mut self, name: &str, span: Span) -> Result<Option<Operand>, Diagnostic> {
        let (Some(owner), Some(this_ty)) = (self.owner, self.this_ty.clone()) else {
            return Ok(None);
        };
        let Some((index, fty)) = self.sema.find_field(owner, name) else {
            return Ok(None);
        };
        let this = self.b.expr(ExprKind::Param(0), this_ty.clone(), span);
        let space = match &this_ty {
            Type::Pointer { space, .. } => *space,
            _ => AddrSpace::Generic,
        };
        let p = self.b.expr(
            ExprKind::MemberPtr { ptr: this, index },
            Type::ptr(fty.clone(), space),
            span,
        );
        Ok(Some(Operand::place(p, fty, span)))
    }
}
