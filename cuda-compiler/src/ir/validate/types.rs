//! Type predicates shared by the expression and statement checks.

use crate::ir::{AddrSpace, Module, Scalar, Type};

/// Equal types, ignoring the `read_only`/`restrict` flags of pointers
/// (qualifiers do not change how a value is represented).
pub fn same(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (
            Type::Pointer {
                pointee: pa,
                space: sa,
                ..
            },
            Type::Pointer {
                pointee: pb,
                space: sb,
                ..
            },
        ) => sa == sb && same(pa, pb),
        (Type::Array(ea, na), Type::Array(eb, nb)) => na == nb && same(ea, eb),
        _ => a == b,
    }
}

/// A scalar or vector whose elements satisfy `pred`.
pub fn is_num(ty: &Type, pred: impl Fn(Scalar) -> bool) -> bool {
    matches!(ty, Type::Scalar(s) | Type::Vector(s, _) if pred(*s))
}

/// An integer scalar or vector.
pub fn is_int(ty: &Type) -> bool {
    is_num(ty, Scalar::is_int)
}

/// An integer or floating scalar or vector.
pub fn is_arith(ty: &Type) -> bool {
    is_num(ty, |s| s.is_int() || s.is_float())
}

/// An integer scalar.
pub fn is_int_scalar(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(s) if s.is_int())
}

/// The scalar `bool`.
pub fn is_bool(ty: &Type) -> bool {
    *ty == Type::Scalar(Scalar::Bool)
}

/// Pointee and space of a pointer type.
pub fn pointer(ty: &Type) -> Option<(&Type, AddrSpace)> {
    match ty {
        Type::Pointer { pointee, space, .. } => Some((pointee, *space)),
        _ => None,
    }
}

/// Why a type is malformed (struct id out of range, void inside a value
/// type, vector length outside 1..=4), if it is.
pub fn malformed(module: &Module, ty: &Type, void_ok: bool) -> Option<String> {
    match ty {
        Type::Void if void_ok => None,
        Type::Void => Some("`void` used as a value type".to_string()),
        Type::Scalar(_) => None,
        Type::Vector(_, n) if (1..=4).contains(n) => None,
        Type::Vector(_, n) => Some(format!("vector of {n} components")),
        // `void*` is a valid pointer type.
        Type::Pointer { pointee, .. } => malformed(module, pointee, true),
        Type::Array(elem, _) => malformed(module, elem, false),
        Type::Struct(id) if (id.0 as usize) < module.structs.len() => None,
        Type::Struct(id) => Some(format!("struct #{} out of range", id.0)),
    }
}
