//! Small helpers to visit the statements and expression operands of a
//! function, shared by the analyses, the validator and the printer.

use crate::ir::{Block, ExprId, ExprKind, Stmt, StmtKind};

/// Calls `f` on every statement of `block`, nested ones included, in
/// source order (a statement before the statements it contains).
pub fn for_each_stmt<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for stmt in block {
        f(stmt);
        for child in child_blocks(&stmt.kind) {
            for_each_stmt(child, f);
        }
    }
}

/// The nested blocks of a statement, in order.
pub fn child_blocks(kind: &StmtKind) -> Vec<&Block> {
    match kind {
        StmtKind::If { accept, reject, .. } => vec![accept, reject],
        StmtKind::Loop {
            body, continuing, ..
        } => vec![body, continuing],
        StmtKind::Switch { cases, .. } => cases.iter().map(|c| &c.body).collect(),
        StmtKind::Block(b) => vec![b],
        _ => Vec::new(),
    }
}

/// The expressions a statement names directly (operands, conditions and
/// its `StmtResult`), in order.
pub fn stmt_exprs(kind: &StmtKind) -> Vec<ExprId> {
    match kind {
        StmtKind::Store { ptr, value, .. } => vec![*ptr, *value],
        StmtKind::Eval(e) => vec![*e],
        StmtKind::If { cond, .. } => vec![*cond],
        StmtKind::Loop { .. } | StmtKind::Break | StmtKind::Continue | StmtKind::Block(_) => {
            Vec::new()
        }
        StmtKind::Fence(_) => Vec::new(),
        StmtKind::Return(e) => e.iter().copied().collect(),
        StmtKind::Switch { selector, .. } => vec![*selector],
        StmtKind::Call { args, result, .. } | StmtKind::Warp { args, result, .. } => {
            args.iter().copied().chain(result.iter().copied()).collect()
        }
        StmtKind::Atomic {
            ptr,
            value,
            compare,
            result,
            ..
        } => [*ptr, *value]
            .into_iter()
            .chain(compare.iter().copied())
            .chain(result.iter().copied())
            .collect(),
        StmtKind::Barrier { mask, .. } => mask.iter().copied().collect(),
        StmtKind::BarrierReduce { pred, result, .. } => vec![*pred, *result],
    }
}

/// The `StmtResult` expression a statement defines, if any.
pub fn stmt_result(kind: &StmtKind) -> Option<ExprId> {
    match kind {
        StmtKind::Call { result, .. }
        | StmtKind::Atomic { result, .. }
        | StmtKind::Warp { result, .. } => *result,
        StmtKind::BarrierReduce { result, .. } => Some(*result),
        _ => None,
    }
}

/// The operands of an expression, in order.
pub fn operands(kind: &ExprKind) -> Vec<ExprId> {
    match kind {
        ExprKind::Literal(_)
        | ExprKind::Param(_)
        | ExprKind::LocalPtr(_)
        | ExprKind::GlobalPtr(_)
        | ExprKind::Builtin(_)
        | ExprKind::StmtResult => Vec::new(),
        ExprKind::Load { ptr, .. }
        | ExprKind::MemberPtr { ptr, .. }
        | ExprKind::PtrCast { ptr } => vec![*ptr],
        ExprKind::PtrOffset { ptr, offset: other } | ExprKind::ElementPtr { ptr, index: other } => {
            vec![*ptr, *other]
        }
        ExprKind::Unary { arg, .. } | ExprKind::Convert { arg, .. } | ExprKind::Bitcast { arg } => {
            vec![*arg]
        }
        ExprKind::Binary { lhs, rhs, .. } => vec![*lhs, *rhs],
        ExprKind::Select {
            cond,
            accept,
            reject,
        } => vec![*cond, *accept, *reject],
        ExprKind::Compose { components } => components.clone(),
        ExprKind::Extract { value, .. } | ExprKind::Splat { value } => vec![*value],
        ExprKind::Intrinsic { args, .. } => args.clone(),
    }
}
