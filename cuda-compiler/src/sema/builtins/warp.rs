//! Warp collectives: shuffles, votes, `__activemask`, matches and
//! reductions, plus the pre-CUDA-9 forms without a mask (accepted with a
//! warning and a full mask) and `__lanemask_*` helpers.

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::{Arg, Lowered};
use crate::ir::{
    BinaryOp, BuiltinValue, ExprKind, Rounding, Scalar, ShuffleMode, StmtKind, Type, UnaryOp,
    WarpOp,
};

use Scalar::{BF16, F16, F32, F64, I32, I64, U32, U64};

/// Value types of `__shfl*_sync`.
const SHUFFLE_TYPES: &[P] = &[
    P::S(I32),
    P::S(U32),
    P::S(I64),
    P::S(U64),
    P::S(F32),
    P::S(F64),
    P::S(F16),
    P::V(F16, 2),
    P::S(BF16),
    P::V(BF16, 2),
];

/// Value types of `__match_*_sync`.
const MATCH_TYPES: &[P] = &[
    P::S(I32),
    P::S(U32),
    P::S(I64),
    P::S(U64),
    P::S(F32),
    P::S(F64),
];

const REDUCE_ARITH: &[P] = &[P::S(U32), P::S(I32)];
const REDUCE_BITS: &[P] = &[P::S(U32)];

/// Which `%lanemask_*` a helper computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LaneMask {
    Lt,
    Le,
    Gt,
    Ge,
}

/// The shapes of warp built-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WarpFn {
    /// `__shfl*_sync(mask, v, lane, width = warpSize)`; `true` for the
    /// legacy form without the mask.
    Shuffle(ShuffleMode, bool),
    /// `__all_sync`/`__any_sync`/`__uni_sync(mask, pred)` → `int`.
    Vote(WarpOp, bool),
    /// `__ballot_sync(mask, pred)` → `unsigned`.
    Ballot(bool),
    /// `__activemask()`.
    ActiveMask,
    /// `__match_any_sync(mask, v)`.
    MatchAny,
    /// `__match_all_sync(mask, v, &pred)`.
    MatchAll,
    /// `__reduce_*_sync(mask, v)` over the given types.
    Reduce(WarpOp, &'static [P]),
    /// `__lanemask_lt()` and friends.
    LaneMask(LaneMask),
    /// `__laneid()`.
    LaneId,
}

const TABLE: &[(&str, WarpFn)] = &[
    ("__shfl_sync", WarpFn::Shuffle(ShuffleMode::Idx, false)),
    ("__shfl_up_sync", WarpFn::Shuffle(ShuffleMode::Up, false)),
    (
        "__shfl_down_sync",
        WarpFn::Shuffle(ShuffleMode::Down, false),
    ),
    ("__shfl_xor_sync", WarpFn::Shuffle(ShuffleMode::Xor, false)),
    ("__shfl", WarpFn::Shuffle(ShuffleMode::Idx, true)),
    ("__shfl_up", WarpFn::Shuffle(ShuffleMode::Up, true)),
    ("__shfl_down", WarpFn::Shuffle(ShuffleMode::Down, true)),
    ("__shfl_xor", WarpFn::Shuffle(ShuffleMode::Xor, true)),
    ("__all_sync", WarpFn::Vote(WarpOp::All, false)),
    ("__any_sync", WarpFn::Vote(WarpOp::Any, false)),
    ("__uni_sync", WarpFn::Vote(WarpOp::Uni, false)),
    ("__all", WarpFn::Vote(WarpOp::All, true)),
    ("__any", WarpFn::Vote(WarpOp::Any, true)),
    ("__ballot_sync", WarpFn::Ballot(false)),
    ("__ballot", WarpFn::Ballot(true)),
    ("__activemask", WarpFn::ActiveMask),
    ("__match_any_sync", WarpFn::MatchAny),
    ("__match_all_sync", WarpFn::MatchAll),
    (
        "__reduce_add_sync",
        WarpFn::Reduce(WarpOp::ReduceAdd, REDUCE_ARITH),
    ),
    (
        "__reduce_min_sync",
        WarpFn::Reduce(WarpOp::ReduceMin, REDUCE_ARITH),
    ),
    (
        "__reduce_max_sync",
        WarpFn::Reduce(WarpOp::ReduceMax, REDUCE_ARITH),
    ),
    (
        "__reduce_and_sync",
        WarpFn::Reduce(WarpOp::ReduceAnd, REDUCE_BITS),
    ),
    (
        "__reduce_or_sync",
        WarpFn::Reduce(WarpOp::ReduceOr, REDUCE_BITS),
    ),
    (
        "__reduce_xor_sync",
        WarpFn::Reduce(WarpOp::ReduceXor, REDUCE_BITS),
    ),
    ("__lanemask_lt", WarpFn::LaneMask(LaneMask::Lt)),
    ("__lanemask_le", WarpFn::LaneMask(LaneMask::Le)),
    ("__lanemask_gt", WarpFn::LaneMask(LaneMask::Gt)),
    ("__lanemask_ge", WarpFn::LaneMask(LaneMask::Ge)),
    ("__laneid", WarpFn::LaneId),
];

/// Is `name` a warp built-in?
pub(super) fn knows(name: &str) -> bool {
    TABLE.iter().any(|(n, _)| *n == name)
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    TABLE.iter().map(|(n, _)| (*n).to_string()).collect()
}

/// Lowers a warp built-in, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (_, f) = TABLE.iter().find(|(n, _)| *n == cx.name)?;
    Some(lower_warp(cx, *f))
}

/// The `_sync` name of a legacy function.
fn modern_name(name: &str) -> String {
    format!("{name}_sync")
}

/// For a legacy call: warns and puts a full mask in front of the arguments.
fn add_full_mask(cx: &mut Call<'_, '_>) {
    let modern = modern_name(cx.name);
    cx.warn(format!(
        "`{}` was removed in CUDA 9; compiled as `{modern}(0xffffffff, …)`",
        cx.name
    ));
    let mask = cx.int(0xffff_ffff, U32);
    cx.args.insert(
        0,
        Arg {
            expr: mask,
            ty: Type::Scalar(U32),
            span: cx.span,
            int_const: Some(0xffff_ffff),
        },
    );
}

/// Candidates `(mask, v, rest…) -> result(v)` over value types.
fn over_values(types: &[P], rest: &[P], result: Option<P>) -> Vec<Overload<P>> {
    types
        .iter()
        .map(|t| {
            let mut params = vec![P::S(U32), *t];
            params.extend_from_slice(rest);
            Overload {
                params,
                result: result.unwrap_or(*t),
                op: *t,
            }
        })
        .collect()
}

fn lower_warp(cx: &mut Call<'_, '_>, f: WarpFn) -> Lowered {
    cx.reject_template_args()?;
    let legacy = matches!(
        f,
        WarpFn::Shuffle(_, true) | WarpFn::Vote(_, true) | WarpFn::Ballot(true)
    );
    if legacy {
        add_full_mask(cx);
    }
    match f {
        WarpFn::Shuffle(mode, _) => lower_shuffle(cx, mode),
        WarpFn::Vote(op, _) => {
            let candidates = [Overload::new(&[P::S(U32), P::S(I32)], P::S(I32), ())];
            resolve(cx, &candidates)?;
            let args = vec![cx.arg_as_scalar(0, U32), cx.arg_as_scalar(1, I32)];
            let result = cx.result(Type::Scalar(Scalar::Bool));
            cx.emit(StmtKind::Warp {
                op,
                args,
                result: Some(result),
            });
            Ok(Some(cx.convert_rounded(
                result,
                Type::Scalar(I32),
                Rounding::Nearest,
            )))
        }
        WarpFn::Ballot(_) => {
            let candidates = [Overload::new(&[P::S(U32), P::S(I32)], P::S(U32), ())];
            resolve(cx, &candidates)?;
            let args = vec![cx.arg_as_scalar(0, U32), cx.arg_as_scalar(1, I32)];
            Ok(Some(warp_stmt(cx, WarpOp::Ballot, args, Type::Scalar(U32))))
        }
        WarpFn::ActiveMask => {
            resolve(cx, &[Overload::new(&[], P::S(U32), ())])?;
            Ok(Some(warp_stmt(
                cx,
                WarpOp::ActiveMask,
                Vec::new(),
                Type::Scalar(U32),
            )))
        }
        WarpFn::MatchAny | WarpFn::MatchAll => {
            let rest: &[P] = if f == WarpFn::MatchAll {
                &[P::Ptr(I32)]
            } else {
                &[]
            };
            let candidates = over_values(MATCH_TYPES, rest, Some(P::S(U32)));
            let value_ty = resolve(cx, &candidates)?.op.ty();
            cx.check_writable(2)?;
            let args = vec![cx.arg_as_scalar(0, U32), cx.arg_as(1, &value_ty)];
            let op = if f == WarpFn::MatchAll {
                WarpOp::MatchAll
            } else {
                WarpOp::MatchAny
            };
            let mask = warp_stmt(cx, op, args, Type::Scalar(U32));
            if let (WarpFn::MatchAll, Some(pred_ptr)) = (f, cx.args.get(2).map(|a| a.expr)) {
                // `*pred = mask != 0`: all named lanes matched.
                let zero = cx.int(0, U32);
                let all = cx.binary(BinaryOp::Ne, mask, zero);
                let pred = cx.convert_rounded(all, Type::Scalar(I32), Rounding::Nearest);
                cx.store(pred_ptr, pred, crate::ir::CacheHint::Default);
            }
            Ok(Some(mask))
        }
        WarpFn::Reduce(op, types) => {
            let candidates = over_values(types, &[], None);
            let value_ty = resolve(cx, &candidates)?.op.ty();
            let args = vec![cx.arg_as_scalar(0, U32), cx.arg_as(1, &value_ty)];
            Ok(Some(warp_stmt(cx, op, args, value_ty)))
        }
        WarpFn::LaneMask(which) => {
            resolve(cx, &[Overload::new(&[], P::S(U32), ())])?;
            Ok(Some(lane_mask(cx, which)))
        }
        WarpFn::LaneId => {
            resolve(cx, &[Overload::new(&[], P::S(U32), ())])?;
            Ok(Some(cx.expr(
                ExprKind::Builtin(BuiltinValue::LaneId),
                Type::Scalar(U32),
            )))
        }
    }
}

/// Emits a warp statement and returns its result.
fn warp_stmt(
    cx: &mut Call<'_, '_>,
    op: WarpOp,
    args: Vec<crate::ir::ExprId>,
    ty: Type,
) -> crate::ir::ExprId {
    let result = cx.result(ty);
    cx.emit(StmtKind::Warp {
        op,
        args,
        result: Some(result),
    });
    result
}

fn lower_shuffle(cx: &mut Call<'_, '_>, mode: ShuffleMode) -> Lowered {
    if cx.args.len() == 3 {
        let width = cx.expr(ExprKind::Builtin(BuiltinValue::WarpSize), Type::Scalar(I32));
        cx.args.push(Arg {
            expr: width,
            ty: Type::Scalar(I32),
            span: cx.span,
            int_const: None,
        });
    }
    let lane = match mode {
        ShuffleMode::Up | ShuffleMode::Down => P::S(U32),
        ShuffleMode::Idx | ShuffleMode::Xor => P::S(I32),
    };
    let candidates = over_values(SHUFFLE_TYPES, &[lane, P::S(I32)], None);
    let value_ty = resolve(cx, &candidates)?.op.ty();
    if let Some(w) = cx.args.get(3).and_then(|a| a.int_const) {
        if !(1..=32).contains(&w) || w & (w - 1) != 0 {
            return Err(cx.error_at_arg(
                3,
                format!("shuffle width must be a power of two from 1 to 32, not {w}"),
            ));
        }
    }
    let args = vec![
        cx.arg_as_scalar(0, U32),
        cx.arg_as(1, &value_ty),
        cx.arg_as(2, &lane.ty()),
        cx.arg_as_scalar(3, I32),
    ];
    Ok(Some(warp_stmt(cx, WarpOp::Shuffle(mode), args, value_ty)))
}

/// `%lanemask_*` from the lane id: `lt = (1 << lane) - 1`, `le = (2 <<
/// lane) - 1` (the shift amount is at most 31 and `2 << 31` wraps to 0),
/// `gt = ~le`, `ge = ~lt`.
fn lane_mask(cx: &mut Call<'_, '_>, which: LaneMask) -> crate::ir::ExprId {
    let lane = cx.expr(ExprKind::Builtin(BuiltinValue::LaneId), Type::Scalar(U32));
    let base = match which {
        LaneMask::Lt | LaneMask::Ge => 1,
        LaneMask::Le | LaneMask::Gt => 2,
    };
    let base = cx.int(base, U32);
    let one = cx.int(1, U32);
    let shifted = cx.binary(BinaryOp::Shl, base, lane);
    let mask = cx.binary(BinaryOp::Sub, shifted, one);
    match which {
        LaneMask::Lt | LaneMask::Le => mask,
        LaneMask::Gt | LaneMask::Ge => cx.unary(UnaryOp::BitNot, mask),
    }
}
