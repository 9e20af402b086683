//! Templates: argument resolution, deduction from call arguments,
//! defaults, binding scopes and class template instantiation.

use super::const_eval::cast_const;
use super::cx::{ConstVal, Decl, ScopeId, Sema, StructKey, StructTemplateId, TArg};
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, Scalar, Type};
use crate::parse::ast::{self, TemplateParam};
use crate::source::Span;

/// Do two argument lists name the same instance (values compared by
/// value)?
pub(crate) fn targs_match(a: &[TArg], b: &[TArg]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (TArg::Type(p), TArg::Type(q)) => p == q,
            (TArg::Value(p, _), TArg::Value(q, _)) => p == q,
            _ => false,
        })
}

/// The name of a template parameter.
fn param_name(p: &TemplateParam) -> Option<&str> {
    match p {
        TemplateParam::Type { name, .. } | TemplateParam::Value { name, .. } => Some(&name.name),
        TemplateParam::Unsupported { .. } => None,
    }
}

impl<'a> Sema<'a> {
    /// Resolves written template arguments.
    pub fn resolve_targs(
        &mut self,
        args: &[ast::TemplateArg],
        scope: ScopeId,
        locals: super::const_eval::LocalConsts<'_>,
    ) -> Result<Vec<TArg>, Diagnostic> {
        let mut out = Vec::new();
        for a in args {
            out.push(self.resolve_targ(a, scope, locals)?);
        }
        Ok(out)
    }

    /// Resolves one template argument (a bare name may be a type).
    pub fn resolve_targ(
        &mut self,
        a: &ast::TemplateArg,
        scope: ScopeId,
        locals: super::const_eval::LocalConsts<'_>,
    ) -> Result<TArg, Diagnostic> {
        match a {
            ast::TemplateArg::Type(t) => Ok(TArg::Type(self.resolve_type(t, scope)?.ty)),
            ast::TemplateArg::Expr(e) => {
                if let ast::ExprKind::Path(p) = &e.kind {
                    let is_local = p.segments.len() == 1 && locals(p.last_name()).is_some();
                    if !is_local {
                        let found = self.lookup_path(p, scope)?;
                        if found.is_empty() && p.segments.len() == 1 {
                            return Err(
                                self.err(p.span, format!("unknown type name `{}`", p.last_name()))
                            );
                        }
                        if matches!(
                            found.first(),
                            Some(
                                Decl::Type(_)
                                    | Decl::Struct(_)
                                    | Decl::StructTemplate(_)
                                    | Decl::Typedef { .. }
                                    | Decl::Enum { .. }
                            )
                        ) {
                            let ty = ast::Type {
                                kind: ast::TypeKind::Named(p.clone()),
                                is_const: false,
                                is_volatile: false,
                                span: e.span,
                            };
                            return Ok(TArg::Type(self.resolve_type(&ty, scope)?.ty));
                        }
                    }
                }
                let v = self.const_eval(e, scope, locals)?;
                match v {
                    ConstVal::Int(i, s) => Ok(TArg::Value(i, s)),
                    ConstVal::Float(..) => {
                        Err(self.unsupported(e.span, "floating-point template arguments"))
                    }
                }
            }
        }
    }

    /// Binds a template's parameters from explicit arguments, deduction
    /// and defaults; `None` when deduction fails (not viable).
    #[allow(clippy::too_many_arguments)]
    pub fn bind_template(
        &mut self,
        tparams: &'a [TemplateParam],
        explicit: Option<&[TArg]>,
        fparams: &[ast::Param],
        args: &[(Type, bool)],
        decl_scope: ScopeId,
        span: Span,
    ) -> Result<Option<(Vec<TArg>, ScopeId)>, Diagnostic> {
        let mut bound: Vec<Option<TArg>> = vec![None; tparams.len()];
        for p in tparams {
            if let TemplateParam::Unsupported { what, span } = p {
                return Err(self.unsupported(*span, what));
            }
        }
        if let Some(ex) = explicit {
            if ex.len() > tparams.len() {
                return Ok(None);
            }
            for (i, a) in ex.iter().enumerate() {
                let ok = matches!(
                    (tparams.get(i), a),
                    (Some(TemplateParam::Type { .. }), TArg::Type(_))
                        | (Some(TemplateParam::Value { .. }), TArg::Value(..))
                );
                if !ok {
                    return Ok(None);
                }
                if let Some(slot) = bound.get_mut(i) {
                    *slot = Some(a.clone());
                }
            }
        }
        for (p, (aty, _)) in fparams.iter().zip(args) {
            let aty = match aty {
                Type::Array(e, _) => Type::ptr((**e).clone(), AddrSpace::Generic),
                t => t.clone(),
            };
            if !self.deduce(&p.ty, &aty, tparams, &mut bound, decl_scope) {
                return Ok(None);
            }
        }
        self.finish_binding(tparams, bound, decl_scope, span)
    }

    /// Fills defaults, converts values to their parameter types and makes
    /// the binding scope.
    pub fn finish_binding(
        &mut self,
        tparams: &'a [TemplateParam],
        mut bound: Vec<Option<TArg>>,
        decl_scope: ScopeId,
        span: Span,
    ) -> Result<Option<(Vec<TArg>, ScopeId)>, Diagnostic> {
        let _ = span;
        // Defaults are resolved in a scope with the earlier parameters.
        for i in 0..tparams.len() {
            if bound.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let partial: Vec<TArg> = bound.iter().take(i).flatten().cloned().collect();
            if partial.len() != i {
                return Ok(None);
            }
            let scope = self.binding_scope(&tparams[..i], &partial, decl_scope);
            let value = match tparams.get(i) {
                Some(TemplateParam::Type {
                    default: Some(t), ..
                }) => TArg::Type(self.resolve_type(t, scope)?.ty),
                Some(TemplateParam::Value {
                    default: Some(e), ..
                }) => match self.const_eval_in(e, scope)? {
                    ConstVal::Int(v, s) => TArg::Value(v, s),
                    ConstVal::Float(..) => {
                        return Err(self.unsupported(e.span, "floating-point template arguments"))
                    }
                },
                _ => return Ok(None),
            };
            if let Some(slot) = bound.get_mut(i) {
                *slot = Some(value);
            }
        }
        let mut targs: Vec<TArg> = bound.into_iter().flatten().collect();
        for (i, p) in tparams.iter().enumerate() {
            if let (TemplateParam::Value { ty, .. }, Some(TArg::Value(v, s))) =
                (p, targs.get(i).cloned())
            {
                let partial_scope = self.binding_scope(&tparams[..i], &targs[..i], decl_scope);
                let pt = self.resolve_type(ty, partial_scope)?;
                if let Type::Scalar(ps) = pt.ty {
                    if let ConstVal::Int(nv, ns) = cast_const(ConstVal::Int(v, s), ps) {
                        if let Some(slot) = targs.get_mut(i) {
                            *slot = TArg::Value(nv, ns);
                        }
                    }
                }
            }
        }
        let scope = self.binding_scope(tparams, &targs, decl_scope);
        Ok(Some((targs, scope)))
    }

    /// The scope that binds template parameters to arguments.
    pub fn binding_scope(
        &mut self,
        tparams: &'a [TemplateParam],
        targs: &[TArg],
        parent: ScopeId,
    ) -> ScopeId {
        let key = (tparams.as_ptr() as usize ^ (parent.0 << 1), targs.to_vec());
        if let Some(s) = self.bind_scopes.get(&key) {
            return *s;
        }
        let prefix = self
            .scope(parent)
            .map_or(String::new(), |s| s.prefix.clone());
        let scope = self.new_scope(Some(parent), prefix);
        if let Some(owner) = self.scope(parent).and_then(|s| s.owner) {
            let _ = owner;
        }
        for (p, a) in tparams.iter().zip(targs) {
            let Some(name) = param_name(p) else { continue };
            let decl = match a {
                TArg::Type(t) => Decl::Type(t.clone()),
                TArg::Value(v, s) => Decl::Const(ConstVal::Int(*v, *s)),
            };
            self.declare(scope, name, decl);
        }
        self.bind_scopes.insert(key, scope);
        scope
    }

    /// Deduces template arguments from one parameter/argument pair; false
    /// on a conflict.
    fn deduce(
        &mut self,
        pattern: &ast::Type,
        arg: &Type,
        tparams: &[TemplateParam],
        bound: &mut [Option<TArg>],
        scope: ScopeId,
    ) -> bool {
        match &pattern.kind {
            ast::TypeKind::Named(path) => {
                if path.segments.len() == 1 && !path.global {
                    let seg = &path.segments[0];
                    if seg.args.is_none() {
                        if let Some(i) = tparams.iter().position(|p| matches!(p, TemplateParam::Type { name, .. } if name.name == seg.ident.name)) {
                            return bind(bound, i, TArg::Type(arg.clone()));
                        }
                        return true;
                    }
                }
                let Some(seg_args) = path.segments.last().and_then(|s| s.args.as_ref()) else {
                    return true;
                };
                let Type::Struct(id) = arg else { return true };
                let Some(key) = self.struct_key_of(*id) else {
                    return true;
                };
                let Some((tid, actual)) = self.struct_info(key).and_then(|s| s.template.clone())
                else {
                    return true;
                };
                let mut head = path.clone();
                if let Some(last) = head.segments.last_mut() {
                    last.args = None;
                }
                let names_same = self
                    .lookup_path(&head, scope)
                    .ok()
                    .and_then(|f| f.first().cloned())
                    .is_some_and(|d| matches!(d, Decl::StructTemplate(t) if t == tid));
                if !names_same {
                    return true;
                }
                for (pa, aa) in seg_args.iter().zip(&actual) {
                    let ok = match (pa, aa) {
                        (ast::TemplateArg::Type(t), TArg::Type(at)) => {
                            self.deduce(t, at, tparams, bound, scope)
                        }
                        (ast::TemplateArg::Expr(e), a) => match &e.kind {
                            ast::ExprKind::Path(p) if p.segments.len() == 1 => {
                                match tparams
                                    .iter()
                                    .position(|tp| param_name(tp) == Some(p.last_name()))
                                {
                                    Some(i) => bind(bound, i, a.clone()),
                                    None => true,
                                }
                            }
                            _ => true,
                        },
                        _ => true,
                    };
                    if !ok {
                        return false;
                    }
                }
                true
            }
            ast::TypeKind::Pointer { pointee, .. } => match arg {
                Type::Pointer { pointee: ap, .. } => {
                    self.deduce(pointee, ap, tparams, bound, scope)
                }
                _ => true,
            },
            ast::TypeKind::Reference { referee, .. } => {
                self.deduce(referee, arg, tparams, bound, scope)
            }
            ast::TypeKind::Array { elem, .. } => match arg {
                Type::Array(ae, _) | Type::Pointer { pointee: ae, .. } => {
                    self.deduce(elem, ae, tparams, bound, scope)
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// Instantiates (or finds) a class template instance.
    pub fn instantiate_struct_template(
        &mut self,
        tid: StructTemplateId,
        args: &[ast::TemplateArg],
        scope: ScopeId,
        span: Span,
    ) -> Result<StructKey, Diagnostic> {
        let resolved = self.resolve_targs(args, scope, &|_| None)?;
        self.instantiate_struct_with(tid, resolved, span)
    }

    /// Instantiates a class template with resolved arguments.
    pub fn instantiate_struct_with(
        &mut self,
        tid: StructTemplateId,
        resolved: Vec<TArg>,
        span: Span,
    ) -> Result<StructKey, Diagnostic> {
        let Some(tpl) = self.struct_templates.get(tid.0).cloned() else {
            return Err(self.err(span, "unknown class template"));
        };
        if resolved.len() > tpl.params.len() {
            return Err(self.err(
                span,
                format!("too many template arguments for `{}`", tpl.name),
            ));
        }
        let bound: Vec<Option<TArg>> = (0..tpl.params.len())
            .map(|i| resolved.get(i).cloned())
            .collect();
        let Some((targs, bind_scope)) = self.finish_binding(tpl.params, bound, tpl.scope, span)?
        else {
            return Err(self.err(
                span,
                format!("too few template arguments for `{}`", tpl.name),
            ));
        };
        if let Some(k) = tpl.instances.get(&targs) {
            return Ok(*k);
        }
        if let Some(p) = tpl.partial {
            let _ = p;
            return Err(self.unsupported(span, "partial specialisation"));
        }
        let mut def = tpl.def;
        let mut parent = bind_scope;
        for spec in &tpl.specs {
            let spec_args = spec.spec_args.clone().unwrap_or_default();
            if let Ok(r) = self.resolve_targs(&spec_args, tpl.scope, &|_| None) {
                if targs_match(&r, &targs) {
                    def = spec;
                    parent = tpl.scope;
                }
            }
        }
        if self.structs.len() > 10_000 {
            return Err(self.err(span, "too many class template instances"));
        }
        let name = format!("{}{}", tpl.name, self.render_targs(&targs));
        let key = self.new_struct(def, name, parent, Some((tid, targs.clone())));
        if let Some(t) = self.struct_templates.get_mut(tid.0) {
            t.instances.insert(targs, key);
        }
        self.collect_members(def, key);
        Ok(key)
    }

    /// Parses an instance string `name<args>` from the command line.
    pub fn parse_instance_string(&mut self, text: &str) -> Option<(String, Vec<String>)> {
        let text = text.trim();
        let open = text.find('<')?;
        let close = text.rfind('>')?;
        if close != text.len() - 1 || close < open {
            return None;
        }
        let name = text.get(..open)?.trim().to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
        {
            return None;
        }
        let inner = text.get(open + 1..close)?;
        let mut args = Vec::new();
        let mut depth = 0i32;
        let mut cur = String::new();
        for c in inner.chars() {
            match c {
                '<' => {
                    depth += 1;
                    cur.push(c);
                }
                '>' => {
                    depth -= 1;
                    cur.push(c);
                }
                ',' if depth == 0 => {
                    args.push(cur.trim().to_string());
                    cur.clear();
                }
                _ => cur.push(c),
            }
        }
        if !cur.trim().is_empty() {
            args.push(cur.trim().to_string());
        }
        Some((name, args))
    }

    /// Resolves one argument of an instance string (`float`, `unsigned
    /// int`, `256`, `true`, `MyStruct`).
    pub fn resolve_instance_arg(&mut self, text: &str, scope: ScopeId) -> Option<TArg> {
        let t = text.trim();
        if t == "true" || t == "false" {
            return Some(TArg::Value(i128::from(t == "true"), Scalar::Bool));
        }
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, t),
        };
        if digits.starts_with(|c: char| c.is_ascii_digit()) {
            let d = digits.trim_end_matches(['u', 'U', 'l', 'L']);
            let v = if let Some(h) = d.strip_prefix("0x").or_else(|| d.strip_prefix("0X")) {
                i128::from_str_radix(h, 16).ok()?
            } else {
                d.parse::<i128>().ok()?
            };
            return Some(TArg::Value(if neg { -v } else { v }, Scalar::I32));
        }
        let mut stars = 0;
        let mut base = t;
        while let Some(b) = base.strip_suffix('*') {
            stars += 1;
            base = b.trim_end();
        }
        let (is_const, base) = match base.strip_prefix("const ") {
            Some(b) => (true, b.trim()),
            None => (false, base),
        };
        let words: Vec<&str> = base.split_whitespace().collect();
        let builtin = builtin_from_words(&words);
        let mut ty = match builtin {
            Some(b) => match super::types::builtin_scalar(b) {
                Some(s) => Type::Scalar(s),
                None => return None,
            },
            None => {
                if words.len() != 1 {
                    return None;
                }
                let segments = base
                    .split("::")
                    .map(|s| ast::PathSegment {
                        ident: ast::Ident {
                            name: s.trim().to_string(),
                            span: Span::default(),
                        },
                        args: None,
                    })
                    .collect();
                let ast_ty = ast::Type {
                    kind: ast::TypeKind::Named(ast::Path {
                        global: false,
                        segments,
                        span: Span::default(),
                    }),
                    is_const: false,
                    is_volatile: false,
                    span: Span::default(),
                };
                self.resolve_type(&ast_ty, scope).ok()?.ty
            }
        };
        for i in 0..stars {
            ty = Type::Pointer {
                pointee: Box::new(ty),
                space: AddrSpace::Global,
                read_only: is_const && i == 0,
                restrict: false,
            };
        }
        Some(TArg::Type(ty))
    }
}

/// Binds parameter `i`, failing on a conflicting earlier binding.
fn bind(bound: &mut [Option<TArg>], i: usize, value: TArg) -> bool {
    match bound.get_mut(i) {
        Some(Some(existing)) => {
            targs_match(std::slice::from_ref(existing), std::slice::from_ref(&value))
        }
        Some(slot) => {
            *slot = Some(value);
            true
        }
        None => false,
    }
}

/// The keyword type spelt by words like `unsigned long long`.
fn builtin_from_words(words: &[&str]) -> Option<ast::BuiltinType> {
    use ast::BuiltinType as B;
    let unsigned = words.contains(&"unsigned");
    let signed = words.contains(&"signed");
    let longs = words.iter().filter(|w| **w == "long").count();
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "unsigned" | "signed" | "long" | "int"))
        .collect();
    let has_int = words.contains(&"int");
    Some(match (rest.as_slice(), unsigned, longs) {
        (["char"], true, 0) => B::UChar,
        (["char"], false, 0) if signed => B::SChar,
        (["char"], false, 0) => B::Char,
        (["short"], true, 0) => B::UShort,
        (["short"], false, 0) => B::Short,
        ([], true, 0) => B::UInt,
        ([], false, 0) if has_int || signed => B::Int,
        ([], true, 1) => B::ULong,
        ([], false, 1) => B::Long,
        ([], true, 2) => B::ULongLong,
        ([], false, 2) => B::LongLong,
        (["float"], false, 0) => B::Float,
        (["double"], false, 0) => B::Double,
        (["double"], false, 1) => B::LongDouble,
        (["bool"], false, 0) => B::Bool,
        (["void"], false, 0) => B::Void,
        _ => return None,
    })
}
