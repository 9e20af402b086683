//! Resolving written types (AST) to IR types.

use super::cx::{Decl, ScopeId, Sema};
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, Scalar, Type};
use crate::parse::ast::{self, BuiltinType, TypeKind};

/// A resolved type with the qualifiers the IR type does not keep.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QualType {
    /// The IR type (pointers in [`AddrSpace::Generic`] until a use gives
    /// them a space).
    pub ty: Type,
    /// Top-level `const`.
    pub is_const: bool,
    /// Top-level `volatile`.
    pub is_volatile: bool,
    /// A reference (`T&`, `T&&`): an lvalue binding.
    pub reference: bool,
}

impl QualType {
    /// A plain value type.
    pub fn plain(ty: Type) -> Self {
        Self {
            ty,
            is_const: false,
            is_volatile: false,
            reference: false,
        }
    }
}

/// The IR scalar of a keyword type (`None` for `void` and `long double`).
pub(crate) fn builtin_scalar(b: BuiltinType) -> Option<Scalar> {
    Some(match b {
        BuiltinType::Void | BuiltinType::LongDouble => return None,
        BuiltinType::Bool => Scalar::Bool,
        BuiltinType::Char | BuiltinType::SChar => Scalar::I8,
        BuiltinType::UChar => Scalar::U8,
        BuiltinType::Short => Scalar::I16,
        BuiltinType::UShort => Scalar::U16,
        BuiltinType::Int => Scalar::I32,
        BuiltinType::UInt => Scalar::U32,
        BuiltinType::Long | BuiltinType::LongLong => Scalar::I64,
        BuiltinType::ULong | BuiltinType::ULongLong => Scalar::U64,
        BuiltinType::Float => Scalar::F32,
        BuiltinType::Double => Scalar::F64,
    })
}

/// Sets every pointer's address space (outermost first) in a type.
pub(crate) fn with_space(ty: &Type, space: AddrSpace) -> Type {
    match ty {
        Type::Pointer {
            pointee,
            read_only,
            restrict,
            ..
        } => Type::Pointer {
            pointee: Box::new(with_space(pointee, space)),
            space,
            read_only: *read_only,
            restrict: *restrict,
        },
        Type::Array(elem, n) => Type::Array(Box::new(with_space(elem, space)), *n),
        other => other.clone(),
    }
}

/// Sets only the outermost pointer's space.
pub(crate) fn with_top_space(ty: &Type, space: AddrSpace) -> Type {
    match ty {
        Type::Pointer {
            pointee,
            read_only,
            restrict,
            ..
        } => Type::Pointer {
            pointee: pointee.clone(),
            space,
            read_only: *read_only,
            restrict: *restrict,
        },
        other => other.clone(),
    }
}

/// Are two types the same apart from pointer spaces, `const` and
/// `__restrict__`?
pub(crate) fn same_shape(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Pointer { pointee: pa, .. }, Type::Pointer { pointee: pb, .. }) => {
            same_shape(pa, pb)
        }
        (Type::Array(ea, na), Type::Array(eb, nb)) => na == nb && same_shape(ea, eb),
        _ => a == b,
    }
}

impl<'a> Sema<'a> {
    /// Resolves a written type in a scope.
    pub fn resolve_type(&mut self, ty: &ast::Type, scope: ScopeId) -> Result<QualType, Diagnostic> {
        self.depth += 1;
        let r = if self.depth > 200 {
            Err(self.err(ty.span, "type is nested too deeply"))
        } else {
            self.resolve_type_inner(ty, scope)
        };
        self.depth -= 1;
        r
    }

    fn resolve_type_inner(
        &mut self,
        ty: &ast::Type,
        scope: ScopeId,
    ) -> Result<QualType, Diagnostic> {
        let base = match &ty.kind {
            TypeKind::Builtin(BuiltinType::Void) => Type::Void,
            TypeKind::Builtin(BuiltinType::LongDouble) => {
                return Err(self.unsupported(ty.span, "`long double`"))
            }
            TypeKind::Builtin(b) => Type::Scalar(builtin_scalar(*b).unwrap_or(Scalar::I32)),
            TypeKind::Named(path) => return self.resolve_named_type(path, ty, scope),
            TypeKind::Auto => {
                return Err(self
                    .err(ty.span, "`auto` is not allowed here")
                    .with_label("the type cannot be deduced here"))
            }
            TypeKind::Decltype(_) => return Err(self.unsupported(ty.span, "`decltype` types")),
            TypeKind::Pointer { pointee, restrict } => {
                let inner = self.resolve_type(pointee, scope)?;
                if inner.reference {
                    return Err(self.err(ty.span, "pointer to a reference is not allowed"));
                }
                Type::Pointer {
                    pointee: Box::new(inner.ty),
                    space: AddrSpace::Generic,
                    read_only: inner.is_const,
                    restrict: *restrict,
                }
            }
            TypeKind::Reference { referee, .. } => {
                let inner = self.resolve_type(referee, scope)?;
                return Ok(QualType {
                    reference: true,
                    ..inner
                });
            }
            TypeKind::Array { elem, len } => {
                let inner = self.resolve_type(elem, scope)?;
                if inner.ty == Type::Void {
                    return Err(self.err(ty.span, "array of `void` is not allowed"));
                }
                let n = match len {
                    Some(e) => {
                        let v = self.const_eval_in(e, scope)?;
                        let n = v.as_int();
                        if !(0..=(1i128 << 40)).contains(&n)
                            || matches!(v, super::cx::ConstVal::Float(..))
                        {
                            return Err(self
                                .err(e.span, "array size must be a non-negative integer constant")
                                .with_label(format!("this is {n}")));
                        }
                        n as u64
                    }
                    None => 0,
                };
                return Ok(QualType {
                    ty: Type::Array(Box::new(inner.ty), n),
                    is_const: inner.is_const || ty.is_const,
                    is_volatile: inner.is_volatile || ty.is_volatile,
                    reference: false,
                });
            }
            TypeKind::Function { .. } => {
                return Err(self.unsupported(ty.span, "function pointers in device code"))
            }
            TypeKind::Inline(item) => match &item.kind {
                ast::ItemKind::Struct(def) => {
                    // Inline definitions were collected with their
                    // declaration; find that struct.
                    let key = self
                        .structs
                        .iter()
                        .position(|s| {
                            std::ptr::eq(s.def, def)
                                || (s.def.span == def.span && s.def.name == def.name)
                        })
                        .map(super::cx::StructKey)
                        .ok_or_else(|| {
                            self.unsupported(ty.span, "a struct defined inside this declaration")
                        })?;
                    let id = self.complete_struct(key, ty.span)?;
                    Type::Struct(id)
                }
                ast::ItemKind::Enum(def) => match &def.underlying {
                    Some(u) => self.resolve_type(u, scope)?.ty,
                    None => Type::Scalar(Scalar::I32),
                },
                _ => return Err(self.unsupported(ty.span, "this kind of inline type")),
            },
        };
        Ok(QualType {
            ty: base,
            is_const: ty.is_const,
            is_volatile: ty.is_volatile,
            reference: false,
        })
    }

    fn resolve_named_type(
        &mut self,
        path: &ast::Path,
        ty: &ast::Type,
        scope: ScopeId,
    ) -> Result<QualType, Diagnostic> {
        let found = self.lookup_path(path, scope)?;
        let args = path.segments.last().and_then(|s| s.args.as_ref());
        let mut q = match found.first() {
            Some(Decl::Type(t)) => QualType::plain(t.clone()),
            Some(Decl::Struct(k)) => {
                let mut k = *k;
                if let (Some(args), Some(t)) = (
                    args,
                    self.struct_info(k)
                        .and_then(|s| s.template.as_ref().map(|t| t.0)),
                ) {
                    k = self.instantiate_struct_template(t, args, scope, path.span)?;
                }
                let id = self.complete_struct(k, path.span)?;
                QualType::plain(Type::Struct(id))
            }
            Some(Decl::StructTemplate(t)) => {
                let t = *t;
                let Some(args) = args else {
                    let name = path.last_name().to_string();
                    return Err(self.err(
                        path.span,
                        format!("use of class template `{name}` requires template arguments"),
                    ));
                };
                let key = self.instantiate_struct_template(t, args, scope, path.span)?;
                let id = self.complete_struct(key, path.span)?;
                QualType::plain(Type::Struct(id))
            }
            Some(Decl::Typedef {
                ty: inner,
                scope: s,
            }) => {
                let (inner, s) = (*inner, *s);
                self.resolve_type(inner, s)?
            }
            Some(Decl::Enum { underlying, .. }) => QualType::plain(Type::Scalar(*underlying)),
            Some(_) => {
                return Err(self.err(
                    path.span,
                    format!("`{}` does not name a type", path.last_name()),
                ))
            }
            None => {
                let name = path.last_name();
                let mut d = self.err(path.span, format!("unknown type name `{name}`"));
                if let Some(s) = super::scope::similar_name(
                    name,
                    self.visible_names(scope).iter().map(String::as_str),
                ) {
                    d = d.with_help(format!("a type with a similar name exists: `{s}`"));
                }
                return Err(d);
            }
        };
        q.is_const |= ty.is_const;
        q.is_volatile |= ty.is_volatile;
        Ok(q)
    }
}
