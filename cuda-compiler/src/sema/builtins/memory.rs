//! Cache-hinted loads (`__ldg`, `__ldcg`, `__ldca`, `__ldcs`, `__ldlu`,
//! `__ldcv`) and stores (`__stwb`, `__stcg`, `__stcs`, `__stwt`) on every
//! scalar and vector type CUDA declares them for.

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::Lowered;
use crate::ir::{AddrSpace, CacheHint, ExprKind, Scalar, Type};

use Scalar::{BF16, F16, F32, F64, I16, I32, I64, I8, U16, U32, U64, U8};

/// The element types of the hinted loads and stores.
const TYPES: &[P] = &[
    P::S(I8),
    P::S(I16),
    P::S(I32),
    P::S(I64),
    P::S(U8),
    P::S(U16),
    P::S(U32),
    P::S(U64),
    P::S(F32),
    P::S(F64),
    P::S(F16),
    P::S(BF16),
    P::V(I8, 2),
    P::V(I8, 4),
    P::V(I16, 2),
    P::V(I16, 4),
    P::V(I32, 2),
    P::V(I32, 4),
    P::V(I64, 2),
    P::V(U8, 2),
    P::V(U8, 4),
    P::V(U16, 2),
    P::V(U16, 4),
    P::V(U32, 2),
    P::V(U32, 4),
    P::V(U64, 2),
    P::V(F32, 2),
    P::V(F32, 4),
    P::V(F64, 2),
    P::V(F16, 2),
    P::V(BF16, 2),
];

/// Load or store, with its hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Load(CacheHint),
    Store(CacheHint),
}

const TABLE: &[(&str, Access)] = &[
    ("__ldg", Access::Load(CacheHint::ReadOnly)),
    ("__ldcg", Access::Load(CacheHint::Global)),
    ("__ldca", Access::Load(CacheHint::Default)),
    ("__ldcs", Access::Load(CacheHint::Streaming)),
    ("__ldlu", Access::Load(CacheHint::LastUse)),
    ("__ldcv", Access::Load(CacheHint::Volatile)),
    ("__stwb", Access::Store(CacheHint::Default)),
    ("__stcg", Access::Store(CacheHint::Global)),
    ("__stcs", Access::Store(CacheHint::Streaming)),
    ("__stwt", Access::Store(CacheHint::WriteThrough)),
];

/// Is `name` a hinted load or store?
pub(super) fn knows(name: &str) -> bool {
    TABLE.iter().any(|(n, _)| *n == name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    TABLE.iter().map(|(n, _)| (*n).to_string()).collect()
}

/// Lowers a hinted load or store, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (_, access) = TABLE.iter().find(|(n, _)| *n == cx.name)?;
    Some(lower_access(cx, *access))
}

fn pointer(t: P, read_only: bool) -> P {
    match (t, read_only) {
        (P::S(s), true) => P::CPtr(s),
        (P::S(s), false) => P::Ptr(s),
        (P::V(s, n), true) => P::CPtrV(s, n),
        (P::V(s, n), false) => P::PtrV(s, n),
        (other, _) => other,
    }
}

fn lower_access(cx: &mut Call<'_, '_>, access: Access) -> Lowered {
    cx.reject_template_args()?;
    let candidates: Vec<Overload<P>> = TYPES
        .iter()
        .map(|t| match access {
            Access::Load(_) => Overload {
                params: vec![pointer(*t, true)],
                result: *t,
                op: *t,
            },
            Access::Store(_) => Overload {
                params: vec![pointer(*t, false), *t],
                result: P::Void,
                op: *t,
            },
        })
        .collect();
    let value_ty = resolve(cx, &candidates)?.op.ty();
    let Some(ptr_arg) = cx.args.first() else {
        return cx.unsupported();
    };
    let ptr = ptr_arg.expr;
    if let Type::Pointer { space, .. } = &ptr_arg.ty {
        if !matches!(space, AddrSpace::Global | AddrSpace::Generic) {
            return Err(cx.error_at_arg(
                0,
                format!(
                    "`{}` needs a pointer into global memory, not {} memory",
                    cx.name,
                    space.name()
                ),
            ));
        }
    }
    match access {
        Access::Load(hint) => Ok(Some(cx.expr(
            ExprKind::Load {
                ptr,
                hint,
                volatile: false,
            },
            value_ty,
        ))),
        Access::Store(hint) => {
            let value = cx.arg_as(1, &value_ty);
            cx.store(ptr, value, hint);
            Ok(None)
        }
    }
}
