//! Atomic read-modify-write functions (`atomicAdd`, `atomicCAS`, …) with
//! their `_block` and `_system` scope variants. Each returns the old value.

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::Lowered;
use crate::ir::{AddrSpace, AtomicOp, Scalar, Scope, StmtKind, Type};

use Scalar::{BF16, F16, F32, F64, I32, I64, U16, U32, U64};

/// The value types each operation has an overload for.
const TABLE: &[(&str, AtomicOp, &[P])] = &[
    (
        "atomicAdd",
        AtomicOp::Add,
        &[
            P::S(I32),
            P::S(U32),
            P::S(U64),
            P::S(F32),
            P::S(F64),
            P::S(F16),
            P::V(F16, 2),
            P::S(BF16),
            P::V(BF16, 2),
        ],
    ),
    ("atomicSub", AtomicOp::Sub, &[P::S(I32), P::S(U32)]),
    (
        "atomicExch",
        AtomicOp::Exchange,
        &[P::S(I32), P::S(U32), P::S(U64), P::S(F32)],
    ),
    (
        "atomicMin",
        AtomicOp::Min,
        &[P::S(I32), P::S(U32), P::S(I64), P::S(U64)],
    ),
    (
        "atomicMax",
        AtomicOp::Max,
        &[P::S(I32), P::S(U32), P::S(I64), P::S(U64)],
    ),
    ("atomicInc", AtomicOp::Inc, &[P::S(U32)]),
    ("atomicDec", AtomicOp::Dec, &[P::S(U32)]),
    (
        "atomicCAS",
        AtomicOp::CompareExchange,
        &[P::S(I32), P::S(U32), P::S(U64), P::S(U16)],
    ),
    (
        "atomicAnd",
        AtomicOp::And,
        &[P::S(I32), P::S(U32), P::S(U64)],
    ),
    ("atomicOr", AtomicOp::Or, &[P::S(I32), P::S(U32), P::S(U64)]),
    (
        "atomicXor",
        AtomicOp::Xor,
        &[P::S(I32), P::S(U32), P::S(U64)],
    ),
];

/// Name suffixes and the scope they select.
const SCOPES: &[(&str, Scope)] = &[
    ("_block", Scope::Block),
    ("_system", Scope::System),
    ("", Scope::Device),
];

fn lookup(name: &str) -> Option<(AtomicOp, &'static [P], Scope)> {
    SCOPES.iter().find_map(|(suffix, scope)| {
        let stem = name.strip_suffix(suffix)?;
        let (_, op, types) = TABLE.iter().find(|(n, ..)| *n == stem)?;
        Some((*op, *types, *scope))
    })
}

/// Is `name` an atomic built-in?
pub(super) fn knows(name: &str) -> bool {
    lookup(name).is_some()
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    TABLE
        .iter()
        .flat_map(|(n, ..)| SCOPES.iter().map(move |(suffix, _)| format!("{n}{suffix}")))
        .collect()
}

/// The pointer parameter type for a value type.
fn pointer_to(value: P) -> P {
    match value {
        P::S(s) => P::Ptr(s),
        P::V(s, n) => P::PtrV(s, n),
        other => other,
    }
}

/// Lowers an atomic, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (op, types, scope) = lookup(cx.name)?;
    Some(lower_atomic(cx, op, types, scope))
}

fn lower_atomic(cx: &mut Call<'_, '_>, op: AtomicOp, types: &[P], scope: Scope) -> Lowered {
    cx.reject_template_args()?;
    let candidates: Vec<Overload<P>> = types
        .iter()
        .map(|t| {
            let params = if op == AtomicOp::CompareExchange {
                vec![pointer_to(*t), *t, *t]
            } else {
                vec![pointer_to(*t), *t]
            };
            Overload {
                params,
                result: *t,
                op: *t,
            }
        })
        .collect();
    let value_ty = resolve(cx, &candidates)?.op.ty();
    let Some(ptr_arg) = cx.args.first() else {
        return cx.unsupported();
    };
    let ptr = ptr_arg.expr;
    if let Type::Pointer { space, .. } = &ptr_arg.ty {
        let where_ = match space {
            AddrSpace::Constant => Some("constant"),
            AddrSpace::Local => Some("local"),
            _ => None,
        };
        if let Some(where_) = where_ {
            return Err(cx.error_at_arg(
                0,
                format!(
                    "cannot apply `{}` to a pointer into {where_} memory",
                    cx.name
                ),
            ));
        }
    }
    let (compare, value) = if op == AtomicOp::CompareExchange {
        (Some(cx.arg_as(1, &value_ty)), cx.arg_as(2, &value_ty))
    } else {
        (None, cx.arg_as(1, &value_ty))
    };
    let result = cx.result(value_ty);
    cx.emit(StmtKind::Atomic {
        op,
        ptr,
        value,
        compare,
        scope,
        result: Some(result),
    });
    Ok(Some(result))
}
