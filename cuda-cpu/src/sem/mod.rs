//! Scalar semantics of the CPU form, shared by the executor of
//! `cuda-compiler` and the Rust it generates: canonical register values and
//! the operators, conversions, intrinsics and atomics on them, with CUDA's
//! (PTX's) rules. One copy, so both paths give bit-identical results; the
//! generated code calls these with constant kinds and operators, and
//! inlining folds the matches away.

mod atomic;
mod intr;

pub use atomic::{atomic_new, AtomOp};
pub use intr::{eval as intrinsic, Intr};

use crate::num::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16, f64_to_f32_rounded};
use crate::FaultKind;

/// The kind of a scalar register value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum K {
    /// bool (0/1)
    Bool,
    /// i8
    I8,
    /// u8
    U8,
    /// i16
    I16,
    /// u16
    U16,
    /// i32
    I32,
    /// u32
    U32,
    /// i64
    I64,
    /// u64 (also pointers, as their encoded bits)
    U64,
    /// f16 bits
    F16,
    /// bf16 bits
    BF16,
    /// f32 bits
    F32,
    /// f64 bits
    F64,
}

impl K {
    /// Size in memory.
    pub fn size(self) -> u32 {
        match self {
            K::Bool | K::I8 | K::U8 => 1,
            K::I16 | K::U16 | K::F16 | K::BF16 => 2,
            K::I32 | K::U32 | K::F32 => 4,
            K::I64 | K::U64 | K::F64 => 8,
        }
    }

    /// Is it a floating kind?
    pub fn is_float(self) -> bool {
        matches!(self, K::F16 | K::BF16 | K::F32 | K::F64)
    }

    /// Is it a signed integer kind?
    pub fn is_signed(self) -> bool {
        matches!(self, K::I8 | K::I16 | K::I32 | K::I64)
    }
}

/// Unary operators (the IR's `UnaryOp`, mirrored here so that the executor
/// and generated Rust share one implementation of their semantics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// Arithmetic negation (wrapping for integers).
    Neg,
    /// Logical not.
    Not,
    /// Bitwise complement.
    BitNot,
}

/// Binary operators (the IR's `BinaryOp`, mirrored; see [`UnOp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `Add`
    Add,
    /// `Sub`
    Sub,
    /// `Mul`
    Mul,
    /// `Div`
    Div,
    /// `Rem`
    Rem,
    /// `Shl`
    Shl,
    /// `Shr`
    Shr,
    /// `BitAnd`
    BitAnd,
    /// `BitOr`
    BitOr,
    /// `BitXor`
    BitXor,
    /// `Eq`
    Eq,
    /// `Ne`
    Ne,
    /// `Lt`
    Lt,
    /// `Le`
    Le,
    /// `Gt`
    Gt,
    /// `Ge`
    Ge,
    /// `LogicalAnd`
    LogicalAnd,
    /// `LogicalOr`
    LogicalOr,
}

/// Rounding modes (the IR's `Rounding`, mirrored; see [`UnOp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Round {
    /// To nearest even.
    Nearest,
    /// Toward zero.
    Zero,
    /// Toward +inf.
    Up,
    /// Toward -inf.
    Down,
}

/// Truncates `bits` to the kind's width and re-extends it (sign for signed
/// kinds), giving the canonical register value.
#[inline]
pub fn canon(k: K, bits: u64) -> u64 {
    match k {
        K::Bool => u64::from(bits != 0),
        K::I8 => bits as i8 as i64 as u64,
        K::U8 => bits & 0xff,
        K::I16 => bits as i16 as i64 as u64,
        K::U16 | K::F16 | K::BF16 => bits & 0xffff,
        K::I32 => bits as i32 as i64 as u64,
        K::U32 | K::F32 => bits & 0xffff_ffff,
        K::I64 | K::U64 | K::F64 => bits,
    }
}

/// A float register value as `f64` (exact).
#[inline]
pub fn to_f64(k: K, bits: u64) -> f64 {
    match k {
        K::F32 => f64::from(f32::from_bits(bits as u32)),
        K::F64 => f64::from_bits(bits),
        K::F16 => f64::from(f16_to_f32(bits as u16)),
        K::BF16 => f64::from(bf16_to_f32(bits as u16)),
        K::Bool | K::U8 | K::U16 | K::U32 | K::U64 => bits as f64,
        K::I8 | K::I16 | K::I32 | K::I64 => bits as i64 as f64,
    }
}

/// A float value rounded to nearest into a float kind's bits.
#[inline]
pub fn from_f64(k: K, v: f64) -> u64 {
    match k {
        K::F32 => u64::from((v as f32).to_bits()),
        K::F16 => u64::from(f32_to_f16(v as f32)),
        K::BF16 => u64::from(f32_to_bf16(v as f32)),
        _ => v.to_bits(),
    }
}

fn rounding_code(r: Round) -> u8 {
    match r {
        Round::Nearest => 0,
        Round::Zero => 1,
        Round::Up => 2,
        Round::Down => 3,
    }
}

/// A float value rounded with a mode into a float kind's bits (directed
/// modes exact for `f32` results; `f64` results round to nearest).
pub fn from_f64_rounded(k: K, v: f64, r: Round) -> u64 {
    match k {
        K::F32 => u64::from(f64_to_f32_rounded(v, rounding_code(r)).to_bits()),
        _ => from_f64(k, v),
    }
}

/// A unary operator.
#[inline]
pub fn unary(op: UnOp, k: K, a: u64) -> u64 {
    match op {
        UnOp::Not => u64::from(a == 0),
        UnOp::BitNot => canon(k, !a),
        UnOp::Neg => match k {
            K::F32 => a ^ 0x8000_0000,
            K::F64 => a ^ (1 << 63),
            K::F16 | K::BF16 => a ^ 0x8000,
            _ => canon(k, a.wrapping_neg()),
        },
    }
}

/// A binary operator (not the lazy logical ones). `bk` is the kind of the
/// right operand (shift amounts may differ).
#[inline(always)]
pub fn binary(op: BinOp, k: K, a: u64, b: u64) -> Result<u64, FaultKind> {
    if k.is_float() {
        return Ok(float_binary(op, k, a, b));
    }
    let signed = k.is_signed();
    let bits = u64::from(k.size()) * 8;
    let r = match op {
        BinOp::Add => a.wrapping_add(b),
        BinOp::Sub => a.wrapping_sub(b),
        BinOp::Mul => a.wrapping_mul(b),
        BinOp::Div | BinOp::Rem => {
            if canon(k, b) == 0 {
                return Err(FaultKind::DivisionByZero);
            }
            let (x, y) = (a, b);
            match (signed, op) {
                (true, BinOp::Div) => (x as i64).wrapping_div(y as i64) as u64,
                (true, _) => (x as i64).wrapping_rem(y as i64) as u64,
                (false, BinOp::Div) => x / y,
                (false, _) => x % y,
            }
        }
        BinOp::Shl => {
            if b >= bits {
                0
            } else {
                a << b
            }
        }
        BinOp::Shr => {
            let amount = b.min(bits - 1 + u64::from(!signed));
            if amount >= bits {
                0
            } else if signed {
                ((a as i64) >> amount) as u64
            } else {
                a >> amount
            }
        }
        BinOp::BitAnd | BinOp::LogicalAnd => a & b,
        BinOp::BitOr | BinOp::LogicalOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::Eq => return Ok(u64::from(a == b)),
        BinOp::Ne => return Ok(u64::from(a != b)),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = if signed {
                (a as i64).cmp(&(b as i64))
            } else {
                a.cmp(&b)
            };
            return Ok(u64::from(match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            }));
        }
    };
    Ok(canon(k, r))
}

#[inline(always)]
fn float_binary(op: BinOp, k: K, a: u64, b: u64) -> u64 {
    if k == K::F32 {
        let (x, y) = (f32::from_bits(a as u32), f32::from_bits(b as u32));
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => x / y,
            BinOp::Rem => x % y,
            _ => return u64::from(float_compare(op, f64::from(x), f64::from(y))),
        };
        return u64::from(r.to_bits());
    }
    let (x, y) = (to_f64(k, a), to_f64(k, b));
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        BinOp::Rem => x % y,
        _ => return u64::from(float_compare(op, x, y)),
    };
    from_f64(k, r)
}

#[inline(always)]
fn float_compare(op: BinOp, x: f64, y: f64) -> bool {
    match op {
        BinOp::Eq => x == y,
        BinOp::Ne => x != y,
        BinOp::Lt => x < y,
        BinOp::Le => x <= y,
        BinOp::Gt => x > y,
        BinOp::Ge => x >= y,
        BinOp::LogicalAnd => x != 0.0 && y != 0.0,
        BinOp::LogicalOr => x != 0.0 || y != 0.0,
        _ => false,
    }
}

/// A value conversion (C semantics; float→int truncates and saturates,
/// NaN → 0, as `cvt.rzi.sat`).
#[inline]
pub fn convert(from: K, to: K, r: Round, a: u64) -> u64 {
    if to == K::Bool {
        return u64::from(if from.is_float() {
            to_f64(from, a) != 0.0
        } else {
            a != 0
        });
    }
    if from.is_float() {
        let v = to_f64(from, a);
        if to.is_float() {
            return from_f64_rounded(to, v, r);
        }
        return match to {
            K::I8 => v as i8 as i64 as u64,
            K::U8 => u64::from(v as u8),
            K::I16 => v as i16 as i64 as u64,
            K::U16 => u64::from(v as u16),
            K::I32 => v as i32 as i64 as u64,
            K::U32 => u64::from(v as u32),
            K::I64 => v as i64 as u64,
            _ => v as u64,
        };
    }
    if to.is_float() {
        let v = if from.is_signed() {
            a as i64 as f64
        } else {
            a as f64
        };
        // 64-bit integers do not fit f64 exactly: round once to nearest.
        let exact = from.size() < 8 || v.abs() < 9.007_199_254_740_992e15;
        if to == K::F64 || !exact {
            return match (to, from.is_signed()) {
                (K::F32, true) => u64::from((a as i64 as f32).to_bits()),
                (K::F32, false) => u64::from((a as f32).to_bits()),
                _ => from_f64(to, v),
            };
        }
        return from_f64_rounded(to, v, r);
    }
    canon(to, a)
}

/// Reinterprets bits as another kind of the same size.
pub fn bitcast(to: K, a: u64) -> u64 {
    canon(to, a)
}
