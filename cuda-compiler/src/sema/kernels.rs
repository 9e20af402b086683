//! Which code is compiled: kernels, template kernel instances (explicit
//! instantiations, launches in host code, `--instance` strings), and
//! module-scope device variables.

use super::cx::{ConstVal, Decl, FnDeclId, ScopeId, Sema, TArg};
use super::func::FnSpec;
use super::items::Deferred;
use super::types::with_space;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, ConstValue, FuncId, FunctionKind, GlobalId, Type};
use crate::parse::ast;
use crate::source::Span;
use std::collections::HashSet;

impl<'a> Sema<'a> {
    /// Lowers every namespace-scope `__device__`/`__constant__`/`__shared__`
    /// variable.
    pub fn lower_globals(&mut self, globals: &[(&'a ast::VarDecl, ScopeId)]) {
        for (d, scope) in globals {
            if let Err(e) = self.lower_global(d, *scope) {
                self.report(e);
            }
        }
    }

    fn lower_global(&mut self, d: &'a ast::VarDecl, scope: ScopeId) -> Result<(), Diagnostic> {
        let q = self.resolve_type(&d.ty, scope)?;
        if q.reference {
            return Err(self.unsupported(d.span, "reference variables in device memory"));
        }
        let space = if d.quals.shared {
            AddrSpace::Shared
        } else if d.quals.constant {
            AddrSpace::Constant
        } else {
            AddrSpace::Global
        };
        let mut ty = with_space(&q.ty, AddrSpace::Generic);
        if let (Type::Array(elem, 0), Some(ast::Initializer::List(elems, _))) = (&ty, &d.init) {
            ty = Type::Array(elem.clone(), elems.len() as u64);
        }
        let (_, natural) = self.module.size_align(&ty);
        let align = match &d.quals.align {
            Some(e) => (self.const_eval_in(e, scope)?.as_int().clamp(1, 4096) as u32).max(natural),
            None => natural,
        };
        if d.quals.shared && d.init.is_some() {
            return Err(self.err(
                d.span,
                format!("initializer not allowed for `__shared__` variable{}", ""),
            ));
        }
        let dynamic = d.quals.shared && d.quals.is_extern;
        if dynamic {
            if let Some(id) = self.dynamic_shared {
                self.declare(scope, &d.name.name, Decl::Global(id, ty));
                return Ok(());
            }
            let elem = match &ty {
                Type::Array(e, _) => (**e).clone(),
                t => t.clone(),
            };
            ty = Type::Array(Box::new(elem), 0);
        }
        let init = match &d.init {
            Some(i) => Some(self.const_value(i, &ty, scope)?),
            None => None,
        };
        let id = GlobalId(self.module.globals.len() as u32);
        self.module.globals.push(ir::Global {
            name: format!(
                "{}{}",
                self.scope(scope).map_or("", |s| s.prefix.as_str()),
                d.name.name
            ),
            ty: ty.clone(),
            space,
            init,
            dynamic,
            align: if dynamic { align.max(16) } else { align },
            span: d.span,
        });
        if dynamic {
            self.dynamic_shared = Some(id);
        }
        self.declare(scope, &d.name.name, Decl::Global(id, ty));
        Ok(())
    }

    /// Evaluates an initialiser of module-scope memory.
    fn const_value(
        &mut self,
        init: &ast::Initializer,
        ty: &Type,
        scope: ScopeId,
    ) -> Result<ConstValue, Diagnostic> {
        match (init, ty) {
            (ast::Initializer::Expr(e), Type::Scalar(s)) => {
                let v = self.const_eval_in(e, scope)?;
                Ok(ConstValue::Scalar(
                    super::const_eval::cast_const(v, *s).literal(),
                ))
            }
            (ast::Initializer::List(elems, span), _) => {
                let slots: Vec<Type> = match ty {
                    Type::Array(e, n) => vec![(**e).clone(); (*n).min(1 << 20) as usize],
                    Type::Vector(s, n) => vec![Type::Scalar(*s); usize::from(*n)],
                    Type::Struct(id) => self
                        .module
                        .structs
                        .get(id.0 as usize)
                        .map(|s| s.fields.iter().map(|f| f.ty.clone()).collect())
                        .unwrap_or_default(),
                    Type::Scalar(_) => {
                        return match elems.first() {
                            Some(el) => self.const_value(&el.value, ty, scope),
                            None => Ok(ConstValue::Zero),
                        }
                    }
                    _ => return Err(self.unsupported(*span, "this initialiser of device memory")),
                };
                if elems.len() > slots.len() {
                    return Err(self.err(
                        *span,
                        format!("excess elements in {} initializer", aggregate_kind(ty)),
                    ));
                }
                let mut out = Vec::new();
                for (el, sty) in elems.iter().zip(&slots) {
                    out.push(self.const_value(&el.value, sty, scope)?);
                }
                Ok(ConstValue::Aggregate(out))
            }
            (ast::Initializer::Expr(e), _) => Err(self
                .err(e.span, "initialiser of device memory must be a constant")
                .with_help("use a braced list of constants")),
            (ast::Initializer::Ctor(_, span), _) => {
                Err(self.unsupported(*span, "constructor initialisers of device memory"))
            }
        }
    }

    /// Finds every kernel and kernel template instance and lowers it.
    pub fn lower_kernels(&mut self, deferred: &Deferred<'a>, instances: &[String]) {
        let mut done: HashSet<String> = HashSet::new();
        let mut instantiated_templates: HashSet<usize> = HashSet::new();
        for i in 0..self.fns.len() {
            let Some(fd) = self.fns.get(i).cloned() else {
                continue;
            };
            if !fd.def.quals.global || fd.template.is_some() || fd.spec_args.is_some() {
                continue;
            }
            if !matches!(fd.def.body, Some(ast::FnBody::Block(_))) {
                continue;
            }
            self.lower_kernel(FnDeclId(i), Vec::new(), fd.scope, &mut done);
        }
        for (item, scope) in &deferred.explicit {
            if let Err(e) =
                self.explicit_instance(item, *scope, &mut done, &mut instantiated_templates)
            {
                self.report(e);
            }
        }
        let member_bodies = std::mem::take(&mut self.member_host_bodies);
        for (body, scope) in deferred.host_bodies.iter().chain(member_bodies.iter()) {
            let mut launches: Vec<&'a ast::Path> = Vec::new();
            super::walk::walk_block(body, &mut |_| {}, &mut |e| {
                if let ast::ExprKind::Launch { kernel, .. } = &e.kind {
                    if let ast::ExprKind::Path(p) = &kernel.kind {
                        launches.push(p);
                    }
                }
            });
            for p in launches {
                self.launch_instance(p, *scope, &mut done, &mut instantiated_templates);
            }
        }
        for text in instances {
            if let Err(e) = self.string_instance(text, &mut done, &mut instantiated_templates) {
                self.report(e);
            }
        }
        for i in 0..self.fns.len() {
            let Some(fd) = self.fns.get(i) else { continue };
            if fd.def.quals.global && fd.template.is_some() && !instantiated_templates.contains(&i)
            {
                let listing = format!(
                    "{}{}",
                    fd.name,
                    render_template_params(fd.template.unwrap_or(&[]))
                );
                self.module.kernel_templates.push(listing);
            }
        }
    }

    /// Template kernels named `name` visible from `scope`.
    fn kernel_templates_named(&mut self, path: &ast::Path, scope: ScopeId) -> Vec<FnDeclId> {
        let mut head = path.clone();
        if let Some(last) = head.segments.last_mut() {
            last.args = None;
        }
        self.lookup_path(&head, scope)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| match d {
                Decl::Function(f) => Some(f),
                _ => None,
            })
            .filter(|f| {
                self.fns
                    .get(f.0)
                    .is_some_and(|fd| fd.def.quals.global && fd.template.is_some())
            })
            .collect()
    }

    fn launch_instance(
        &mut self,
        p: &ast::Path,
        scope: ScopeId,
        done: &mut HashSet<String>,
        used: &mut HashSet<usize>,
    ) {
        let Some(args) = p.segments.last().and_then(|s| s.args.as_ref()) else {
            return;
        };
        let Ok(targs) = self.resolve_targs(args, scope, &|_| None) else {
            return;
        };
        for f in self.kernel_templates_named(p, scope) {
            if self.instance_of(f, &targs, None, p.span, done) {
                used.insert(f.0);
                return;
            }
        }
    }

    fn explicit_instance(
        &mut self,
        item: &'a ast::Item,
        scope: ScopeId,
        done: &mut HashSet<String>,
        used: &mut HashSet<usize>,
    ) -> Result<(), Diagnostic> {
        let ast::ItemKind::Function(def) = &item.kind else {
            return Ok(());
        };
        let targs = match def.name.segments.last().and_then(|s| s.args.as_ref()) {
            Some(a) => Some(self.resolve_targs(a, scope, &|_| None)?),
            None => None,
        };
        let mut ptypes = Vec::new();
        for p in &def.params {
            ptypes.push((
                with_space(&self.resolve_type(&p.ty, scope)?.ty, AddrSpace::Global),
                false,
            ));
        }
        for f in self.kernel_templates_named(&def.name, scope) {
            if self.fns.get(f.0).map(|fd| fd.def.params.len()) != Some(def.params.len()) {
                continue;
            }
            if self.instance_of(
                f,
                targs.as_deref().unwrap_or(&[]),
                Some(&ptypes),
                def.name.span,
                done,
            ) {
                used.insert(f.0);
                return Ok(());
            }
        }
        Err(self.err(
            def.name.span,
            format!(
                "explicit instantiation of `{}` does not match any kernel template",
                def.name.last_name()
            ),
        ))
    }

    fn string_instance(
        &mut self,
        text: &str,
        done: &mut HashSet<String>,
        used: &mut HashSet<usize>,
    ) -> Result<(), Diagnostic> {
        let bad = || {
            Diagnostic::error(format!("invalid template instance `{text}`"))
                .with_help("write it as `kernel<arg, …>`, e.g. `reduce<float, 256>`")
        };
        let (name, args) = self.parse_instance_string(text).ok_or_else(bad)?;
        let global = ScopeId(0);
        let mut targs = Vec::new();
        for a in &args {
            targs.push(self.resolve_instance_arg(a, global).ok_or_else(bad)?);
        }
        let segments = name
            .split("::")
            .map(|s| ast::PathSegment {
                ident: ast::Ident {
                    name: s.to_string(),
                    span: Span::default(),
                },
                args: None,
            })
            .collect();
        let path = ast::Path {
            global: false,
            segments,
            span: Span::default(),
        };
        let cands = self.kernel_templates_named(&path, global);
        if let [only] = cands.as_slice() {
            let params = self.fns.get(only.0).and_then(|f| f.template).unwrap_or(&[]);
            let required = params
                .iter()
                .filter(|p| {
                    !matches!(
                        p,
                        ast::TemplateParam::Type {
                            default: Some(_),
                            ..
                        } | ast::TemplateParam::Value {
                            default: Some(_),
                            ..
                        }
                    )
                })
                .count();
            if targs.len() > params.len() || targs.len() < required {
                return Err(Diagnostic::error(format!(
                    "wrong number of template arguments for `{name}`: expected {}, found {}",
                    params.len(),
                    targs.len()
                )));
            }
        }
        if cands.is_empty() {
            return Err(Diagnostic::error(format!(
                "no kernel template named `{name}`"
            )));
        }
        for f in cands {
            if self.instance_of(f, &targs, None, Span::default(), done) {
                used.insert(f.0);
                return Ok(());
            }
        }
        Err(bad())
    }

    /// Binds and lowers one instance of a template kernel; false when the
    /// arguments do not fit.
    fn instance_of(
        &mut self,
        f: FnDeclId,
        targs: &[TArg],
        ptypes: Option<&[(Type, bool)]>,
        span: Span,
        done: &mut HashSet<String>,
    ) -> bool {
        let Some(fd) = self.fns.get(f.0).cloned() else {
            return false;
        };
        let Some(tparams) = fd.template else {
            return false;
        };
        let explicit = if targs.is_empty() { None } else { Some(targs) };
        let bound = match ptypes {
            Some(pt) => self.bind_template(tparams, explicit, &fd.def.params, pt, fd.scope, span),
            None => self.bind_template(tparams, explicit, &[], &[], fd.scope, span),
        };
        match bound {
            Ok(Some((targs, scope))) => {
                self.lower_kernel(f, targs, scope, done);
                true
            }
            Ok(None) => false,
            Err(e) => {
                self.report(e);
                true
            }
        }
    }

    /// Lowers one kernel (instance).
    fn lower_kernel(
        &mut self,
        f: FnDeclId,
        targs: Vec<TArg>,
        scope: ScopeId,
        done: &mut HashSet<String>,
    ) {
        let Some(fd) = self.fns.get(f.0).cloned() else {
            return;
        };
        let Some(ast::FnBody::Block(body)) = &fd.def.body else {
            return;
        };
        let base_name = format!(
            "{}{}",
            self.scope(fd.scope).map_or("", |s| s.prefix.as_str()),
            fd.name
        );
        let rendered: Vec<String> = targs.iter().map(|a| self.render_targ(a)).collect();
        let name = if fd.template.is_some() {
            format!("{base_name}{}", self.render_targs(&targs))
        } else {
            base_name.clone()
        };
        if !done.insert(name.clone()) {
            return;
        }
        let mut params = Vec::new();
        let mut kparams = Vec::new();
        for (i, p) in fd.def.params.iter().enumerate() {
            let q = match self.resolve_type(&p.ty, scope) {
                Ok(q) => q,
                Err(e) => {
                    self.report(e);
                    return;
                }
            };
            if q.reference {
                self.report(self.err(
                    p.span,
                    "a `__global__` function cannot have reference parameters",
                ));
                return;
            }
            let ty = match q.ty {
                Type::Array(elem, _) => Type::ptr(*elem, AddrSpace::Generic),
                t => t,
            };
            let ty = with_space(&ty, AddrSpace::Global);
            let pname = p
                .name
                .as_ref()
                .map_or_else(|| format!("_arg{i}"), |n| n.name.clone());
            kparams.push(ir::KernelParam {
                name: pname,
                cuda_type: self.cuda_type(&ty, q.is_const),
                ty: ty.clone(),
            });
            params.push((ty, false));
        }
        if let Some(ret) = &fd.def.ret {
            if !matches!(ret.kind, ast::TypeKind::Builtin(ast::BuiltinType::Void)) {
                self.report(self.err(
                    ret.span,
                    "a `__global__` function must have a `void` return type",
                ));
                return;
            }
        }
        let launch_bounds = match &fd.def.quals.launch_bounds {
            Some(exprs) => {
                let mut vals = Vec::new();
                for e in exprs.iter().take(2) {
                    match self.const_eval_in(e, scope) {
                        Ok(ConstVal::Int(v, _)) if (1..=i128::from(u32::MAX)).contains(&v) => {
                            vals.push(v as u32)
                        }
                        Ok(_) => {
                            self.report(self.err(
                                e.span,
                                "`__launch_bounds__` arguments must be positive integers",
                            ));
                            return;
                        }
                        Err(d) => {
                            self.report(d);
                            return;
                        }
                    }
                }
                vals.first().map(|m| (*m, vals.get(1).copied()))
            }
            None => None,
        };
        let func = FuncId(self.module.functions.len() as u32);
        self.module.functions.push(ir::Function {
            name: name.clone(),
            kind: FunctionKind::Kernel,
            params: Vec::new(),
            result: Type::Void,
            locals: Vec::new(),
            exprs: ir::Arena::new(),
            body: Vec::new(),
            span: fd.def.span,
            launch_bounds,
        });
        let spec = FnSpec {
            def: fd.def,
            body,
            name: name.clone(),
            kind: FunctionKind::Kernel,
            scope,
            owner: None,
            this_ty: None,
            params,
            result: (Type::Void, false),
        };
        let (mut function, errors, _) = self.lower_function(&spec);
        self.errors.extend(errors);
        function.launch_bounds = launch_bounds;
        if let Some(slot) = self.module.functions.get_mut(func.0 as usize) {
            *slot = function;
        }
        self.module.kernels.push(ir::Kernel {
            name,
            base_name,
            template_args: rendered,
            func,
            params: kparams,
        });
    }

    /// A parameter type as CUDA writes it (`const float *`).
    fn cuda_type(&self, ty: &Type, is_const: bool) -> String {
        let base = match ty {
            Type::Pointer {
                pointee, read_only, ..
            } => {
                let inner = self.cuda_type(pointee, *read_only);
                return format!("{inner} *");
            }
            other => self.type_name(other),
        };
        if is_const {
            format!("const {base}")
        } else {
            base
        }
    }
}

/// `array`, `struct` or `vector`, for initialiser messages.
pub(crate) fn aggregate_kind(ty: &Type) -> &'static str {
    match ty {
        Type::Array(..) => "array",
        Type::Vector(..) => "vector",
        Type::Struct(_) => "struct",
        _ => "scalar",
    }
}

/// Renders template parameters as written: `<typename T, unsigned int N>`.
pub(crate) fn render_template_params(params: &[ast::TemplateParam]) -> String {
    let parts: Vec<String> = params
        .iter()
        .map(|p| match p {
            ast::TemplateParam::Type { name, .. } => format!("typename {}", name.name),
            ast::TemplateParam::Value { ty, name, .. } => {
                format!("{} {}", render_ast_type(ty), name.name)
            }
            ast::TemplateParam::Unsupported { what, .. } => what.clone(),
        })
        .collect();
    format!("<{}>", parts.join(", "))
}

/// A written type rendered back to CUDA text (for listings).
pub(crate) fn render_ast_type(ty: &ast::Type) -> String {
    use ast::BuiltinType as B;
    let base = match &ty.kind {
        ast::TypeKind::Builtin(b) => match b {
            B::Void => "void",
            B::Bool => "bool",
            B::Char => "char",
            B::SChar => "signed char",
            B::UChar => "unsigned char",
            B::Short => "short",
            B::UShort => "unsigned short",
            B::Int => "int",
            B::UInt => "unsigned int",
            B::Long => "long",
            B::ULong => "unsigned long",
            B::LongLong => "long long",
            B::ULongLong => "unsigned long long",
            B::Float => "float",
            B::Double => "double",
            B::LongDouble => "long double",
        }
        .to_string(),
        ast::TypeKind::Named(p) => p
            .segments
            .iter()
            .map(|s| s.ident.name.clone())
            .collect::<Vec<_>>()
            .join("::"),
        ast::TypeKind::Pointer { pointee, .. } => format!("{}*", render_ast_type(pointee)),
        ast::TypeKind::Reference { referee, .. } => format!("{}&", render_ast_type(referee)),
        _ => "auto".to_string(),
    };
    if ty.is_const {
        format!("const {base}")
    } else {
        base
    }
}
