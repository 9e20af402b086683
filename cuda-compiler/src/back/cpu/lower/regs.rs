//! Register operands of instructions (for placing temporaries).

use crate::back::cpu::code::{Op, Reg};

/// Calls `f` on every register operand of `op`.
pub(super) fn for_each_reg(op: &mut Op, mut f: impl FnMut(&mut Reg)) {
    match op {
        Op::Const { dst, .. } | Op::Builtin { dst, .. } | Op::MakePtr { dst, .. } => f(dst),
        Op::Mov { dst, src } => {
            f(dst);
            f(src);
        }
        Op::Unary { dst, a, .. }
        | Op::BinaryImm { dst, a, .. }
        | Op::Convert { dst, a, .. }
        | Op::Bitcast { dst, a, .. }
        | Op::PtrAdd { dst, p: a, .. } => {
            f(dst);
            f(a);
        }
        Op::Binary { dst, a, b, .. }
        | Op::PtrIndex {
            dst, p: a, idx: b, ..
        } => {
            f(dst);
            f(a);
            f(b);
        }
        Op::Intrinsic { dst, args, .. } => {
            f(dst);
            args.iter_mut().for_each(f);
        }
        Op::Jump { .. } | Op::JumpBack { .. } | Op::SyncWarp | Op::Exit => {}
        Op::JumpIf { cond, .. } | Op::JumpIfNot { cond, .. } => f(cond),
        Op::Load { dst, p, idx, .. } => {
            f(dst);
            f(p);
            f(idx);
        }
        Op::Store { p, idx, src, .. } => {
            f(p);
            f(idx);
            f(src);
        }
        Op::ObjIndex { dst, idx, .. } => {
            f(dst);
            f(idx);
        }
        Op::Atomic { dst, p, v, cmp, .. } => {
            f(dst);
            f(p);
            f(v);
            f(cmp);
        }
        Op::Warp { dst, args, .. } => {
            f(dst);
            args.iter_mut().for_each(f);
        }
        Op::Barrier { reduce } => {
            if let Some((_, p, d)) = reduce {
                f(p);
                f(d);
            }
        }
    }
}
