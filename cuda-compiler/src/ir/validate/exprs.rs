//! Typing rules of expressions.

use super::types::{is_arith, is_bool, is_int, is_int_scalar, malformed, pointer, same};
use super::Cx;
use crate::analysis::walk::operands;
use crate::ir::{
    BinaryOp, BuiltinValue, ExprId, ExprKind, Function, Intrinsic, Literal, Scalar, Type, UnaryOp,
};

/// Checks every expression of `func`: operands are earlier expressions,
/// and each expression's type follows from its operands.
pub fn check_exprs(cx: &mut Cx<'_>, func: &Function) {
    for (h, expr) in func.exprs.iter() {
        let span = func.exprs.span(h);
        if let Some(why) = malformed(cx.module, &expr.ty, false) {
            cx.error(
                span,
                format_args!("expression {h:?} has a malformed type: {why}"),
            );
            continue;
        }
        let ops = operands(&expr.kind);
        if let Some(bad) = ops.iter().find(|o| o.index() >= h.index()) {
            cx.error(
                span,
                format_args!("expression {h:?} uses {bad:?}, which is not an earlier expression"),
            );
            continue;
        }
        if let Err(why) = check_expr(cx, func, h) {
            cx.error(
                span,
                format_args!("expression {h:?} ({}): {why}", kind_name(&expr.kind)),
            );
        }
    }
}

/// A short name of an expression kind for messages.
fn kind_name(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Literal(_) => "literal",
        ExprKind::Param(_) => "param",
        ExprKind::LocalPtr(_) => "local pointer",
        ExprKind::GlobalPtr(_) => "global pointer",
        ExprKind::Load { .. } => "load",
        ExprKind::PtrOffset { .. } => "pointer offset",
        ExprKind::ElementPtr { .. } => "element pointer",
        ExprKind::MemberPtr { .. } => "member pointer",
        ExprKind::PtrCast { .. } => "pointer cast",
        ExprKind::Unary { .. } => "unary",
        ExprKind::Binary { .. } => "binary",
        ExprKind::Select { .. } => "select",
        ExprKind::Convert { .. } => "convert",
        ExprKind::Bitcast { .. } => "bitcast",
        ExprKind::Compose { .. } => "compose",
        ExprKind::Extract { .. } => "extract",
        ExprKind::Splat { .. } => "splat",
        ExprKind::Builtin(_) => "built-in",
        ExprKind::Intrinsic { .. } => "intrinsic",
        ExprKind::StmtResult => "statement result",
    }
}

/// The type of an (already range-checked, earlier) operand.
fn ty(func: &Function, e: ExprId) -> &Type {
    &func.exprs[e].ty
}

fn check_expr(cx: &Cx<'_>, func: &Function, h: ExprId) -> Result<(), String> {
    let expr = &func.exprs[h];
    let t = &expr.ty;
    let show = |ty: &Type| format!("`{}`", cx.ty(ty));
    let want = |ok: bool, why: &dyn Fn() -> String| if ok { Ok(()) } else { Err(why()) };
    match &expr.kind {
        ExprKind::Literal(lit) => {
            let lit_ty = match lit {
                Literal::Bool(_) => Scalar::Bool,
                Literal::Int(_, s) if s.is_int() => *s,
                Literal::Float(_, s) if s.is_float() => *s,
                Literal::Int(_, s) | Literal::Float(_, s) => {
                    return Err(format!(
                        "literal of the wrong kind for `{}`",
                        s.short_name()
                    ))
                }
            };
            want(*t == Type::Scalar(lit_ty), &|| {
                format!("literal of `{}` typed {}", lit_ty.short_name(), show(t))
            })
        }
        ExprKind::Param(i) => match func.params.get(*i as usize) {
            None => Err(format!("parameter {i} out of range")),
            Some(p) => want(same(&p.ty, t), &|| {
                format!(
                    "parameter `{}` is {}, typed {}",
                    p.name,
                    show(&p.ty),
                    show(t)
                )
            }),
        },
        ExprKind::LocalPtr(l) => match func.locals.get(l.0 as usize) {
            None => Err(format!("local {} out of range", l.0)),
            Some(local) => want(
                matches!(pointer(t), Some((p, crate::ir::AddrSpace::Local)) if same(p, &local.ty)),
                &|| {
                    format!(
                        "address of local `{}` ({}) typed {}",
                        local.name,
                        show(&local.ty),
                        show(t)
                    )
                },
            ),
        },
        ExprKind::GlobalPtr(g) => match cx.module.globals.get(g.0 as usize) {
            None => Err(format!("global {} out of range", g.0)),
            Some(global) => want(
                matches!(pointer(t), Some((p, s)) if s == global.space && same(p, &global.ty)),
                &|| format!("address of global `{}` typed {}", global.name, show(t)),
            ),
        },
        ExprKind::Load { ptr, .. } => match pointer(ty(func, *ptr)) {
            None => Err(format!("load from a non-pointer {}", show(ty(func, *ptr)))),
            Some((p, _)) => want(same(p, t), &|| {
                format!("load through a pointer to {} typed {}", show(p), show(t))
            }),
        },
        ExprKind::PtrOffset { ptr, offset } => {
            let pt = ty(func, *ptr);
            if pointer(pt).is_none() {
                return Err(format!("offset of a non-pointer {}", show(pt)));
            }
            if !is_int_scalar(ty(func, *offset)) {
                return Err(format!("non-integer offset {}", show(ty(func, *offset))));
            }
            want(same(pt, t), &|| {
                format!("offset of {} typed {}", show(pt), show(t))
            })
        }
        ExprKind::ElementPtr { ptr, index } => {
            let pt = ty(func, *ptr);
            let Some((Type::Array(elem, _), space)) = pointer(pt) else {
                return Err(format!(
                    "element of {}, which is not a pointer to an array",
                    show(pt)
                ));
            };
            if !is_int_scalar(ty(func, *index)) {
                return Err(format!("non-integer index {}", show(ty(func, *index))));
            }
            want(
                matches!(pointer(t), Some((p, s)) if s == space && same(p, elem)),
                &|| format!("element of {} typed {}", show(pt), show(t)),
            )
        }
        ExprKind::MemberPtr { ptr, index } => {
            let pt = ty(func, *ptr);
            let Some((agg, space)) = pointer(pt) else {
                return Err(format!("member of a non-pointer {}", show(pt)));
            };
            let member = member_type(cx, agg, *index).ok_or_else(|| {
                format!("member {index} of {}, which has no such member", show(agg))
            })?;
            want(
                matches!(pointer(t), Some((p, s)) if s == space && same(p, &member)),
                &|| format!("member {index} of {} typed {}", show(pt), show(t)),
            )
        }
        ExprKind::PtrCast { ptr } => {
            let pt = ty(func, *ptr);
            match (pointer(pt), pointer(t)) {
                (Some((_, from)), Some((_, to)))
                    if from == to || to == crate::ir::AddrSpace::Generic =>
                {
                    Ok(())
                }
                _ => Err(format!("pointer cast from {} to {}", show(pt), show(t))),
            }
        }
        ExprKind::Unary { op, arg } => {
            let at = ty(func, *arg);
            let ok = match op {
                UnaryOp::Neg => is_arith(at),
                UnaryOp::Not => is_bool(at),
                UnaryOp::BitNot => is_int(at),
            };
            want(ok && same(at, t), &|| {
                format!("{op:?} of {} typed {}", show(at), show(t))
            })
        }
        ExprKind::Binary { op, lhs, rhs } => {
            check_binary(cx, *op, ty(func, *lhs), ty(func, *rhs), t)
        }
        ExprKind::Select {
            cond,
            accept,
            reject,
        } => {
            if !is_bool(ty(func, *cond)) {
                return Err(format!(
                    "condition is {}, not `bool`",
                    show(ty(func, *cond))
                ));
            }
            let (a, r) = (ty(func, *accept), ty(func, *reject));
            want(same(a, r) && same(a, t), &|| {
                format!("arms {} and {} typed {}", show(a), show(r), show(t))
            })
        }
        ExprKind::Convert { arg, .. } => {
            let at = ty(func, *arg);
            let ok = match (at, t) {
                (Type::Scalar(_), Type::Scalar(_)) => true,
                (Type::Vector(_, n), Type::Vector(_, m)) => n == m,
                _ => false,
            };
            want(ok, &|| {
                format!("conversion from {} to {}", show(at), show(t))
            })
        }
        ExprKind::Bitcast { arg } => {
            let at = ty(func, *arg);
            let valued = |ty: &Type| {
                matches!(
                    ty,
                    Type::Scalar(_) | Type::Vector(..) | Type::Pointer { .. }
                )
            };
            want(
                valued(at) && valued(t) && cx.module.size_align(at).0 == cx.module.size_align(t).0,
                &|| format!("bitcast from {} to {} of another size", show(at), show(t)),
            )
        }
        ExprKind::Compose { components } => {
            let tys: Vec<&Type> = components.iter().map(|c| ty(func, *c)).collect();
            check_compose(cx, t, &tys)
        }
        ExprKind::Extract { value, index } => {
            let vt = ty(func, *value);
            let member = member_type(cx, vt, *index).ok_or_else(|| {
                format!(
                    "component {index} of {}, which has no such component",
                    show(vt)
                )
            })?;
            want(same(&member, t), &|| {
                format!("component {index} of {} typed {}", show(vt), show(t))
            })
        }
        ExprKind::Splat { value } => {
            let vt = ty(func, *value);
            let ok = match (vt, t) {
                (Type::Scalar(s), Type::Vector(e, _)) => s == e,
                (Type::Vector(_, n), Type::Vector(_, m)) => n == m,
                _ => false,
            };
            want(ok, &|| format!("splat of {} to {}", show(vt), show(t)))
        }
        ExprKind::Builtin(b) => {
            let expected = match b {
                BuiltinValue::WarpSize => Scalar::I32,
                _ => Scalar::U32,
            };
            want(*t == Type::Scalar(expected), &|| {
                format!("{b:?} typed {}, not `{}`", show(t), expected.short_name())
            })
        }
        ExprKind::Intrinsic { fun, args } => {
            let tys: Vec<&Type> = args.iter().map(|a| ty(func, *a)).collect();
            check_intrinsic(*fun, &tys, t).map_err(|e| format!("{fun:?}: {e}"))
        }
        // Checked by the statement pass (defined by exactly one statement).
        ExprKind::StmtResult => Ok(()),
    }
}

/// The type of member `index` of a struct, vector or array value type.
pub fn member_type(cx: &Cx<'_>, agg: &Type, index: u32) -> Option<Type> {
    match agg {
        Type::Struct(id) => cx
            .module
            .structs
            .get(id.0 as usize)?
            .fields
            .get(index as usize)
            .map(|f| f.ty.clone()),
        Type::Vector(s, n) if index < u32::from(*n) => Some(Type::Scalar(*s)),
        Type::Array(elem, n) if u64::from(index) < *n => Some((**elem).clone()),
        _ => None,
    }
}

fn check_binary(cx: &Cx<'_>, op: BinaryOp, l: &Type, r: &Type, t: &Type) -> Result<(), String> {
    let show = |ty: &Type| format!("`{}`", cx.ty(ty));
    let bad = || {
        Err(format!(
            "{op:?} of {} and {} typed {}",
            show(l),
            show(r),
            show(t)
        ))
    };
    let ok = match op {
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
            is_arith(l) && same(l, r) && same(l, t)
        }
        BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => {
            (is_int(l) || is_bool(l)) && same(l, r) && same(l, t)
        }
        // The shift amount may be any integer type.
        BinaryOp::Shl | BinaryOp::Shr => is_int(l) && is_int(r) && same(l, t),
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let operands_ok = match (l, r) {
                (Type::Pointer { .. }, Type::Pointer { .. }) => true,
                _ => (is_arith(l) || is_bool(l)) && same(l, r),
            };
            let result_ok = match l {
                Type::Vector(_, n) => *t == Type::Vector(Scalar::Bool, *n),
                _ => is_bool(t),
            };
            operands_ok && result_ok
        }
        BinaryOp::LogicalAnd | BinaryOp::LogicalOr => is_bool(l) && is_bool(r) && is_bool(t),
    };
    if ok {
        Ok(())
    } else {
        bad()
    }
}

fn check_compose(cx: &Cx<'_>, t: &Type, parts: &[&Type]) -> Result<(), String> {
    let show = |ty: &Type| format!("`{}`", cx.ty(ty));
    match t {
        Type::Vector(s, n) => {
            // Scalars and smaller vectors of the element type, n lanes in all.
            let mut lanes = 0u32;
            for p in parts {
                match p {
                    Type::Scalar(e) if e == s => lanes += 1,
                    Type::Vector(e, m) if e == s => lanes += u32::from(*m),
                    _ => return Err(format!("component {} in a {}", show(p), show(t))),
                }
            }
            if lanes == u32::from(*n) {
                Ok(())
            } else {
                Err(format!("{lanes} lanes for a {}", show(t)))
            }
        }
        Type::Array(elem, n) => {
            if parts.len() as u64 != *n {
                return Err(format!("{} components for a {}", parts.len(), show(t)));
            }
            match parts.iter().find(|p| !same(p, elem)) {
                Some(p) => Err(format!("component {} in a {}", show(p), show(t))),
                None => Ok(()),
            }
        }
        Type::Struct(id) => {
            let def = cx
                .module
                .structs
                .get(id.0 as usize)
                .ok_or_else(|| "struct out of range".to_string())?;
            if parts.len() != def.fields.len() {
                return Err(format!("{} components for a {}", parts.len(), show(t)));
            }
            for (p, f) in parts.iter().zip(&def.fields) {
                if !same(p, &f.ty) {
                    return Err(format!("field `{}` given {}", f.name, show(p)));
                }
            }
            Ok(())
        }
        _ => Err(format!("compose of a {}", show(t))),
    }
}

/// Arity and result rules of intrinsics (sema matched CUDA's overloads;
/// this catches shape bugs, not every overload).
fn check_intrinsic(fun: Intrinsic, args: &[&Type], t: &Type) -> Result<(), String> {
    use Intrinsic as I;
    let arity = match fun {
        I::Atan2
        | I::Pow
        | I::Fmod
        | I::Remainder
        | I::Fmin
        | I::Fmax
        | I::Hypot
        | I::Copysign
        | I::Ldexp
        | I::Fdim
        | I::FastPow
        | I::FastDiv
        | I::AddRounded(_)
        | I::SubRounded(_)
        | I::MulRounded(_)
        | I::DivRounded(_)
        | I::Min
        | I::Max
        | I::MulHi
        | I::Mul24
        | I::HalvingAdd
        | I::RoundingHalvingAdd => 2,
        I::Fma
        | I::FmaRounded(_)
        | I::BytePerm
        | I::Sad
        | I::FunnelShiftL
        | I::FunnelShiftR
        | I::FunnelShiftLClamp
        | I::FunnelShiftRClamp => 3,
        _ => 1,
    };
    if args.len() != arity {
        return Err(format!("{} arguments, expected {arity}", args.len()));
    }
    if let Some(bad) = args.iter().find(|a| !(is_arith(a) || is_bool(a))) {
        return Err(format!("argument of non-numeric type {bad:?}"));
    }
    match fun {
        I::IsNan | I::IsInf | I::IsFinite | I::Signbit => {
            if is_bool(t) || matches!(t, Type::Scalar(s) if s.is_int()) {
                Ok(())
            } else {
                Err("classification result is not bool or int".to_string())
            }
        }
        _ if !is_arith(t) => Err("non-numeric result".to_string()),
        _ => Ok(()),
    }
}
