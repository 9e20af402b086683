//! C's conversion rules: integer promotions, the usual arithmetic
//! conversions, literal typing and implicit conversions with their checks.

use super::expr::Operand;
use super::func::FnLower;
use super::types::same_shape;
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, BinaryOp, ExprId, ExprKind, Literal, Scalar, Type};
use crate::source::Span;

/// The integer promotions: small integers and bool become `int`.
pub(crate) fn promote(s: Scalar) -> Scalar {
    match s {
        Scalar::Bool | Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16 => Scalar::I32,
        other => other,
    }
}

/// Integer conversion rank (by width; `long` and `long long` are both 64).
fn rank(s: Scalar) -> u32 {
    s.size()
}

/// The unsigned type of the same width.
fn to_unsigned(s: Scalar) -> Scalar {
    match s {
        Scalar::I8 => Scalar::U8,
        Scalar::I16 => Scalar::U16,
        Scalar::I32 => Scalar::U32,
        Scalar::I64 => Scalar::U64,
        other => other,
    }
}

/// The usual arithmetic conversions: the common type of a binary
/// operator's operands. `half op half` stays `half`; `half op float` is
/// `float`.
pub(crate) fn usual_arithmetic(a: Scalar, b: Scalar) -> Scalar {
    use Scalar::*;
    if a == F64 || b == F64 {
        return F64;
    }
    if a == F32 || b == F32 {
        return F32;
    }
    match (a, b) {
        (F16, F16) => return F16,
        (BF16, BF16) => return BF16,
        (F16, BF16) | (BF16, F16) => return F32,
        (F16, _) | (_, F16) => return F16,
        (BF16, _) | (_, BF16) => return BF16,
        _ => {}
    }
    let (a, b) = (promote(a), promote(b));
    if a == b {
        return a;
    }
    let (sa, sb) = (a.is_signed_int(), b.is_signed_int());
    if sa == sb {
        return if rank(a) >= rank(b) { a } else { b };
    }
    let (s, u) = if sa { (a, b) } else { (b, a) };
    if rank(u) >= rank(s) {
        u
    } else if rank(s) > rank(u) {
        s
    } else {
        to_unsigned(s)
    }
}

/// The type of an integer literal (C++ \[lex.icon\] with 64-bit `long`).
pub(crate) fn int_literal_type(value: u128, unsigned: bool, long: u8, decimal: bool) -> Scalar {
    let fits_i32 = value <= i32::MAX as u128;
    let fits_u32 = value <= u32::MAX as u128;
    let fits_i64 = value <= i64::MAX as u128;
    match (unsigned, long) {
        (false, 0) if fits_i32 => Scalar::I32,
        (false, 0) if !decimal && fits_u32 => Scalar::U32,
        (false, _) if fits_i64 => Scalar::I64,
        (false, _) => Scalar::U64,
        (true, 0) if fits_u32 => Scalar::U32,
        (true, _) => Scalar::U64,
    }
}

/// Is the expression the null pointer constant sema builds?
pub(crate) fn is_null_literal(fl: &FnLower<'_, '_>, e: ExprId) -> bool {
    let exprs = &fl.b.func.exprs;
    match exprs.try_get(e).map(|x| &x.kind) {
        Some(ExprKind::Literal(Literal::Int(0, _))) => true,
        Some(ExprKind::Bitcast { arg }) => matches!(
            exprs.try_get(*arg).map(|x| &x.kind),
            Some(ExprKind::Literal(Literal::Int(0, _)))
        ),
        _ => false,
    }
}

impl<'s, 'a> FnLower<'s, 'a> {
    /// A null pointer of the given pointer type (the bits of `0u64`).
    pub fn null_ptr(&mut self, ty: &Type, span: Span) -> ExprId {
        let zero = self.b.int(0, Scalar::U64, span);
        self.b
            .expr(ExprKind::Bitcast { arg: zero }, ty.clone(), span)
    }

    /// Converts an operand to `bool` (scalars `!= 0`, pointers `!= null`).
    pub fn bool_value(&mut self, op: Operand) -> Result<ExprId, Diagnostic> {
        let span = op.span;
        let (e, ty) = self.rvalue(op)?;
        match &ty {
            Type::Scalar(Scalar::Bool) => Ok(e),
            Type::Scalar(_) => Ok(self.b.convert(e, &Type::Scalar(Scalar::Bool), span)),
            Type::Pointer { .. } => {
                let null = self.null_ptr(&ty, span);
                Ok(self.b.expr(
                    ExprKind::Binary {
                        op: BinaryOp::Ne,
                        lhs: e,
                        rhs: null,
                    },
                    Type::Scalar(Scalar::Bool),
                    span,
                ))
            }
            other => Err(self
                .err(
                    span,
                    format!(
                        "value of type `{}` is not contextually convertible to `bool`",
                        self.sema.type_name(other)
                    ),
                )
                .with_label("used as a condition here")),
        }
    }

    /// Converts an rvalue implicitly (assignment, initialisation, argument,
    /// return), rejecting conversions C++ does not allow implicitly.
    pub fn implicit_convert(
        &mut self,
        e: ExprId,
        from: &Type,
        to: &Type,
        span: Span,
    ) -> Result<ExprId, Diagnostic> {
        if from == to {
            return Ok(e);
        }
        let ok = match (from, to) {
            (Type::Scalar(_), Type::Scalar(_)) => true,
            (Type::Vector(a, n), Type::Vector(b, m)) => a == b && n == m,
            (Type::Pointer { .. }, Type::Scalar(Scalar::Bool)) => {
                let null = self.null_ptr(from, span);
                return Ok(self.b.expr(
                    ExprKind::Binary {
                        op: BinaryOp::Ne,
                        lhs: e,
                        rhs: null,
                    },
                    Type::Scalar(Scalar::Bool),
                    span,
                ));
            }
            (Type::Scalar(s), Type::Pointer { .. }) if s.is_int() && is_null_literal(self, e) => {
                return Ok(self.null_ptr(to, span));
            }
            (
                Type::Pointer {
                    pointee: pf,
                    read_only: rf,
                    ..
                },
                Type::Pointer {
                    pointee: pt,
                    read_only: rt,
                    ..
                },
            ) => {
                if is_null_literal(self, e) {
                    return Ok(self.null_ptr(to, span));
                }
                let const_ok = !*rf || *rt;
                let shape_ok = same_shape(pf, pt) || **pt == Type::Void;
                if shape_ok && !const_ok {
                    return Err(self
                        .err(
                            span,
                            format!(
                                "cannot convert `{}` to `{}`",
                                self.sema.type_name(from),
                                self.sema.type_name(to)
                            ),
                        )
                        .with_label("conversion drops `const`"));
                }
                shape_ok
            }
            (Type::Struct(a), Type::Struct(b)) => a == b || self.is_base_of(*b, *a),
            (Type::Array(..), Type::Array(..)) => same_shape(from, to),
            _ => false,
        };
        if !ok {
            return Err(self
                .err(
                    span,
                    format!(
                        "cannot convert `{}` to `{}`",
                        self.sema.type_name(from),
                        self.sema.type_name(to)
                    ),
                )
                .with_label(format!("this is `{}`", self.sema.type_name(from))));
        }
        if let (Type::Struct(_), Type::Struct(_)) = (from, to) {
            if from != to {
                return Err(self.unsupported(span, "slicing a derived struct to its base"));
            }
        }
        Ok(self.b.convert(e, to, span))
    }

    /// Converts an operand (lvalue or rvalue) to a type implicitly.
    pub fn convert_operand(&mut self, op: Operand, to: &Type) -> Result<ExprId, Diagnostic> {
        let span = op.span;
        if let Type::Struct(_) = op.ty {
            if &op.ty != to && !matches!(to, Type::Struct(_)) {
                if let Some(name) = self.conversion_operator(&op.ty, to) {
                    let r = self.method_call(op, &name, None, Vec::new(), span, span)?;
                    let (e, from) = self.rvalue(r)?;
                    let to = self.adopt_space(&from, to);
                    return self.implicit_convert(e, &from, &to, span);
                }
            }
        }
        let (e, from) = self.rvalue(op)?;
        let to = self.adopt_space(&from, to);
        self.implicit_convert(e, &from, &to, span)
    }

    /// The name of a struct's conversion operator to a type like `to`
    /// (`operator T*`, `operator float`), if it has one.
    pub fn conversion_operator(&mut self, ty: &Type, to: &Type) -> Option<String> {
        let Type::Struct(id) = ty else { return None };
        let key = self.sema.struct_key_of(*id)?;
        let scope = self.sema.struct_info(key)?.scope;
        let names: Vec<String> = self
            .sema
            .scope(scope)?
            .names
            .keys()
            .filter(|n| n.starts_with("operator "))
            .cloned()
            .collect();
        for name in names {
            let fns: Vec<super::cx::FnDeclId> = self
                .sema
                .lookup_in(scope, &name)
                .into_iter()
                .filter_map(|d| match d {
                    super::cx::Decl::Function(f) => Some(f),
                    _ => None,
                })
                .collect();
            for f in fns {
                let Some(fd) = self.sema.fns.get(f.0).cloned() else {
                    continue;
                };
                let target = match &fd.def.ret {
                    Some(t) => self.sema.resolve_type(t, fd.scope).ok().map(|q| q.ty),
                    None => {
                        let text = name.trim_start_matches("operator ").to_string();
                        match self.sema.resolve_instance_arg(&text, fd.scope) {
                            Some(super::cx::TArg::Type(t)) => Some(t),
                            _ => None,
                        }
                    }
                };
                let Some(target) = target else { continue };
                let drops_const = matches!(
                    (&target, to),
                    (
                        Type::Pointer {
                            read_only: true,
                            ..
                        },
                        Type::Pointer {
                            read_only: false,
                            ..
                        }
                    )
                );
                let fits = same_shape(&target, to)
                    || matches!((&target, to), (Type::Scalar(_), Type::Scalar(_)))
                    || matches!((&target, to), (Type::Pointer { .. }, Type::Pointer { pointee, .. }) if **pointee == Type::Void);
                if fits && !drops_const {
                    return Some(name.clone());
                }
            }
        }
        None
    }

    /// For a pointer target whose space is not yet known (Generic), takes
    /// the space of the value being converted.
    pub fn adopt_space(&self, from: &Type, to: &Type) -> Type {
        match (from, to) {
            (
                Type::Pointer {
                    space: sf,
                    pointee: pf,
                    ..
                },
                Type::Pointer {
                    space: AddrSpace::Generic,
                    pointee,
                    read_only,
                    restrict,
                },
            ) => Type::Pointer {
                pointee: if same_shape(pf, pointee) {
                    Box::new(adopt_nested(pf, pointee))
                } else {
                    pointee.clone()
                },
                space: *sf,
                read_only: *read_only,
                restrict: *restrict,
            },
            _ => to.clone(),
        }
    }

    /// Is struct `base` a base class of `derived`?
    pub fn is_base_of(&self, base: crate::ir::StructId, derived: crate::ir::StructId) -> bool {
        let mut cur = self.sema.struct_key_of(derived);
        let mut steps = 0;
        while let Some(k) = cur {
            let Some(info) = self.sema.struct_info(k) else {
                break;
            };
            let Some(b) = info.base else { break };
            if self.sema.struct_info(b).and_then(|s| s.id) == Some(base) {
                return true;
            }
            cur = Some(b);
            steps += 1;
            if steps > 64 {
                break;
            }
        }
        false
    }
}

/// Keeps the nested pointer spaces of `from` in a same-shaped `to`.
fn adopt_nested(from: &Type, to: &Type) -> Type {
    match (from, to) {
        (
            Type::Pointer {
                space, pointee: pf, ..
            },
            Type::Pointer {
                pointee,
                read_only,
                restrict,
                ..
            },
        ) => Type::Pointer {
            pointee: Box::new(adopt_nested(pf, pointee)),
            space: *space,
            read_only: *read_only,
            restrict: *restrict,
        },
        _ => to.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_arithmetic_conversions() {
        use Scalar::*;
        assert_eq!(usual_arithmetic(I32, U32), U32);
        assert_eq!(usual_arithmetic(I64, U32), I64);
        assert_eq!(usual_arithmetic(U64, I64), U64);
        assert_eq!(usual_arithmetic(I8, U16), I32);
        assert_eq!(usual_arithmetic(F32, I64), F32);
        assert_eq!(usual_arithmetic(F32, F64), F64);
        assert_eq!(usual_arithmetic(F16, F16), F16);
        assert_eq!(usual_arithmetic(F16, F32), F32);
        assert_eq!(usual_arithmetic(Bool, Bool), I32);
    }

    #[test]
    fn literal_types() {
        assert_eq!(int_literal_type(1, false, 0, true), Scalar::I32);
        assert_eq!(int_literal_type(3_000_000_000, false, 0, true), Scalar::I64);
        assert_eq!(int_literal_type(0xFFFF_FFFF, false, 0, false), Scalar::U32);
        assert_eq!(int_literal_type(1, true, 0, true), Scalar::U32);
        assert_eq!(int_literal_type(1, false, 1, true), Scalar::I64);
        assert_eq!(int_literal_type(1, true, 2, true), Scalar::U64);
    }
}
