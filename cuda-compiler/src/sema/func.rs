//! Lowering one function instance: the per-function state, local scopes,
//! parameters and on-demand instantiation of callees.

use super::builder::FnBuilder;
use super::cx::{
    ConstVal, Decl, FnDeclId, InstanceInfo, InstanceKey, ScopeId, Sema, StructKey, TArg,
};
use super::types::with_top_space;
use crate::diag::Diagnostic;
use crate::ir::{
    self, AddrSpace, ExprId, ExprKind, FuncId, FunctionKind, GlobalId, LocalId, Type, Unroll,
};
use crate::parse::ast;
use crate::source::Span;
use std::collections::HashMap;

/// What a name in a function body refers to.
#[derive(Debug, Clone)]
pub(crate) enum Binding<'a> {
    /// A local variable (parameters are copied into locals).
    Var {
        /// The local.
        local: LocalId,
        /// Its type (for references: the referenced type).
        ty: Type,
        /// A reference: the local holds a pointer to the object.
        is_ref: bool,
        /// Its value, when it is a constant (`const int N = 16`).
        konst: Option<ConstVal>,
        /// Declared `volatile`.
        volatile: bool,
    },
    /// A `__shared__` local (a module global).
    Global(GlobalId, Type),
    /// An `extern __shared__` array: the dynamic region seen as this type.
    Dynamic(GlobalId, Type),
    /// A local typedef / alias.
    Alias(Type),
    /// A local enumerator or folded constant.
    Const(ConstVal),
    /// A lambda stored in an `auto` local.
    Lambda(Lambda<'a>),
}

/// A lambda to be inlined where it is called.
#[derive(Debug, Clone)]
pub(crate) struct Lambda<'a> {
    /// Parameters.
    pub params: &'a [ast::Param],
    /// The body.
    pub body: &'a ast::Block,
    /// Explicit return type.
    pub ret: Option<&'a ast::Type>,
    /// Names captured by value, copied when the lambda was created.
    pub captured: HashMap<String, Binding<'a>>,
    /// Local scope depth at creation (names deeper than this are not
    /// visible to the body).
    pub depth: usize,
}

/// The state of lowering one function instance.
pub(crate) struct FnLower<'s, 'a> {
    /// The shared sema state.
    pub sema: &'s mut Sema<'a>,
    /// The IR being built.
    pub b: FnBuilder<'a>,
    /// The lexical scope (template bindings, struct members, namespace).
    pub scope: ScopeId,
    /// The struct whose method this is.
    pub owner: Option<StructKey>,
    /// The type of `this` (a pointer) in a method.
    pub this_ty: Option<Type>,
    /// Local scopes, innermost last.
    pub locals: Vec<HashMap<String, Binding<'a>>>,
    /// Declared result type (a pointer for reference returns).
    pub result: Type,
    /// Returns a reference.
    pub returns_ref: bool,
    /// Address spaces learnt for pointer locals, by declaration span.
    pub ptr_spaces: HashMap<(u32, u32), AddrSpace>,
    /// The space learnt for a returned pointer.
    pub ret_space: Option<AddrSpace>,
    /// A space assumption turned out wrong: lower again.
    pub restart: bool,
    /// `#pragma unroll` waiting for its loop.
    pub pending_unroll: Option<Unroll>,
    /// Enclosing loops.
    pub loop_depth: u32,
    /// Enclosing switches.
    pub switch_depth: u32,
    /// The function's CUDA name (for shared global names).
    pub fn_name: String,
    /// Kernel or device function.
    pub kind: FunctionKind,
    /// The function's plain name (`safe_inv`, `dot`) for messages.
    pub decl_name: String,
    /// Errors of this function (reported once lowering settles).
    pub errors: Vec<Diagnostic>,
    /// Locals declared `const` (writes to them are errors).
    pub const_locals: std::collections::HashSet<LocalId>,
    /// Result slots of lambdas being inlined (innermost last).
    pub lambda_results: Vec<(Option<LocalId>, Type)>,
}

/// How to lower one function instance.
pub(crate) struct FnSpec<'a> {
    /// The definition.
    pub def: &'a ast::FunctionDef,
    /// The body.
    pub body: &'a ast::Block,
    /// The name to give the IR function.
    pub name: String,
    /// Kernel or device.
    pub kind: FunctionKind,
    /// Lexical scope with template bindings.
    pub scope: ScopeId,
    /// The struct of a method.
    pub owner: Option<StructKey>,
    /// `this` pointer type for methods.
    pub this_ty: Option<Type>,
    /// IR parameter types (after `this`); references are pointers.
    pub params: Vec<(Type, bool)>,
    /// The result type and whether it is a reference.
    pub result: (Type, bool),
}

impl<'a> Sema<'a> {
    /// Lowers a function body into an IR function, re-lowering while the
    /// address spaces of pointer locals are being discovered.
    pub fn lower_function(&mut self, spec: &FnSpec<'a>) -> (ir::Function, Vec<Diagnostic>, Type) {
        let mut ptr_spaces = HashMap::new();
        let mut ret_space = None;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut f = FnLower {
                b: FnBuilder::new(self.map, spec.name.clone(), spec.kind, spec.def.span),
                sema: self,
                scope: spec.scope,
                owner: spec.owner,
                this_ty: spec.this_ty.clone(),
                locals: vec![HashMap::new()],
                result: match ret_space {
                    Some(s) => with_top_space(&spec.result.0, s),
                    None => spec.result.0.clone(),
                },
                returns_ref: spec.result.1,
                ptr_spaces: ptr_spaces.clone(),
                ret_space,
                restart: false,
                pending_unroll: None,
                loop_depth: 0,
                switch_depth: 0,
                fn_name: spec.name.clone(),
                decl_name: spec.def.name.last_name().to_string(),
                kind: spec.kind,
                errors: Vec::new(),
                lambda_results: Vec::new(),
                const_locals: Default::default(),
            };
            f.b.func.result = f.result.clone();
            f.lower_params(spec);
            if spec.def.ret.is_none()
                && spec.owner.is_some()
                && !spec.def.name.last_name().starts_with('~')
            {
                f.lower_member_inits(spec.def);
            }
            f.lower_block_stmts(&spec.body.stmts);
            f.finish_fallthrough(spec.body.span);
            if f.restart && attempt < 12 {
                ptr_spaces = f.ptr_spaces;
                ret_space = f.ret_space;
                continue;
            }
            let result = f.result.clone();
            let errors = std::mem::take(&mut f.errors);
            let warnings = std::mem::take(&mut f.b.warnings);
            f.sema.warnings.extend(warnings);
            return (f.b.finish(), errors, result);
        }
    }

    /// Instantiates (or finds) a device function instance.
    pub fn instantiate(
        &mut self,
        decl: FnDeclId,
        targs: Vec<TArg>,
        bind_scope: ScopeId,
        this_ty: Option<Type>,
        params: Vec<(Type, bool)>,
        span: Span,
    ) -> Result<InstanceInfo, Diagnostic> {
        let mut key_params: Vec<Type> = this_ty.iter().cloned().collect();
        key_params.extend(params.iter().map(|(t, _)| t.clone()));
        let key = InstanceKey {
            decl,
            targs: targs.clone(),
            params: key_params,
        };
        if let Some(info) = self.instances.get(&key) {
            return Ok(info.clone());
        }
        let Some(fd) = self.fns.get(decl.0).cloned() else {
            return Err(self.err(span, "unknown function"));
        };
        if self.in_progress.contains(&key) {
            return Err(self
                .unsupported(span, "recursion in device code")
                .with_label(format!("`{}` calls itself here", fd.name)));
        }
        if self.in_progress.iter().filter(|k| k.decl == decl).count() >= 64
            || self.in_progress.len() > 256
        {
            return Err(self
                .err(
                    span,
                    "recursive template instantiation exceeded maximum depth",
                )
                .with_label("instantiated here"));
        }
        let body = match &fd.def.body {
            Some(ast::FnBody::Block(b)) => b,
            Some(ast::FnBody::Host(_)) | None => {
                return Err(self
                    .err(
                        span,
                        format!("function `{}` is declared but not defined", fd.name),
                    )
                    .with_help("device functions must be defined in the same translation unit"))
            }
            Some(ast::FnBody::Defaulted) => {
                return Err(self.unsupported(span, "calling a defaulted or deleted function"))
            }
        };
        let (ret, returns_ref) = match &fd.def.ret {
            Some(t) => {
                let q = self.resolve_type(t, bind_scope)?;
                (q.ty, q.reference)
            }
            None if fd.name.starts_with("operator ") => {
                let text = fd.name.trim_start_matches("operator ").to_string();
                match self.resolve_instance_arg(&text, bind_scope) {
                    Some(TArg::Type(t)) => {
                        (super::types::with_space(&t, AddrSpace::Generic), false)
                    }
                    _ => {
                        return Err(
                            self.unsupported(span, format!("conversion operator `{}`", fd.name))
                        )
                    }
                }
            }
            None => (Type::Void, false),
        };
        let result = if returns_ref {
            Type::ptr(ret, AddrSpace::Generic)
        } else {
            ret
        };
        let mut name = match fd.owner.and_then(|k| self.struct_info(k)) {
            Some(s) => format!("{}::{}", s.name, fd.name),
            None => format!(
                "{}{}",
                self.scope(fd.scope).map_or("", |s| s.prefix.as_str()),
                fd.name
            ),
        };
        if fd.template.is_some() && !targs.is_empty() {
            name.push_str(&self.render_targs(&targs));
        }
        let func = FuncId(self.module.functions.len() as u32);
        self.module.functions.push(ir::Function {
            name: name.clone(),
            kind: FunctionKind::Device,
            params: Vec::new(),
            result: result.clone(),
            locals: Vec::new(),
            exprs: ir::Arena::new(),
            body: Vec::new(),
            span: fd.def.span,
            launch_bounds: None,
        });
        self.in_progress.push(key.clone());
        let spec = FnSpec {
            def: fd.def,
            body,
            name,
            kind: FunctionKind::Device,
            scope: bind_scope,
            owner: fd.owner,
            this_ty,
            params,
            result: (result, returns_ref),
        };
        let (function, errors, result) = self.lower_function(&spec);
        self.in_progress.pop();
        let failed = !errors.is_empty();
        self.errors.extend(errors);
        if let Some(slot) = self.module.functions.get_mut(func.0 as usize) {
            *slot = function;
        }
        let info = InstanceInfo {
            func,
            result,
            returns_ref,
        };
        self.instances.insert(key, info.clone());
        if failed {
            return Err(Diagnostic::error("").with_note("(already reported)"));
        }
        Ok(info)
    }
}

impl<'s, 'a> FnLower<'s, 'a> {
    /// Reports an error in this function and goes on.
    pub fn report(&mut self, d: Diagnostic) {
        if d.message.is_empty() {
            return; // already reported by a callee
        }
        if !self.errors.contains(&d) {
            self.errors.push(d);
        }
    }

    /// An error at a span.
    pub fn err(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.sema.err(span, message)
    }

    /// An `unsupported: …` error at a span.
    pub fn unsupported(&self, span: Span, what: impl std::fmt::Display) -> Diagnostic {
        self.sema.unsupported(span, what)
    }

    /// Declares `this` and the parameters, copying each into a local.
    fn lower_params(&mut self, spec: &FnSpec<'a>) {
        let mut index = 0u32;
        if let Some(t) = &spec.this_ty {
            self.b.func.params.push(ir::Param {
                name: "this".into(),
                ty: t.clone(),
                span: spec.def.name.span,
            });
            index += 1;
        }
        for (i, p) in spec.def.params.iter().enumerate() {
            let Some((ty, is_ref)) = spec.params.get(i).cloned() else {
                continue;
            };
            let name = p
                .name
                .as_ref()
                .map_or_else(|| format!("_arg{i}"), |n| n.name.clone());
            self.b.func.params.push(ir::Param {
                name: name.clone(),
                ty: ty.clone(),
                span: p.span,
            });
            let value = self.b.expr(ExprKind::Param(index), ty.clone(), p.span);
            index += 1;
            // A parameter later assigned pointers of another space is held
            // as a generic pointer.
            let slot = (p.span.lo, p.span.hi);
            if let Type::Pointer { space, .. } = &ty {
                self.ptr_spaces.entry(slot).or_insert(*space);
            }
            let ty = match self.ptr_spaces.get(&slot) {
                Some(s) if ty.is_pointer() && !is_ref => with_top_space(&ty, *s),
                _ => ty,
            };
            let value = self.b.convert(value, &ty, p.span);
            let local = self.b.add_local(name.clone(), ty.clone(), p.span);
            let ptr = self.local_ptr(local, p.span);
            self.b.emit(
                ir::StmtKind::Store {
                    ptr,
                    value,
                    hint: ir::CacheHint::Default,
                    volatile: false,
                },
                p.span,
            );
            let bound_ty = if is_ref {
                ty.pointee().cloned().unwrap_or(Type::Void)
            } else {
                ty
            };
            if p.name.is_some() {
                self.bind(
                    &name,
                    Binding::Var {
                        local,
                        ty: bound_ty,
                        is_ref,
                        konst: None,
                        volatile: p.ty.is_volatile,
                    },
                );
            }
        }
    }

    /// Adds a return at the end of a non-void function that can fall off
    /// its end (nothing: the IR requires explicit returns only for values).
    fn finish_fallthrough(&mut self, _span: Span) {}

    /// A pointer to a local.
    pub fn local_ptr(&mut self, local: LocalId, span: Span) -> ExprId {
        let ty = self
            .b
            .func
            .locals
            .get(local.0 as usize)
            .map_or(Type::Void, |l| l.ty.clone());
        self.b.expr(
            ExprKind::LocalPtr(local),
            Type::ptr(ty, AddrSpace::Local),
            span,
        )
    }

    /// Binds a name in the innermost local scope.
    pub fn bind(&mut self, name: &str, binding: Binding<'a>) {
        if let Some(s) = self.locals.last_mut() {
            s.insert(name.to_string(), binding);
        }
    }

    /// Looks a name up among the locals.
    pub fn lookup_local(&self, name: &str) -> Option<&Binding<'a>> {
        self.locals.iter().rev().find_map(|s| s.get(name))
    }

    /// Opens a local scope.
    pub fn push_scope(&mut self) {
        self.locals.push(HashMap::new());
    }

    /// Closes a local scope.
    pub fn pop_scope(&mut self) {
        if self.locals.len() > 1 {
            self.locals.pop();
        }
    }

    /// Constant values of locals, for the constant evaluator.
    pub fn local_consts(&self) -> HashMap<String, Option<ConstVal>> {
        let mut out = HashMap::new();
        for s in &self.locals {
            for (n, b) in s {
                let v = match b {
                    Binding::Var { konst, .. } => *konst,
                    Binding::Const(c) => Some(*c),
                    _ => None,
                };
                out.insert(n.clone(), v);
            }
        }
        out
    }

    /// Evaluates a constant expression with local constants visible.
    pub fn const_eval(&mut self, e: &ast::Expr) -> Result<ConstVal, Diagnostic> {
        let consts = self.local_consts();
        let scope = self.scope;
        self.sema.const_eval(e, scope, &|n| consts.get(n).copied())
    }

    /// Resolves a written type in this function's scope (with local
    /// typedefs).
    pub fn resolve_type(&mut self, ty: &ast::Type) -> Result<super::types::QualType, Diagnostic> {
        if let ast::TypeKind::Named(p) = &ty.kind {
            if p.segments.len() == 1 && !p.global {
                if let Some(Binding::Alias(t)) = self.lookup_local(p.last_name()) {
                    let mut q = super::types::QualType::plain(t.clone());
                    q.is_const = ty.is_const;
                    q.is_volatile = ty.is_volatile;
                    return Ok(q);
                }
            }
        }
        if let ast::TypeKind::Array {
            elem,
            len: Some(len),
        } = &ty.kind
        {
            let inner = self.resolve_type(elem)?;
            let v = self.const_eval(len).map_err(|d| {
                if d.message.starts_with("expression is not")
                    || d.message.starts_with("use of undeclared")
                {
                    self.err(len.span, "array size is not a constant expression")
                } else {
                    d
                }
            })?;
            let n = v.as_int();
            if n < 0 {
                return Err(self.err(len.span, "array size is negative"));
            }
            if matches!(v, ConstVal::Float(..)) || n > (1i128 << 40) {
                return Err(self.err(len.span, "array size must be an integer constant"));
            }
            let mut q = super::types::QualType::plain(Type::Array(Box::new(inner.ty), n as u64));
            q.is_const = inner.is_const || ty.is_const;
            q.is_volatile = inner.is_volatile || ty.is_volatile;
            return Ok(q);
        }
        if let ast::TypeKind::Pointer { pointee, restrict } = &ty.kind {
            let inner = self.resolve_type(pointee)?;
            let mut q = super::types::QualType::plain(Type::Pointer {
                pointee: Box::new(inner.ty),
                space: AddrSpace::Generic,
                read_only: inner.is_const,
                restrict: *restrict,
            });
            q.is_const = ty.is_const;
            return Ok(q);
        }
        let scope = self.scope;
        self.sema.resolve_type(ty, scope)
    }

    /// Looks a name up in the lexical scope chain.
    pub fn lookup_scope(&mut self, path: &ast::Path) -> Result<Vec<Decl<'a>>, Diagnostic> {
        let scope = self.scope;
        self.sema.lookup_path(path, scope)
    }
}
