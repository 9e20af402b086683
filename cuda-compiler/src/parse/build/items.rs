//! Items: functions, variables, structs, enums, typedefs, templates,
//! `using`, `static_assert`.

use super::{child, has, Builder};
use crate::parse::ast::*;
use crate::parse::grammar::Rule;
use crate::source::Span;
use pest::iterators::Pair;

impl Builder<'_> {
    /// An `item` pair (or `class_member`'s non-member alternatives).
    pub(crate) fn item(&self, p: Pair<'_, Rule>) -> Vec<Item> {
        match p.into_inner().next() {
            Some(inner) => self.item_kind(inner),
            None => Vec::new(),
        }
    }

    /// One of the item alternatives; a typedef of several names or a struct
    /// with a typedef gives several items.
    pub(super) fn item_kind(&self, p: Pair<'_, Rule>) -> Vec<Item> {
        let span = self.span(&p);
        let one = |kind| vec![Item { kind, span }];
        match p.as_rule() {
            Rule::empty_item => one(ItemKind::Empty),
            Rule::linkage_item => {
                let items = child(&p, Rule::item)
                    .map(|i| self.item(i))
                    .unwrap_or_default();
                one(ItemKind::LinkageBlock(items))
            }
            Rule::namespace_alias => {
                let name = child(&p, Rule::identifier).map(|i| self.ident(&i));
                let target = child(&p, Rule::type_path).map(|t| self.path(t));
                match (name, target) {
                    (Some(name), Some(target)) => one(ItemKind::Namespace {
                        name: Some(name),
                        items: vec![Item {
                            kind: ItemKind::UsingNamespace(target),
                            span,
                        }],
                    }),
                    _ => Vec::new(),
                }
            }
            Rule::using_namespace => match child(&p, Rule::type_path) {
                Some(path) => one(ItemKind::UsingNamespace(self.path(path))),
                None => Vec::new(),
            },
            Rule::using_alias => {
                let name = child(&p, Rule::identifier).map(|i| self.ident(&i));
                let ty = child(&p, Rule::type_id).map(|t| self.type_id(t));
                match (name, ty) {
                    (Some(name), Some(ty)) => {
                        one(ItemKind::Typedef(TypedefDecl { name, ty, span }))
                    }
                    _ => Vec::new(),
                }
            }
            Rule::using_decl => match child(&p, Rule::decl_path) {
                Some(path) => one(ItemKind::UsingDecl(self.path(path))),
                None => Vec::new(),
            },
            Rule::static_assert_item => {
                let cond = child(&p, Rule::assign_expr).map(|e| self.assign_expr(e));
                let message = child(&p, Rule::strings).map(|s| self.strings(&s));
                match cond {
                    Some(cond) => one(ItemKind::StaticAssert(StaticAssert { cond, message })),
                    None => Vec::new(),
                }
            }
            Rule::template_item => self.template_item(p, span),
            Rule::explicit_instantiation => child(&p, Rule::item)
                .map(|i| self.item(i))
                .unwrap_or_default()
                .into_iter()
                .map(|item| Item {
                    kind: ItemKind::ExplicitInstantiation(Box::new(item)),
                    span,
                })
                .collect(),
            Rule::typedef_item => self.typedef_item(p, span),
            Rule::function => one(ItemKind::Function(self.function(p))),
            Rule::class_def_item => {
                let (def, decls) = self.class_def_item(p);
                let mut def = def;
                def.declarators = decls;
                one(ItemKind::Struct(def))
            }
            Rule::class_fwd => {
                let kind = struct_kind(&p);
                let path = child(&p, Rule::type_path).map(|t| self.path(t));
                let (name, spec_args) = match path {
                    Some(mut path) => match path.segments.pop() {
                        Some(seg) => (Some(seg.ident), seg.args),
                        None => (None, None),
                    },
                    None => (None, None),
                };
                one(ItemKind::Struct(StructDef {
                    kind,
                    name,
                    spec_args,
                    bases: Vec::new(),
                    members: None,
                    align: None,
                    declarators: Vec::new(),
                    span,
                }))
            }
            Rule::enum_item => {
                let mut out = Vec::new();
                let mut def = None;
                let mut decls = Vec::new();
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::enum_spec => def = Some((self.span(&c), self.enum_spec(c))),
                        Rule::init_declarator => decls.push(c),
                        _ => {}
                    }
                }
                if let Some((espan, def)) = def {
                    let base = match &def.name {
                        Some(n) => Type {
                            kind: TypeKind::Named(Path::simple(n.clone())),
                            is_const: false,
                            is_volatile: false,
                            span: n.span,
                        },
                        None => Type {
                            kind: TypeKind::Inline(Box::new(Item {
                                kind: ItemKind::Enum(def.clone()),
                                span: espan,
                            })),
                            is_const: false,
                            is_volatile: false,
                            span: espan,
                        },
                    };
                    let named = def.name.is_some();
                    if named || decls.is_empty() {
                        out.push(Item {
                            kind: ItemKind::Enum(def),
                            span,
                        });
                    }
                    let vars: Vec<VarDecl> = decls
                        .into_iter()
                        .filter_map(|d| self.init_declarator(d, &VarQualifiers::default(), &base))
                        .collect();
                    if !vars.is_empty() {
                        out.push(Item {
                            kind: ItemKind::Var(vars),
                            span,
                        });
                    }
                }
                out
            }
            Rule::var_item => one(ItemKind::Var(self.declarations(p))),
            _ => one(ItemKind::HostCode {
                reason: format!("unexpected `{:?}`", p.as_rule()),
            }),
        }
    }

    fn template_item(&self, p: Pair<'_, Rule>, span: Span) -> Vec<Item> {
        let mut params = Vec::new();
        let mut items = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::template_param => {
                    if let Some(tp) = c.into_inner().next() {
                        params.push(self.template_param(tp));
                    }
                }
                Rule::item => items = self.item(c),
                _ => {}
            }
        }
        items
            .into_iter()
            .map(|item| Item {
                kind: ItemKind::Template(TemplateDecl {
                    params: params.clone(),
                    item: Box::new(item),
                }),
                span,
            })
            .collect()
    }

    fn template_param(&self, p: Pair<'_, Rule>) -> TemplateParam {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::tparam_type => {
                if has(&p, Rule::ellipsis) {
                    return TemplateParam::Unsupported {
                        what: "variadic templates".into(),
                        span,
                    };
                }
                let name = child(&p, Rule::identifier).map_or_else(
                    || Ident {
                        name: String::new(),
                        span,
                    },
                    |i| self.ident(&i),
                );
                TemplateParam::Type {
                    name,
                    default: child(&p, Rule::type_id).map(|t| self.type_id(t)),
                }
            }
            Rule::tparam_value => {
                if has(&p, Rule::ellipsis) {
                    return TemplateParam::Unsupported {
                        what: "variadic templates".into(),
                        span,
                    };
                }
                let base = child(&p, Rule::decl_specs).map(|s| self.decl_specs(s).base);
                let base = base.unwrap_or_else(|| self.error_type(span));
                let parts = child(&p, Rule::opt_declarator)
                    .map(|d| d.into_inner().collect::<Vec<_>>())
                    .unwrap_or_default();
                let (ty, name) = self.declare(base, parts);
                TemplateParam::Value {
                    ty,
                    name: name.unwrap_or(Ident {
                        name: String::new(),
                        span,
                    }),
                    default: child(&p, Rule::targ_expr).map(|e| self.assign_expr(e)),
                }
            }
            _ => TemplateParam::Unsupported {
                what: "template template parameters".into(),
                span,
            },
        }
    }

    fn typedef_item(&self, p: Pair<'_, Rule>, span: Span) -> Vec<Item> {
        let mut out = Vec::new();
        let mut base = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::decl_specs => {
                    let mut b = self.decl_specs(c).base;
                    // `typedef struct [Tag] { … } Name;`: the definition
                    // becomes its own item; anonymous ones take the first
                    // typedef name as their tag.
                    if let TypeKind::Inline(item) = &b.kind {
                        out.push((**item).clone());
                    }
                    if let TypeKind::Inline(item) = &b.kind {
                        let tag = match &item.kind {
                            ItemKind::Struct(s) => s.name.clone(),
                            ItemKind::Enum(e) => e.name.clone(),
                            _ => None,
                        };
                        if let Some(tag) = tag {
                            b.kind = TypeKind::Named(Path::simple(tag));
                        }
                    }
                    base = Some(b);
                }
                Rule::declarator => {
                    let Some(b) = base.clone() else { continue };
                    let (ty, name) = self.declare(b, c.into_inner());
                    let Some(name) = name else { continue };
                    // Anonymous struct: name it after the typedef.
                    if let TypeKind::Inline(_) = &ty.kind {
                        if let Some(Item {
                            kind: ItemKind::Struct(s),
                            ..
                        }) = out.last_mut()
                        {
                            if s.name.is_none() {
                                s.name = Some(name.clone());
                                base = Some(Type {
                                    kind: TypeKind::Named(Path::simple(name.clone())),
                                    ..ty
                                });
                                continue;
                            }
                        }
                        if let Some(Item {
                            kind: ItemKind::Enum(e),
                            ..
                        }) = out.last_mut()
                        {
                            if e.name.is_none() {
                                e.name = Some(name.clone());
                                base = Some(Type {
                                    kind: TypeKind::Named(Path::simple(name.clone())),
                                    ..ty
                                });
                                continue;
                            }
                        }
                    }
                    out.push(Item {
                        kind: ItemKind::Typedef(TypedefDecl { name, ty, span }),
                        span,
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// A `class_def_item`: the definition and the variables declared after
    /// its closing brace.
    fn class_def_item(&self, p: Pair<'_, Rule>) -> (StructDef, Vec<VarDecl>) {
        let span = self.span(&p);
        let mut def = None;
        let mut decls = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::class_spec => def = Some(self.class_spec(c, Vec::new())),
                Rule::init_declarator => decls.push(c),
                _ => {}
            }
        }
        let def = def.unwrap_or(StructDef {
            kind: StructKind::Struct,
            name: None,
            spec_args: None,
            bases: Vec::new(),
            members: None,
            align: None,
            declarators: Vec::new(),
            span,
        });
        let base = match &def.name {
            Some(n) => Type {
                kind: TypeKind::Named(Path::simple(n.clone())),
                is_const: false,
                is_volatile: false,
                span: n.span,
            },
            None => Type {
                kind: TypeKind::Inline(Box::new(Item {
                    kind: ItemKind::Struct(def.clone()),
                    span: def.span,
                })),
                is_const: false,
                is_volatile: false,
                span: def.span,
            },
        };
        let vars = decls
            .into_iter()
            .filter_map(|d| self.init_declarator(d, &VarQualifiers::default(), &base))
            .collect();
        (def, vars)
    }

    /// A `class_spec` pair.
    pub(super) fn class_spec(&self, p: Pair<'_, Rule>, declarators: Vec<VarDecl>) -> StructDef {
        let span = self.span(&p);
        let kind = struct_kind(&p);
        let mut def = StructDef {
            kind,
            name: None,
            spec_args: None,
            bases: Vec::new(),
            members: Some(Vec::new()),
            align: None,
            declarators,
            span,
        };
        let mut members = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::align_spec => def.align = self.align_spec(c),
                Rule::class_name => {
                    for n in c.into_inner() {
                        match n.as_rule() {
                            Rule::identifier => def.name = Some(self.ident(&n)),
                            Rule::template_args => def.spec_args = Some(self.template_args(n)),
                            _ => {}
                        }
                    }
                }
                Rule::base_clause => {
                    def.bases = c
                        .into_inner()
                        .filter_map(|b| child(&b, Rule::type_path))
                        .map(|t| self.path(t))
                        .collect();
                }
                Rule::class_member => members.extend(self.member(c)),
                _ => {}
            }
        }
        def.members = Some(members);
        def
    }

    fn member(&self, p: Pair<'_, Rule>) -> Vec<Member> {
        let Some(m) = p.into_inner().next() else {
            return Vec::new();
        };
        let span = self.span(&m);
        match m.as_rule() {
            Rule::access_spec => vec![Member::Access(span)],
            Rule::empty_item => Vec::new(),
            Rule::function => vec![Member::Method(self.function(m))],
            Rule::field => vec![Member::Field(self.declarations(m))],
            Rule::friend_decl => vec![Member::Item(Item {
                kind: ItemKind::HostCode {
                    reason: "friend declaration".into(),
                },
                span,
            })],
            Rule::class_def_item => {
                let (mut def, decls) = self.class_def_item(m);
                if def.name.is_none() && !decls.is_empty() {
                    // `struct { … } a, b;` inside a struct: fields of an
                    // inline type.
                    vec![Member::Field(decls)]
                } else {
                    def.declarators = decls;
                    vec![Member::Item(Item {
                        kind: ItemKind::Struct(def),
                        span,
                    })]
                }
            }
            _ => self.item_kind(m).into_iter().map(Member::Item).collect(),
        }
    }

    /// An `enum_spec` pair.
    pub(super) fn enum_spec(&self, p: Pair<'_, Rule>) -> EnumDef {
        let span = self.span(&p);
        let mut def = EnumDef {
            name: None,
            scoped: false,
            underlying: None,
            variants: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::k_class | Rule::k_struct => def.scoped = true,
                Rule::identifier => def.name = Some(self.ident(&c)),
                Rule::type_specs => def.underlying = Some(self.type_specs(c)),
                Rule::enumerator => {
                    let mut inner = c.into_inner();
                    if let Some(id) = inner.next() {
                        let value = inner.next().map(|v| self.assign_expr(v));
                        def.variants.push((self.ident(&id), value));
                    }
                }
                _ => {}
            }
        }
        def
    }

    /// A `function` pair.
    pub(super) fn function(&self, p: Pair<'_, Rule>) -> FunctionDef {
        let span = self.span(&p);
        let mut head_pairs = Vec::new();
        let mut ret_parts = Vec::new();
        let mut name = None;
        let mut typed = false;
        let mut params = (Vec::new(), false);
        let mut is_const = false;
        let mut trailing = None;
        let mut member_inits = Vec::new();
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::storage_spec | Rule::k_const | Rule::k_volatile => head_pairs.push(c),
                Rule::fn_typed_head | Rule::fn_untyped_head => {
                    typed = c.as_rule() == Rule::fn_typed_head;
                    for h in c.into_inner() {
                        match h.as_rule() {
                            Rule::decl_path => name = Some(self.path(h)),
                            Rule::ptr_op => ret_parts.push(h),
                            _ => head_pairs.push(h),
                        }
                    }
                }
                Rule::param_list => params = self.param_list(c),
                Rule::const_fn => is_const = true,
                Rule::trailing_ret => trailing = child(&c, Rule::type_id).map(|t| self.type_id(t)),
                Rule::member_inits => {
                    for mi in c.into_inner() {
                        let mut ident = None;
                        let mut args = Vec::new();
                        for x in mi.into_inner() {
                            match x.as_rule() {
                                Rule::type_path => {
                                    let path = self.path(x);
                                    ident = path.segments.last().map(|s| s.ident.clone());
                                }
                                Rule::args => args = self.args(x),
                                Rule::braced_args => {
                                    args = x
                                        .into_inner()
                                        .next()
                                        .map(|a| self.args(a))
                                        .unwrap_or_default()
                                }
                                _ => {}
                            }
                        }
                        if let Some(ident) = ident {
                            member_inits.push((ident, args));
                        }
                    }
                }
                Rule::fn_end => body = c.into_inner().next(),
                _ => {}
            }
        }
        let specs = self.specs_from(head_pairs.into_iter(), span);
        let quals = specs.func;
        let ret = if typed {
            let (ty, _) = self.declare(specs.base, ret_parts);
            Some(match (&ty.kind, trailing) {
                (TypeKind::Auto, Some(t)) => t,
                _ => ty,
            })
        } else {
            None
        };
        let body = body.and_then(|b| match b.as_rule() {
            Rule::fn_body => {
                let inner = b.into_inner().next()?;
                match inner.as_rule() {
                    Rule::block => Some(FnBody::Block(self.block(inner))),
                    _ => {
                        let bspan = self.span(&inner);
                        if quals.global || quals.device {
                            // A device function must parse strictly: report
                            // why its body did not.
                            self.push(crate::parse::errors::diagnose_body(
                                self.full_text,
                                bspan,
                                self.map,
                            ));
                        }
                        Some(FnBody::Host(bspan))
                    }
                }
            }
            Rule::defaulted => Some(FnBody::Defaulted),
            _ => None,
        });
        FunctionDef {
            quals,
            ret,
            name: name.unwrap_or_else(|| self.error_path(span)),
            params: params.0,
            variadic: params.1,
            is_const,
            member_inits,
            body,
            span,
        }
    }
}

fn struct_kind(p: &Pair<'_, Rule>) -> StructKind {
    if has(p, Rule::k_class) {
        StructKind::Class
    } else if has(p, Rule::k_union) {
        StructKind::Union
    } else {
        StructKind::Struct
    }
}
