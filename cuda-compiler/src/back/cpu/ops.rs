//! Scalar semantics of the CPU form: the IR's operators mapped onto
//! [`cuda_cpu::sem`], which holds the one implementation that the executor
//! and the generated Rust share.

use super::code::K;
use crate::ir::{AtomicOp, BinaryOp, Rounding, UnaryOp};
use cuda_cpu::sem::{self, AtomOp, BinOp, Round, UnOp};
use cuda_cpu::FaultKind;

pub(crate) use cuda_cpu::sem::canon;

/// The shared semantics' name of a unary operator.
pub(crate) fn un(op: UnaryOp) -> UnOp {
    match op {
        UnaryOp::Neg => UnOp::Neg,
        UnaryOp::Not => UnOp::Not,
        UnaryOp::BitNot => UnOp::BitNot,
    }
}

/// The shared semantics' name of a binary operator.
#[inline]
pub(crate) fn bin(op: BinaryOp) -> BinOp {
    match op {
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::Rem => BinOp::Rem,
        BinaryOp::Shl => BinOp::Shl,
        BinaryOp::Shr => BinOp::Shr,
        BinaryOp::BitAnd => BinOp::BitAnd,
        BinaryOp::BitOr => BinOp::BitOr,
        BinaryOp::BitXor => BinOp::BitXor,
        BinaryOp::Eq => BinOp::Eq,
        BinaryOp::Ne => BinOp::Ne,
        BinaryOp::Lt => BinOp::Lt,
        BinaryOp::Le => BinOp::Le,
        BinaryOp::Gt => BinOp::Gt,
        BinaryOp::Ge => BinOp::Ge,
        BinaryOp::LogicalAnd => BinOp::LogicalAnd,
        BinaryOp::LogicalOr => BinOp::LogicalOr,
    }
}

/// The shared semantics' name of a rounding mode.
pub(crate) fn round(r: Rounding) -> Round {
    match r {
        Rounding::Nearest => Round::Nearest,
        Rounding::Zero => Round::Zero,
        Rounding::Up => Round::Up,
        Rounding::Down => Round::Down,
    }
}

/// The shared semantics' name of an atomic operation.
pub(crate) fn atom(op: AtomicOp) -> AtomOp {
    match op {
        AtomicOp::Add => AtomOp::Add,
        AtomicOp::Sub => AtomOp::Sub,
        AtomicOp::Exchange => AtomOp::Exchange,
        AtomicOp::Min => AtomOp::Min,
        AtomicOp::Max => AtomOp::Max,
        AtomicOp::Inc => AtomOp::Inc,
        AtomicOp::Dec => AtomOp::Dec,
        AtomicOp::CompareExchange => AtomOp::CompareExchange,
        AtomicOp::And => AtomOp::And,
        AtomicOp::Or => AtomOp::Or,
        AtomicOp::Xor => AtomOp::Xor,
    }
}

/// A unary operator.
#[inline]
pub(crate) fn unary(op: UnaryOp, k: K, a: u64) -> u64 {
    sem::unary(un(op), k, a)
}

/// A binary operator (not the lazy logical ones).
#[inline]
pub(crate) fn binary(op: BinaryOp, k: K, a: u64, b: u64) -> Result<u64, FaultKind> {
    sem::binary(bin(op), k, a, b)
}

/// A value conversion.
pub(crate) fn convert(from: K, to: K, r: Rounding, a: u64) -> u64 {
    sem::convert(from, to, round(r), a)
}

/// Reinterprets bits as another kind of the same size.
pub(crate) fn bitcast(to: K, a: u64) -> u64 {
    sem::bitcast(to, a)
}
