//! Names, template arguments, declaration specifiers, declarators and
//! parameters.

use super::{child, Builder};
use crate::parse::ast::*;
use crate::parse::grammar::Rule;
use crate::source::Span;
use pest::iterators::Pair;

/// Everything in front of a declarator: qualifiers and the base type.
pub(super) struct DeclSpecs {
    /// Storage and memory-space qualifiers (for variables).
    pub var: VarQualifiers,
    /// Function qualifiers (for functions).
    pub func: FnQualifiers,
    /// `friend` was written.
    pub friend: bool,
    /// The base type with `const`/`volatile`.
    pub base: Type,
}

impl Builder<'_> {
    /// A placeholder type after an error was already reported.
    pub(super) fn error_type(&self, span: Span) -> Type {
        Type {
            kind: TypeKind::Builtin(BuiltinType::Int),
            is_const: false,
            is_volatile: false,
            span,
        }
    }

    /// A placeholder path after an error was already reported.
    pub(super) fn error_path(&self, span: Span) -> Path {
        Path::simple(Ident {
            name: String::new(),
            span,
        })
    }

    /// `type_path`, `expr_path` or `decl_path`.
    pub(super) fn path(&self, p: Pair<'_, Rule>) -> Path {
        let span = self.span(&p);
        let mut global = false;
        let mut segments = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::global_scope => global = true,
                Rule::identifier => segments.push(PathSegment {
                    ident: self.ident(&c),
                    args: None,
                }),
                Rule::type_seg | Rule::expr_seg | Rule::decl_seg => {
                    let mut ident = None;
                    let mut args = None;
                    for s in c.into_inner() {
                        match s.as_rule() {
                            Rule::identifier => ident = Some(self.ident(&s)),
                            Rule::operator_name | Rule::dtor_name => {
                                ident = Some(self.special_name(&s))
                            }
                            Rule::template_args => args = Some(self.template_args(s)),
                            _ => {}
                        }
                    }
                    if let Some(ident) = ident {
                        segments.push(PathSegment { ident, args });
                    }
                }
                _ => {}
            }
        }
        if segments.is_empty() {
            return self.error_path(span);
        }
        Path {
            global,
            segments,
            span,
        }
    }

    /// An `expr_path` pair.
    pub(super) fn expr_path(&self, p: Pair<'_, Rule>) -> Path {
        self.path(p)
    }

    /// `operator+`, `operator()`, `operator float`, `~Foo` as one identifier.
    pub(super) fn special_name(&self, p: &Pair<'_, Rule>) -> Ident {
        let name: String = match p.as_rule() {
            Rule::dtor_name => p.as_str().split_whitespace().collect(),
            _ => {
                let rest: Vec<&str> = p.as_str()["operator".len().min(p.as_str().len())..]
                    .split_whitespace()
                    .collect();
                // `operator T *` → `operator T*`.
                let joined = rest.join(" ").replace(" *", "*").replace(" &", "&");
                if joined
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                {
                    format!("operator {joined}")
                } else {
                    format!("operator{}", joined.replace(' ', ""))
                }
            }
        };
        Ident {
            name,
            span: self.span(p),
        }
    }

    /// A `template_args` pair.
    pub(super) fn template_args(&self, p: Pair<'_, Rule>) -> Vec<TemplateArg> {
        p.into_inner()
            .filter_map(|a| a.into_inner().next())
            .map(|a| match a.as_rule() {
                Rule::targ_type => match a.clone().into_inner().next() {
                    Some(t) => {
                        let ty = self.type_id(t);
                        match ty.kind {
                            TypeKind::Named(path)
                                if !ty.is_const
                                    && !ty.is_volatile
                                    && path.segments.last().is_some_and(|s| s.args.is_none()) =>
                            {
                                TemplateArg::Expr(Expr {
                                    span: path.span,
                                    kind: ExprKind::Path(path),
                                })
                            }
                            kind => TemplateArg::Type(Type { kind, ..ty }),
                        }
                    }
                    None => TemplateArg::Expr(self.assign_expr(a)),
                },
                _ => TemplateArg::Expr(self.assign_expr(a)),
            })
            .collect()
    }

    /// `type_id`, `cast_type` or `conversion_type`: specifiers plus an
    /// abstract declarator.
    pub(super) fn type_id(&self, p: Pair<'_, Rule>) -> Type {
        let span = self.span(&p);
        let mut base = None;
        let mut decl: Vec<Pair<'_, Rule>> = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::type_specs => base = Some(self.type_specs(c)),
                Rule::abstract_declarator => decl.extend(c.into_inner()),
                _ => decl.push(c),
            }
        }
        let base = base.unwrap_or_else(|| self.error_type(span));
        let (mut ty, _) = self.declare(base, decl);
        ty.span = span;
        ty
    }

    /// `type_specs`: cv qualifiers around a base type.
    pub(super) fn type_specs(&self, p: Pair<'_, Rule>) -> Type {
        let span = self.span(&p);
        let mut ty = None;
        let (mut c, mut v) = (false, false);
        for x in p.into_inner() {
            match x.as_rule() {
                Rule::k_const => c = true,
                Rule::k_volatile => v = true,
                Rule::base_type => ty = Some(self.base_type(x)),
                _ => {}
            }
        }
        let mut ty = ty.unwrap_or_else(|| self.error_type(span));
        ty.is_const |= c;
        ty.is_volatile |= v;
        ty
    }

    /// `base_type`.
    pub(super) fn base_type(&self, p: Pair<'_, Rule>) -> Type {
        let span = self.span(&p);
        let Some(inner) = p.into_inner().next() else {
            return self.error_type(span);
        };
        let kind = match inner.as_rule() {
            Rule::builtin_seq => return self.builtin_seq(inner),
            Rule::auto_type => TypeKind::Auto,
            Rule::decltype_type => match child(&inner, Rule::expr) {
                Some(e) => TypeKind::Decltype(Box::new(self.expr(e))),
                None => TypeKind::Auto,
            },
            Rule::class_spec => {
                let item_span = self.span(&inner);
                let def = self.class_spec(inner, Vec::new());
                TypeKind::Inline(Box::new(Item {
                    kind: ItemKind::Struct(def),
                    span: item_span,
                }))
            }
            Rule::enum_spec => {
                let item_span = self.span(&inner);
                TypeKind::Inline(Box::new(Item {
                    kind: ItemKind::Enum(self.enum_spec(inner)),
                    span: item_span,
                }))
            }
            Rule::elaborated | Rule::named_type => match child(&inner, Rule::type_path) {
                Some(path) => TypeKind::Named(self.path(path)),
                None => return self.error_type(span),
            },
            _ => return self.error_type(span),
        };
        Type {
            kind,
            is_const: false,
            is_volatile: false,
            span,
        }
    }

    /// `builtin_seq`: keyword spellings normalised (`unsigned` =
    /// `unsigned int`, `long long int` = `long long`, …).
    pub(super) fn builtin_seq(&self, p: Pair<'_, Rule>) -> Type {
        let span = self.span(&p);
        let (mut is_const, mut is_volatile) = (false, false);
        let mut words: Vec<&str> = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::k_const => is_const = true,
                Rule::k_volatile => is_volatile = true,
                _ => words.push(c.as_str()),
            }
        }
        let count = |w: &str| words.iter().filter(|&&x| x == w).count();
        let (signed, unsigned) = (count("signed") + count("__signed__"), count("unsigned"));
        let (short, long, int, char_) =
            (count("short"), count("long"), count("int"), count("char"));
        let (float, double, void, bool_) = (
            count("float"),
            count("double"),
            count("void"),
            count("bool"),
        );
        use BuiltinType as B;
        let others = float + double + void + bool_ + char_;
        let b = if signed + unsigned > 1
            || int > 1
            || long > 2
            || short > 1
            || (short > 0 && long > 0)
            || others > 1
            || (others > 0 && (int > 0 || short > 0))
            || ((float + void + bool_) > 0 && (signed + unsigned + long) > 0)
            || (double > 0 && (signed + unsigned > 0 || long > 1))
            || (char_ > 0 && long > 0)
        {
            self.error(span, format!("invalid type `{}`", words.join(" ")));
            B::Int
        } else if void > 0 {
            B::Void
        } else if bool_ > 0 {
            B::Bool
        } else if float > 0 {
            B::Float
        } else if double > 0 {
            if long > 0 {
                B::LongDouble
            } else {
                B::Double
            }
        } else if char_ > 0 {
            match (signed, unsigned) {
                (0, 0) => B::Char,
                (_, 0) => B::SChar,
                _ => B::UChar,
            }
        } else if short > 0 {
            if unsigned > 0 {
                B::UShort
            } else {
                B::Short
            }
        } else if long == 2 {
            if unsigned > 0 {
                B::ULongLong
            } else {
                B::LongLong
            }
        } else if long == 1 {
            if unsigned > 0 {
                B::ULong
            } else {
                B::Long
            }
        } else if unsigned > 0 {
            B::UInt
        } else {
            B::Int
        };
        Type {
            kind: TypeKind::Builtin(b),
            is_const,
            is_volatile,
            span,
        }
    }

    /// Reads a `storage_spec` into the qualifier sets.
    fn storage_spec(&self, p: Pair<'_, Rule>, specs: &mut DeclSpecs) {
        let Some(q) = p.into_inner().next() else {
            return;
        };
        let (v, f) = (&mut specs.var, &mut specs.func);
        match q.as_rule() {
            Rule::shared_q => v.shared = true,
            Rule::constant_q => v.constant = true,
            Rule::device_q => {
                v.device = true;
                f.device = true;
            }
            Rule::managed_q => v.managed = true,
            Rule::global_q => f.global = true,
            Rule::host_q => f.host = true,
            Rule::forceinline_q => f.forceinline = true,
            Rule::noinline_q => f.noinline = true,
            Rule::static_q => {
                v.is_static = true;
                f.is_static = true;
            }
            Rule::extern_q => {
                v.is_extern = true;
                f.is_extern = true;
            }
            Rule::inline_q => f.inline = true,
            Rule::constexpr_q => {
                v.constexpr = true;
                f.constexpr = true;
            }
            Rule::register_q => v.register = true,
            Rule::thread_local_q => v.thread_local = true,
            Rule::virtual_q => f.is_virtual = true,
            Rule::explicit_q => f.explicit = true,
            Rule::friend_q => specs.friend = true,
            Rule::launch_bounds => {
                f.launch_bounds = Some(
                    q.into_inner()
                        .skip(1)
                        .map(|e| self.assign_expr(e))
                        .collect(),
                )
            }
            Rule::align_spec => v.align = self.align_spec(q),
            _ => {}
        }
    }

    /// `__align__(N)` / `alignas(N)`; `alignas(T)` becomes `alignof(T)`.
    pub(super) fn align_spec(&self, p: Pair<'_, Rule>) -> Option<Expr> {
        let arg = p.into_inner().nth(1)?;
        Some(match arg.as_rule() {
            Rule::type_id => {
                let span = self.span(&arg);
                Expr {
                    kind: ExprKind::AlignofType(self.type_id(arg)),
                    span,
                }
            }
            _ => self.assign_expr(arg),
        })
    }

    /// Reads qualifiers and a base type from a sequence of pairs
    /// (`decl_specs`, or the head of a function).
    pub(super) fn specs_from<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
        span: Span,
    ) -> DeclSpecs {
        let mut specs = DeclSpecs {
            var: VarQualifiers::default(),
            func: FnQualifiers::default(),
            friend: false,
            base: self.error_type(span),
        };
        let (mut c, mut v) = (false, false);
        for x in pairs {
            match x.as_rule() {
                Rule::storage_spec => self.storage_spec(x, &mut specs),
                Rule::k_const => c = true,
                Rule::k_volatile => v = true,
                Rule::base_type => specs.base = self.base_type(x),
                _ => {}
            }
        }
        specs.base.is_const |= c;
        specs.base.is_volatile |= v;
        specs
    }

    /// A `decl_specs` pair.
    pub(super) fn decl_specs(&self, p: Pair<'_, Rule>) -> DeclSpecs {
        let span = self.span(&p);
        self.specs_from(p.into_inner(), span)
    }

    /// Wraps a type in one `ptr_op`.
    fn wrap_ptr(&self, ty: Type, op: Pair<'_, Rule>) -> Type {
        let span = ty.span.to(self.span(&op));
        let Some(inner) = op.into_inner().next() else {
            return ty;
        };
        match inner.as_rule() {
            Rule::ptr_star => {
                let quals: Vec<Rule> = inner.into_inner().map(|q| q.as_rule()).collect();
                Type {
                    kind: TypeKind::Pointer {
                        pointee: Box::new(ty),
                        restrict: quals.contains(&Rule::k_restrict),
                    },
                    is_const: quals.contains(&Rule::k_const),
                    is_volatile: quals.contains(&Rule::k_volatile),
                    span,
                }
            }
            rule => Type {
                kind: TypeKind::Reference {
                    referee: Box::new(ty),
                    rvalue: rule == Rule::ref_rvalue,
                },
                is_const: false,
                is_volatile: false,
                span,
            },
        }
    }

    /// Applies declarator parts (`ptr_op`s, a name, a parenthesised inner
    /// declarator, suffixes) to a base type, C's inside-out way.
    pub(super) fn declare<'i>(
        &self,
        base: Type,
        parts: impl IntoIterator<Item = Pair<'i, Rule>>,
    ) -> (Type, Option<Ident>) {
        let mut ty = base;
        let mut name = None;
        let mut inner_ops: Vec<Pair<'i, Rule>> = Vec::new();
        let mut suffixes: Vec<Pair<'i, Rule>> = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::ptr_op => ty = self.wrap_ptr(ty, part),
                Rule::declarator_id => name = part.into_inner().next().map(|i| self.ident(&i)),
                Rule::paren_declarator | Rule::paren_abstract => {
                    for x in part.into_inner() {
                        match x.as_rule() {
                            Rule::ptr_op => inner_ops.push(x),
                            Rule::declarator_id => {
                                name = x.into_inner().next().map(|i| self.ident(&i))
                            }
                            _ => {}
                        }
                    }
                }
                Rule::decl_suffix => suffixes.extend(part.into_inner()),
                Rule::array_suffix | Rule::fn_suffix => suffixes.push(part),
                _ => {}
            }
        }
        for s in suffixes.into_iter().rev() {
            let span = ty.span.to(self.span(&s));
            ty = match s.as_rule() {
                Rule::array_suffix => Type {
                    kind: TypeKind::Array {
                        elem: Box::new(ty),
                        len: child(&s, Rule::expr).map(|e| Box::new(self.expr(e))),
                    },
                    is_const: false,
                    is_volatile: false,
                    span,
                },
                _ => {
                    let params = child(&s, Rule::param_list)
                        .map(|l| self.param_list(l).0)
                        .unwrap_or_default();
                    Type {
                        kind: TypeKind::Function {
                            ret: Box::new(ty),
                            params: params.into_iter().map(|p| p.ty).collect(),
                        },
                        is_const: false,
                        is_volatile: false,
                        span,
                    }
                }
            };
        }
        for op in inner_ops {
            ty = self.wrap_ptr(ty, op);
        }
        (ty, name)
    }

    /// A `param_list`: parameters and whether `...` ends it. `(void)` is an
    /// empty list.
    pub(super) fn param_list(&self, p: Pair<'_, Rule>) -> (Vec<Param>, bool) {
        let mut params = Vec::new();
        let mut variadic = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ellipsis => variadic = true,
                Rule::param => params.push(self.param(c)),
                _ => {}
            }
        }
        if let [only] = params.as_slice() {
            if only.name.is_none()
                && only.default.is_none()
                && matches!(only.ty.kind, TypeKind::Builtin(BuiltinType::Void))
            {
                params.clear();
            }
        }
        (params, variadic)
    }

    fn param(&self, p: Pair<'_, Rule>) -> Param {
        let span = self.span(&p);
        let mut specs = None;
        let mut decl = Vec::new();
        let mut default = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::decl_specs => specs = Some(self.decl_specs(c)),
                Rule::opt_declarator => decl.extend(c.into_inner()),
                Rule::init_list => {
                    let s = self.span(&c);
                    default = Some(Expr {
                        kind: ExprKind::InitList(self.init_list(c)),
                        span: s,
                    })
                }
                Rule::assign_expr => default = Some(self.assign_expr(c)),
                _ => {}
            }
        }
        let base = specs.map_or_else(|| self.error_type(span), |s| s.base);
        let (ty, name) = self.declare(base, decl);
        Param {
            ty,
            name,
            default,
            span,
        }
    }

    /// An `init_declarator` with shared qualifiers and base type.
    pub(super) fn init_declarator(
        &self,
        p: Pair<'_, Rule>,
        quals: &VarQualifiers,
        base: &Type,
    ) -> Option<VarDecl> {
        let span = self.span(&p);
        let mut ty = base.clone();
        let mut name = None;
        let mut init = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::declarator => {
                    let (t, n) = self.declare(base.clone(), c.into_inner());
                    ty = t;
                    name = n;
                }
                Rule::bitfield => {
                    self.push(
                        crate::diag::Diagnostic::unsupported("bit-fields")
                            .at_expanded(self.span(&c), self.map),
                    );
                }
                Rule::initializer => init = self.initializer(c),
                _ => {}
            }
        }
        Some(VarDecl {
            quals: quals.clone(),
            ty,
            name: name?,
            init,
            span,
        })
    }

    fn initializer(&self, p: Pair<'_, Rule>) -> Option<Initializer> {
        let c = p.into_inner().next()?;
        let span = self.span(&c);
        Some(match c.as_rule() {
            Rule::init_list => Initializer::List(self.init_list(c), span),
            Rule::ctor_args => Initializer::Ctor(
                child(&c, Rule::args)
                    .map(|a| self.args(a))
                    .unwrap_or_default(),
                span,
            ),
            _ => Initializer::Expr(self.assign_expr(c)),
        })
    }
}
