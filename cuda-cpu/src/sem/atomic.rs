//! Atomic read-modify-write semantics on canonical register values.

use super::K;

/// Atomic operations (the IR's `AtomicOp`, mirrored; see [`super::UnOp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AtomOp {
    /// `Add`
    Add,
    /// `Sub`
    Sub,
    /// `Exchange`
    Exchange,
    /// `Min`
    Min,
    /// `Max`
    Max,
    /// `Inc`
    Inc,
    /// `Dec`
    Dec,
    /// `CompareExchange`
    CompareExchange,
    /// `And`
    And,
    /// `Or`
    Or,
    /// `Xor`
    Xor,
}

/// The new value of an atomic, or `None` to leave memory as is.
#[inline]
pub fn atomic_new(op: AtomOp, k: K, old: u64, v: u64, cmp: u64) -> Option<u64> {
    use super::BinOp as B;
    let arith = |bop| super::binary(bop, k, old, v).unwrap_or(old);
    let less = |a: u64, b: u64| {
        if k.is_float() {
            super::to_f64(k, a) < super::to_f64(k, b)
        } else if k.is_signed() {
            (a as i64) < (b as i64)
        } else {
            a < b
        }
    };
    Some(match op {
        AtomOp::Add => arith(B::Add),
        AtomOp::Sub => arith(B::Sub),
        AtomOp::Exchange => v,
        AtomOp::Min => {
            if less(v, old) {
                v
            } else {
                old
            }
        }
        AtomOp::Max => {
            if less(old, v) {
                v
            } else {
                old
            }
        }
        AtomOp::Inc => {
            if old >= v {
                0
            } else {
                old + 1
            }
        }
        AtomOp::Dec => {
            if old == 0 || old > v {
                v
            } else {
                old - 1
            }
        }
        AtomOp::CompareExchange => {
            if old == super::canon(k, cmp) {
                v
            } else {
                return None;
            }
        }
        AtomOp::And => old & v,
        AtomOp::Or => old | v,
        AtomOp::Xor => old ^ v,
    })
}
