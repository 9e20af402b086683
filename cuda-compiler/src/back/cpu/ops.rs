//! Scalar semantics of the CPU form: canonical register values and the
//! operators and conversions on them, with CUDA's (PTX's) rules.

use super::code::K;
use crate::ir::{BinaryOp, Rounding, UnaryOp};
use cuda_cpu::num::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16, f64_to_f32_rounded};
use cuda_cpu::FaultKind;

/// Truncates `bits` to the kind's width and re-extends it (sign for signed
/// kinds), giving the canonical register value.
#[inline]
pub(crate) fn canon(k: K, bits: u64) -> u64 {
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
pub(crate) fn to_f64(k: K, bits: u64) -> f64 {
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
pub(crate) fn from_f64(k: K, v: f64) -> u64 {
    match k {
        K::F32 => u64::from((v as f32).to_bits()),
        K::F16 => u64::from(f32_to_f16(v as f32)),
        K::BF16 => u64::from(f32_to_bf16(v as f32)),
        _ => v.to_bits(),
    }
}

fn rounding_code(r: Rounding) -> u8 {
    match r {
        Rounding::Nearest => 0,
        Rounding::Zero => 1,
        Rounding::Up => 2,
        Rounding::Down => 3,
    }
}

/// A float value rounded with a mode into a float kind's bits (directed
/// modes exact for `f32` results; `f64` results round to nearest).
pub(crate) fn from_f64_rounded(k: K, v: f64, r: Rounding) -> u64 {
    match k {
        K::F32 => u64::from(f64_to_f32_rounded(v, rounding_code(r)).to_bits()),
        _ => from_f64(k, v),
    }
}

/// A unary operator.
#[inline]
pub(crate) fn unary(op: UnaryOp, k: K, a: u64) -> u64 {
    match op {
        UnaryOp::Not => u64::from(a == 0),
        UnaryOp::BitNot => canon(k, !a),
        UnaryOp::Neg => match k {
            K::F32 => a ^ 0x8000_0000,
            K::F64 => a ^ (1 << 63),
            K::F16 | K::BF16 => a ^ 0x8000,
            _ => canon(k, a.wrapping_neg()),
        },
    }
}

/// A binary operator (not the lazy logical ones). `bk` is the kind of the
/// right operand (shift amounts may differ).
#[inline]
pub(crate) fn binary(op: BinaryOp, k: K, a: u64, b: u64) -> Result<u64, FaultKind> {
    if k.is_float() {
        return Ok(float_binary(op, k, a, b));
    }
    let signed = k.is_signed();
    let bits = u64::from(k.size()) * 8;
    let r = match op {
        BinaryOp::Add => a.wrapping_add(b),
        BinaryOp::Sub => a.wrapping_sub(b),
        BinaryOp::Mul => a.wrapping_mul(b),
        BinaryOp::Div | BinaryOp::Rem => {
            if canon(k, b) == 0 {
                return Err(FaultKind::DivisionByZero);
            }
            let (x, y) = (a, b);
            match (signed, op) {
                (true, BinaryOp::Div) => (x as i64).wrapping_div(y as i64) as u64,
                (true, _) => (x as i64).wrapping_rem(y as i64) as u64,
                (false, BinaryOp::Div) => x / y,
                (false, _) => x % y,
            }
        }
        BinaryOp::Shl => {
            if b >= bits {
                0
            } else {
                a << b
            }
        }
        BinaryOp::Shr => {
            let amount = b.min(bits - 1 + u64::from(!signed));
            if amount >= bits {
                0
            } else if signed {
                ((a as i64) >> amount) as u64
            } else {
                a >> amount
            }
        }
        BinaryOp::BitAnd | BinaryOp::LogicalAnd => a & b,
        BinaryOp::BitOr | BinaryOp::LogicalOr => a | b,
        BinaryOp::BitXor => a ^ b,
        BinaryOp::Eq => return Ok(u64::from(a == b)),
        BinaryOp::Ne => return Ok(u64::from(a != b)),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let ord = if signed {
                (a as i64).cmp(&(b as i64))
            } else {
                a.cmp(&b)
            };
            return Ok(u64::from(match op {
                BinaryOp::Lt => ord.is_lt(),
                BinaryOp::Le => ord.is_le(),
                BinaryOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            }));
        }
    };
    Ok(canon(k, r))
}

#[inline]
fn float_binary(op: BinaryOp, k: K, a: u64, b: u64) -> u64 {
    if k == K::F32 {
        let (x, y) = (f32::from_bits(a as u32), f32::from_bits(b as u32));
        let r = match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            BinaryOp::Div => x / y,
            BinaryOp::Rem => x % y,
            _ => return u64::from(float_compare(op, f64::from(x), f64::from(y))),
        };
        return u64::from(r.to_bits());
    }
    let (x, y) = (to_f64(k, a), to_f64(k, b));
    let r = match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => x / y,
        BinaryOp::Rem => x % y,
        _ => return u64::from(float_compare(op, x, y)),
    };
    from_f64(k, r)
}

fn float_compare(op: BinaryOp, x: f64, y: f64) -> bool {
    match op {
        BinaryOp::Eq => x == y,
        BinaryOp::Ne => x != y,
        BinaryOp::Lt => x < y,
        BinaryOp::Le => x <= y,
        BinaryOp::Gt => x > y,
        BinaryOp::Ge => x >= y,
        BinaryOp::LogicalAnd => x != 0.0 && y != 0.0,
        BinaryOp::LogicalOr => x != 0.0 || y != 0.0,
        _ => false,
    }
}

/// A value conversion (C semantics; float→int truncates and saturates,
/// NaN → 0, as `cvt.rzi.sat`).
pub(crate) fn convert(from: K, to: K, r: Rounding, a: u64) -> u64 {
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
pub(crate) fn bitcast(to: K, a: u64) -> u64 {
    canon(to, a)
}
