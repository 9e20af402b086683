//! Collecting declarations: namespaces, functions, structs, enums,
//! typedefs, templates and globals, before anything is lowered.

use super::cx::{
    Completion, ConstVal, Decl, FnDecl, FnDeclId, ScopeId, Sema, StructInfo, StructKey,
    StructTemplate, StructTemplateId,
};
use crate::ir::Scalar;
use crate::parse::ast::{self, ItemKind};

/// Work found while collecting that needs every declaration first.
#[derive(Default)]
pub(crate) struct Deferred<'a> {
    /// Device-memory globals to lower.
    pub globals: Vec<(&'a ast::VarDecl, ScopeId)>,
    /// `static_assert`s at namespace scope.
    pub asserts: Vec<(&'a ast::StaticAssert, ast::Item, ScopeId)>,
    /// Explicit instantiations.
    pub explicit: Vec<(&'a ast::Item, ScopeId)>,
    /// Host function bodies to scan for `<<<…>>>` launches.
    pub host_bodies: Vec<(&'a ast::Block, ScopeId)>,
}

impl<'a> Sema<'a> {
    /// Collects the items of one scope.
    pub fn collect_items(
        &mut self,
        items: &'a [ast::Item],
        scope: ScopeId,
        out: &mut Deferred<'a>,
    ) {
        for item in items {
            self.collect_item(item, scope, out);
        }
    }

    /// Collects one item.
    pub fn collect_item(&mut self, item: &'a ast::Item, scope: ScopeId, out: &mut Deferred<'a>) {
        match &item.kind {
            ItemKind::Function(def) => self.collect_function(def, None, None, scope, out),
            ItemKind::Var(decls) => {
                for d in decls {
                    self.collect_var(d, scope, out);
                }
            }
            ItemKind::Struct(def) => {
                if def.spec_args.is_some() {
                    let e = self.unsupported(def.span, "partial specialisation");
                    self.report(e);
                    return;
                }
                if let Some(key) = self.collect_struct(def, scope) {
                    for d in &def.declarators {
                        let _ = key;
                        self.collect_var(d, scope, out);
                    }
                }
            }
            ItemKind::Enum(def) => self.collect_enum(def, scope),
            ItemKind::Typedef(t) => {
                self.declare(scope, &t.name.name, Decl::Typedef { ty: &t.ty, scope })
            }
            ItemKind::Template(td) => self.collect_template(td, item, scope, out),
            ItemKind::ExplicitInstantiation(inner) => out.explicit.push((inner, scope)),
            ItemKind::Namespace { name, items } => {
                let ns = match name {
                    Some(n) => {
                        let existing = self
                            .scope(scope)
                            .and_then(|s| s.names.get(&n.name))
                            .and_then(|ds| {
                                ds.iter().find_map(|d| match d {
                                    Decl::Namespace(s) => Some(*s),
                                    _ => None,
                                })
                            });
                        match existing {
                            Some(s) => s,
                            None => {
                                let prefix = format!(
                                    "{}{}::",
                                    self.scope(scope).map_or("", |s| s.prefix.as_str()),
                                    n.name
                                );
                                let s = self.new_scope(Some(scope), prefix);
                                self.declare(scope, &n.name, Decl::Namespace(s));
                                s
                            }
                        }
                    }
                    None => {
                        let prefix = self
                            .scope(scope)
                            .map_or(String::new(), |s| s.prefix.clone());
                        let s = self.new_scope(Some(scope), prefix);
                        if let Some(d) = self.scopes.get_mut(scope.0) {
                            d.usings.push(s);
                        }
                        s
                    }
                };
                self.collect_items(items, ns, out);
            }
            ItemKind::UsingNamespace(path) => match self.lookup_path(path, scope) {
                Ok(found) => match found.iter().find_map(|d| match d {
                    Decl::Namespace(s) => Some(*s),
                    _ => None,
                }) {
                    Some(ns) => {
                        if let Some(d) = self.scopes.get_mut(scope.0) {
                            d.usings.push(ns);
                        }
                    }
                    None => {
                        let e = self.err(
                            path.span,
                            format!("no namespace named `{}`", path.last_name()),
                        );
                        self.report(e);
                    }
                },
                Err(e) => self.report(e),
            },
            ItemKind::UsingDecl(path) => match self.lookup_path(path, scope) {
                Ok(found) if !found.is_empty() => {
                    for d in found {
                        self.declare(scope, path.last_name(), d);
                    }
                }
                Ok(_) => {
                    let e = self.err(path.span, format!("no member named `{}`", path.last_name()));
                    self.report(e);
                }
                Err(e) => self.report(e),
            },
            ItemKind::StaticAssert(sa) => out.asserts.push((sa, item.clone(), scope)),
            ItemKind::LinkageBlock(items) => self.collect_items(items, scope, out),
            ItemKind::HostCode { .. } | ItemKind::Empty => {}
        }
    }

    /// Records a function or method declaration.
    pub fn collect_function(
        &mut self,
        def: &'a ast::FunctionDef,
        template: Option<&'a [ast::TemplateParam]>,
        owner: Option<StructKey>,
        scope: ScopeId,
        out: &mut Deferred<'a>,
    ) {
        let is_device = def.quals.device || def.quals.global;
        if !is_device {
            if let Some(ast::FnBody::Block(b)) = &def.body {
                out.host_bodies.push((b, scope));
            }
        }
        let segs = &def.name.segments;
        let (decl_scope, owner) = if segs.len() > 1 && owner.is_none() {
            // An out-of-line member `Foo::bar`: find `Foo`.
            let mut prefix = def.name.clone();
            prefix.segments.pop();
            let head = match self.lookup_path(&prefix_as_type_path(&prefix), scope) {
                Ok(found) => found.into_iter().find_map(|d| match d {
                    Decl::Struct(k) => Some(k),
                    _ => None,
                }),
                Err(_) => None,
            };
            match head {
                Some(k) => (self.struct_info(k).map_or(scope, |s| s.scope), Some(k)),
                None => {
                    let ns = self.lookup_path(&def.name, scope).ok();
                    let _ = ns;
                    // A qualified free function `ns::f` defined outside its
                    // namespace, or a member of a template: resolve the
                    // namespace part.
                    match self.namespace_of_path(&prefix, scope) {
                        Some(ns) => (ns, None),
                        None => {
                            if is_device {
                                let e = self.unsupported(
                                    def.name.span,
                                    "out-of-line definition of a member of a class template",
                                );
                                self.report(e);
                            }
                            return;
                        }
                    }
                }
            }
        } else {
            (scope, owner)
        };
        let last = segs.last();
        let name = last.map_or(String::new(), |s| s.ident.name.clone());
        let spec_args = last.and_then(|s| s.args.as_deref());
        let id = FnDeclId(self.fns.len());
        // A definition replaces an earlier declaration with the same
        // parameter count in the same scope.
        self.fns.push(FnDecl {
            def,
            template,
            spec_args,
            scope: decl_scope,
            owner,
            name: name.clone(),
        });
        if def.body.is_some() && self.is_redefinition(decl_scope, &name, id) {
            let e = self.err(def.name.span, format!("redefinition of `{name}`"));
            self.report(e);
            return;
        }
        if def.body.is_some() {
            self.drop_prior_declaration(decl_scope, &name, id);
        } else if self.has_definition(decl_scope, &name, id) {
            return;
        }
        self.declare(decl_scope, &name, Decl::Function(id));
    }

    /// The namespace a qualified prefix names, if any.
    fn namespace_of_path(&mut self, prefix: &ast::Path, scope: ScopeId) -> Option<ScopeId> {
        let found = self.lookup_path(prefix, scope).ok()?;
        found.into_iter().find_map(|d| match d {
            Decl::Namespace(s) => Some(s),
            _ => None,
        })
    }

    /// Removes body-less declarations that `id` defines.
    fn drop_prior_declaration(&mut self, scope: ScopeId, name: &str, id: FnDeclId) {
        let Some(new) = self.fns.get(id.0) else {
            return;
        };
        let arity = new.def.params.len();
        let is_template = new.template.is_some();
        let fns = &self.fns;
        if let Some(list) = self
            .scopes
            .get_mut(scope.0)
            .and_then(|s| s.names.get_mut(name))
        {
            list.retain(|d| match d {
                Decl::Function(f) => fns.get(f.0).is_none_or(|f| {
                    f.def.body.is_some()
                        || f.def.params.len() != arity
                        || f.template.is_some() != is_template
                }),
                _ => true,
            });
        }
    }

    /// Does `id` define a function already defined with the same
    /// parameter types?
    fn is_redefinition(&self, scope: ScopeId, name: &str, id: FnDeclId) -> bool {
        let Some(new) = self.fns.get(id.0) else {
            return false;
        };
        let sig = |f: &FnDecl<'_>| -> Vec<String> {
            f.def
                .params
                .iter()
                .map(|p| super::kernels::render_ast_type(&p.ty))
                .collect()
        };
        let new_sig = sig(new);
        self.scope(scope)
            .and_then(|s| s.names.get(name))
            .is_some_and(|list| {
                list.iter().any(|d| match d {
                    Decl::Function(f) => self.fns.get(f.0).is_some_and(|f| {
                        matches!(f.def.body, Some(ast::FnBody::Block(_)))
                            && f.template.is_none()
                            && new.template.is_none()
                            && f.spec_args.is_none()
                            && new.spec_args.is_none()
                            && f.def.is_const == new.def.is_const
                            && sig(f) == new_sig
                    }),
                    _ => false,
                })
            })
    }

    /// Is there already a definition matching declaration `id`?
    fn has_definition(&self, scope: ScopeId, name: &str, id: FnDeclId) -> bool {
        let Some(new) = self.fns.get(id.0) else {
            return false;
        };
        let arity = new.def.params.len();
        self.scope(scope)
            .and_then(|s| s.names.get(name))
            .is_some_and(|list| {
                list.iter().any(|d| match d {
                    Decl::Function(f) => self.fns.get(f.0).is_some_and(|f| {
                        f.def.body.is_some()
                            && f.def.params.len() == arity
                            && f.template.is_some() == new.template.is_some()
                    }),
                    _ => false,
                })
            })
    }

    /// Records a namespace-scope or static-member variable.
    pub fn collect_var(&mut self, d: &'a ast::VarDecl, scope: ScopeId, out: &mut Deferred<'a>) {
        self.collect_inline_type(&d.ty, scope, out);
        let q = &d.quals;
        if q.shared || q.constant || q.device || q.managed {
            out.globals.push((d, scope));
        } else {
            self.declare(scope, &d.name.name, Decl::Var { decl: d, scope });
        }
    }

    /// Collects a struct or enum defined inside a declaration's type.
    pub fn collect_inline_type(
        &mut self,
        ty: &'a ast::Type,
        scope: ScopeId,
        out: &mut Deferred<'a>,
    ) {
        match &ty.kind {
            ast::TypeKind::Inline(item) => {
                let known = match &item.kind {
                    ItemKind::Struct(def) => self.structs.iter().any(|s| std::ptr::eq(s.def, def)),
                    _ => false,
                };
                if !known {
                    if let ItemKind::Struct(def) = &item.kind {
                        self.collect_struct(def, scope);
                    } else {
                        self.collect_item(item, scope, out);
                    }
                }
            }
            ast::TypeKind::Pointer { pointee: inner, .. }
            | ast::TypeKind::Reference { referee: inner, .. }
            | ast::TypeKind::Array { elem: inner, .. } => {
                self.collect_inline_type(inner, scope, out)
            }
            _ => {}
        }
    }

    /// Records a struct definition; returns its key.
    pub fn collect_struct(&mut self, def: &'a ast::StructDef, scope: ScopeId) -> Option<StructKey> {
        let name = def.name.as_ref().map(|n| n.name.clone());
        if let Some(n) = &name {
            // A definition after a forward declaration fills it in.
            let existing = self
                .scope(scope)
                .and_then(|s| s.names.get(n))
                .and_then(|ds| {
                    ds.iter().find_map(|d| match d {
                        Decl::Struct(k) => Some(*k),
                        _ => None,
                    })
                });
            if let Some(k) = existing {
                if def.members.is_some() {
                    if let Some(info) = self.structs.get_mut(k.0) {
                        if info.def.members.is_none() {
                            info.def = def;
                            self.collect_members(def, k);
                        }
                    }
                }
                return Some(k);
            }
        }
        let prefix = self
            .scope(scope)
            .map_or(String::new(), |s| s.prefix.clone());
        let display = name.clone().unwrap_or_else(|| "(anonymous struct)".into());
        let key = self.new_struct(def, format!("{prefix}{display}"), scope, None);
        if let Some(n) = &name {
            self.declare(scope, n, Decl::Struct(key));
        }
        self.collect_members(def, key);
        Some(key)
    }

    /// Creates a struct entry with its member scope.
    pub fn new_struct(
        &mut self,
        def: &'a ast::StructDef,
        name: String,
        parent: ScopeId,
        template: Option<(StructTemplateId, Vec<super::cx::TArg>)>,
    ) -> StructKey {
        let key = StructKey(self.structs.len());
        let member_scope = self.new_scope(Some(parent), format!("{name}::"));
        if let Some(s) = self.scopes.get_mut(member_scope.0) {
            s.owner = Some(key);
        }
        self.structs.push(StructInfo {
            def,
            name,
            scope: member_scope,
            id: None,
            fields: Vec::new(),
            base: None,
            completion: Completion::Pending,
            template,
        });
        key
    }

    /// Collects a struct's methods, nested items and static members.
    pub fn collect_members(&mut self, def: &'a ast::StructDef, key: StructKey) {
        let Some(scope) = self.struct_info(key).map(|s| s.scope) else {
            return;
        };
        let Some(members) = &def.members else { return };
        // Injected class name.
        if let Some(n) = &def.name {
            self.declare(scope, &n.name, Decl::Struct(key));
        }
        let mut deferred = Deferred::default();
        for m in members {
            match m {
                ast::Member::Field(decls) => {
                    for d in decls {
                        if d.quals.is_static {
                            self.declare(scope, &d.name.name, Decl::Var { decl: d, scope });
                        }
                    }
                }
                ast::Member::Method(f) => {
                    self.collect_function(f, None, Some(key), scope, &mut deferred)
                }
                ast::Member::Item(item) => match &item.kind {
                    ItemKind::Template(td) => {
                        if let ItemKind::Function(f) = &td.item.kind {
                            self.collect_function(
                                f,
                                Some(&td.params),
                                Some(key),
                                scope,
                                &mut deferred,
                            );
                        } else {
                            self.collect_item(item, scope, &mut deferred);
                        }
                    }
                    _ => self.collect_item(item, scope, &mut deferred),
                },
                ast::Member::Access(_) => {}
            }
        }
        self.member_host_bodies.extend(deferred.host_bodies);
        for (sa, item, _) in deferred.asserts {
            let _ = item;
            if let Err(e) = self.check_static_assert(sa, scope) {
                self.report(e);
            }
        }
    }

    /// Records an enum and its enumerators.
    pub fn collect_enum(&mut self, def: &ast::EnumDef, scope: ScopeId) {
        let underlying = match &def.underlying {
            Some(t) => match self.resolve_type(t, scope) {
                Ok(q) => q.ty.element_scalar().unwrap_or(Scalar::I32),
                Err(e) => {
                    self.report(e);
                    Scalar::I32
                }
            },
            None => Scalar::I32,
        };
        let enum_scope = self.new_scope(Some(scope), String::new());
        if let Some(n) = &def.name {
            self.declare(
                scope,
                &n.name,
                Decl::Enum {
                    underlying,
                    scoped: def.scoped,
                    scope: Some(enum_scope),
                },
            );
        }
        let mut next: i128 = 0;
        for (ident, value) in &def.variants {
            if let Some(e) = value {
                match self.const_eval_in(e, enum_scope) {
                    Ok(v) => next = v.as_int(),
                    Err(d) => self.report(d),
                }
            }
            let val = ConstVal::Int(super::const_eval::wrap_int(next, underlying), underlying);
            self.declare(enum_scope, &ident.name, Decl::Const(val));
            if !def.scoped {
                self.declare(scope, &ident.name, Decl::Const(val));
            }
            next = next.wrapping_add(1);
        }
    }

    /// Records a template declaration.
    fn collect_template(
        &mut self,
        td: &'a ast::TemplateDecl,
        item: &'a ast::Item,
        scope: ScopeId,
        out: &mut Deferred<'a>,
    ) {
        match &td.item.kind {
            ItemKind::Function(def) => {
                if td.params.is_empty() {
                    // `template<>` full specialisation: a plain function
                    // with `spec_args` from its name.
                    self.collect_function(def, None, None, scope, out);
                } else {
                    self.collect_function(def, Some(&td.params), None, scope, out);
                }
            }
            ItemKind::Struct(def) => {
                let Some(name) = &def.name else { return };
                let existing =
                    self.lookup_in(scope, &name.name)
                        .into_iter()
                        .find_map(|d| match d {
                            Decl::StructTemplate(t) => Some(t),
                            _ => None,
                        });
                match (&def.spec_args, existing) {
                    (Some(_), Some(t)) if !td.params.is_empty() => {
                        let e = self.unsupported(item.span, "partial specialisation");
                        self.report(e);
                        if let Some(tpl) = self.struct_templates.get_mut(t.0) {
                            tpl.partial = Some(item.span);
                        }
                    }
                    (Some(_), Some(t)) => {
                        if let Some(tpl) = self.struct_templates.get_mut(t.0) {
                            if td.params.is_empty() {
                                tpl.specs.push(def);
                            } else {
                                tpl.partial = Some(item.span);
                            }
                        }
                    }
                    (Some(_), None) => {
                        let e = self.err(
                            name.span,
                            format!(
                                "explicit specialisation of undeclared template `{}`",
                                name.name
                            ),
                        );
                        self.report(e);
                    }
                    (None, Some(t)) => {
                        if def.members.is_some() {
                            if let Some(tpl) = self.struct_templates.get_mut(t.0) {
                                tpl.def = def;
                                tpl.params = &td.params;
                            }
                        }
                    }
                    (None, None) => {
                        let prefix = self
                            .scope(scope)
                            .map_or(String::new(), |s| s.prefix.clone());
                        let id = StructTemplateId(self.struct_templates.len());
                        self.struct_templates.push(StructTemplate {
                            params: &td.params,
                            def,
                            scope,
                            specs: Vec::new(),
                            partial: None,
                            instances: Default::default(),
                            name: format!("{prefix}{}", name.name),
                        });
                        self.declare(scope, &name.name, Decl::StructTemplate(id));
                    }
                }
            }
            ItemKind::Template(_) => {
                // Member templates of class templates defined out of line.
                let _ = item;
            }
            ItemKind::Typedef(_) | ItemKind::Var(_) => {
                // Alias and variable templates are reported when used.
            }
            _ => self.collect_item(&td.item, scope, out),
        }
    }
}

/// A path prefix used to name a type (keeps template arguments).
fn prefix_as_type_path(p: &ast::Path) -> ast::Path {
    p.clone()
}
