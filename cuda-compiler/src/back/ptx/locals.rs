//! Which local variables live in registers and which in `.local` memory.
//!
//! A local stays in registers (one per leaf) when its address is used only
//! as constant paths to its leaves: `load`/`store` of `&x`, `&x.field`,
//! `&x[3]`, and never escapes (passed, stored, offset by a variable index,
//! cast). Everything else gets a `.local` array, as nvcc's local depot.

use super::regs::leaf_count;
use crate::ir::{Block, ExprId, ExprKind, Function, Literal, LocalId, Module, StmtKind, Type};

/// Most leaves a register-homed local may have.
const MAX_REG_LEAVES: usize = 64;

/// For each local of `f`: may it live in registers?
pub(super) fn register_locals(module: &Module, f: &Function) -> Vec<bool> {
    let mut ok: Vec<bool> = f
        .locals
        .iter()
        .map(|l| fits_registers(module, &l.ty))
        .collect();
    // The local each "constant path" expression leads into.
    // (Repeated until stable, so the arena's order does not matter.)
    let mut root: Vec<Option<LocalId>> = vec![None; f.exprs.len()];
    loop {
        let mut changed = false;
        for (h, e) in f.exprs.iter() {
            let r = match &e.kind {
                ExprKind::LocalPtr(l) => Some(*l),
                ExprKind::MemberPtr { ptr, .. } => root[ptr.index()],
                ExprKind::ElementPtr { ptr, index } if is_literal(f, *index) => root[ptr.index()],
                _ => None,
            };
            if root[h.index()] != r {
                root[h.index()] = r;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let escape = |e: ExprId, ok: &mut Vec<bool>| {
        if let Some(l) = root[e.index()] {
            ok[l.0 as usize] = false;
        }
    };
    // Uses inside expressions.
    for (_, e) in f.exprs.iter() {
        match &e.kind {
            ExprKind::Load { .. } | ExprKind::MemberPtr { .. } => {}
            ExprKind::ElementPtr { index, .. } if is_literal(f, *index) => {}
            kind => {
                for o in operands(kind) {
                    escape(o, &mut ok);
                }
            }
        }
    }
    // Uses by statements (only a store's target may be a path).
    walk(&f.body, &mut |s| match s {
        StmtKind::Store { ptr: _, value, .. } => escape(*value, &mut ok),
        other => {
            for e in stmt_exprs(other) {
                escape(e, &mut ok);
            }
        }
    });
    ok
}

fn fits_registers(module: &Module, ty: &Type) -> bool {
    match ty {
        Type::Struct(id) => module
            .structs
            .get(id.0 as usize)
            .is_some_and(|d| !d.is_union && leaf_count(module, ty) <= MAX_REG_LEAVES),
        Type::Array(..) => {
            leaf_count(module, ty) <= 16
                && !matches!(ty, Type::Array(e, _) if matches!(**e, Type::Struct(_)))
        }
        Type::Void => false,
        _ => true,
    }
}

fn is_literal(f: &Function, e: ExprId) -> bool {
    matches!(f.exprs[e].kind, ExprKind::Literal(Literal::Int(..)))
}

/// The expression operands of an expression.
pub(super) fn operands(kind: &ExprKind) -> Vec<ExprId> {
    match kind {
        ExprKind::Load { ptr, .. }
        | ExprKind::MemberPtr { ptr, .. }
        | ExprKind::PtrCast { ptr } => vec![*ptr],
        ExprKind::PtrOffset { ptr, offset } => vec![*ptr, *offset],
        ExprKind::ElementPtr { ptr, index } => vec![*ptr, *index],
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
        ExprKind::Literal(_)
        | ExprKind::Param(_)
        | ExprKind::LocalPtr(_)
        | ExprKind::GlobalPtr(_)
        | ExprKind::Builtin(_)
        | ExprKind::StmtResult => Vec::new(),
    }
}

/// The expressions a statement reads directly (not those of nested blocks).
pub(super) fn stmt_exprs(s: &StmtKind) -> Vec<ExprId> {
    match s {
        StmtKind::Store { ptr, value, .. } => vec![*ptr, *value],
        StmtKind::Eval(e) => vec![*e],
        StmtKind::If { cond, .. } => vec![*cond],
        StmtKind::Return(v) => v.iter().copied().collect(),
        StmtKind::Switch { selector, .. } => vec![*selector],
        StmtKind::Call { args, .. } | StmtKind::Warp { args, .. } => args.clone(),
        StmtKind::Atomic {
            ptr,
            value,
            compare,
            ..
        } => {
            let mut v = vec![*ptr, *value];
            v.extend(compare.iter().copied());
            v
        }
        StmtKind::Barrier { mask, .. } => mask.iter().copied().collect(),
        StmtKind::BarrierReduce { pred, .. } => vec![*pred],
        StmtKind::Loop { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Block(_)
        | StmtKind::Fence(_) => Vec::new(),
    }
}

/// Visits every statement of a block, nested ones included.
pub(super) fn walk(block: &Block, visit: &mut impl FnMut(&StmtKind)) {
    for s in block {
        visit(&s.kind);
        match &s.kind {
            StmtKind::If { accept, reject, .. } => {
                walk(accept, visit);
                walk(reject, visit);
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                walk(body, visit);
                walk(continuing, visit);
            }
            StmtKind::Switch { cases, .. } => {
                for c in cases {
                    walk(&c.body, visit);
                }
            }
            StmtKind::Block(b) => walk(b, visit),
            _ => {}
        }
    }
}
