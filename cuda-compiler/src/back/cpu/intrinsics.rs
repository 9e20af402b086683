//! The pure intrinsics (CUDA math library, integer and fast-math
//! intrinsics) on canonical register values. Fast-math functions use the
//! precise ones (within CUDA's documented error bounds and more accurate).

use super::code::K;
use super::ops::{canon, from_f64, from_f64_rounded, to_f64};
use crate::ir::{Intrinsic as I, Rounding};
use cuda_cpu::num;

/// Evaluates `fun` on arguments of kind `k` (`bk` the second argument's
/// kind) giving a result of kind `rk`.
pub(crate) fn eval(fun: I, k: K, rk: K, bk: K, a: [u64; 3]) -> u64 {
    if k.is_float() {
        float(fun, k, rk, bk, a)
    } else {
        int(fun, k, rk, a)
    }
}

fn float(fun: I, k: K, rk: K, bk: K, a: [u64; 3]) -> u64 {
    let x = to_f64(k, a[0]);
    let y = to_f64(if bk.is_float() { k } else { bk }, a[1]);
    let z = to_f64(k, a[2]);
    let single = k != K::F64;
    let v = match fun {
        I::Sqrt | I::SqrtRounded(Rounding::Nearest) => x.sqrt(),
        I::Rsqrt => 1.0 / x.sqrt(),
        I::Cbrt => x.cbrt(),
        I::Rcbrt => 1.0 / x.cbrt(),
        I::Exp | I::FastExp => x.exp(),
        I::Exp2 => x.exp2(),
        I::Exp10 | I::FastExp10 => 10f64.powf(x),
        I::Expm1 => x.exp_m1(),
        I::Log | I::FastLog => x.ln(),
        I::Log2 | I::FastLog2 => x.log2(),
        I::Log10 | I::FastLog10 => x.log10(),
        I::Log1p => x.ln_1p(),
        I::Sin | I::FastSin => x.sin(),
        I::Cos | I::FastCos => x.cos(),
        I::Tan | I::FastTan => x.tan(),
        I::SinPi => (x * std::f64::consts::PI).sin(),
        I::CosPi => (x * std::f64::consts::PI).cos(),
        I::Asin => x.asin(),
        I::Acos => x.acos(),
        I::Atan => x.atan(),
        I::Atan2 => x.atan2(y),
        I::Sinh => x.sinh(),
        I::Cosh => x.cosh(),
        I::Tanh => x.tanh(),
        I::Asinh => x.asinh(),
        I::Acosh => x.acosh(),
        I::Atanh => x.atanh(),
        I::Pow | I::FastPow => x.powf(y),
        I::Fabs => x.abs(),
        I::Floor => x.floor(),
        I::Ceil => x.ceil(),
        I::Trunc => x.trunc(),
        I::Round => x.round(),
        I::Rint => round_half_even(x),
        I::Fmod => x % y,
        I::Remainder => x - round_half_even(x / y) * y,
        I::Fmin => x.min(y),
        I::Fmax => x.max(y),
        I::Min => {
            if x < y {
                x
            } else {
                y
            }
        }
        I::Max => {
            if x > y {
                x
            } else {
                y
            }
        }
        I::Fma | I::FmaRounded(Rounding::Nearest) => {
            if k == K::F32 {
                let r = f32::from_bits(a[0] as u32)
                    .mul_add(f32::from_bits(a[1] as u32), f32::from_bits(a[2] as u32));
                return u64::from(r.to_bits());
            }
            x.mul_add(y, z)
        }
        I::FmaRounded(r) => return from_f64_rounded(rk, x.mul_add(y, z), r),
        I::Hypot => x.hypot(y),
        I::Copysign => x.copysign(y),
        I::Ldexp => x * 2f64.powi(a[1] as i64 as i32),
        I::Erf => num::erf(x),
        I::Erfc => num::erfc(x),
        I::Lgamma => num::lgamma(x),
        I::Tgamma => num::tgamma(x),
        I::Fdim => {
            if x > y {
                x - y
            } else if x.is_nan() || y.is_nan() {
                f64::NAN
            } else {
                0.0
            }
        }
        I::IsNan => return u64::from(x.is_nan()),
        I::IsInf => return u64::from(x.is_infinite()),
        I::IsFinite => return u64::from(x.is_finite()),
        I::Signbit => return u64::from(x.is_sign_negative()),
        I::Saturate => {
            if x.is_nan() {
                0.0
            } else {
                x.clamp(0.0, 1.0)
            }
        }
        I::Rcp(r) => return from_f64_rounded(rk, 1.0 / x, r),
        I::FastDiv => x / y,
        I::AddRounded(r) => return from_f64_rounded(rk, x + y, r),
        I::SubRounded(r) => return from_f64_rounded(rk, x - y, r),
        I::MulRounded(r) => return from_f64_rounded(rk, x * y, r),
        I::DivRounded(r) => return from_f64_rounded(rk, x / y, r),
        I::SqrtRounded(r) => return from_f64_rounded(rk, x.sqrt(), r),
        I::Abs => x.abs(),
        I::Popc
        | I::Clz
        | I::Ffs
        | I::Brev
        | I::BytePerm
        | I::MulHi
        | I::Mul24
        | I::Sad
        | I::HalvingAdd
        | I::RoundingHalvingAdd
        | I::FunnelShiftL
        | I::FunnelShiftR
        | I::FunnelShiftLClamp
        | I::FunnelShiftRClamp => 0.0,
    };
    let _ = single;
    if rk.is_float() {
        from_f64(rk, v)
    } else {
        canon(rk, v as i64 as u64)
    }
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn int(fun: I, k: K, rk: K, a: [u64; 3]) -> u64 {
    let wide = k.size() == 8;
    let signed = k.is_signed();
    let bits = if wide { 64 } else { 32 };
    let (x, y, z) = (a[0], a[1], a[2]);
    let r = match fun {
        I::Min | I::Max => {
            let less = if signed {
                (x as i64) < (y as i64)
            } else {
                x < y
            };
            if less == (fun == I::Min) {
                x
            } else {
                y
            }
        }
        I::Abs => (x as i64).wrapping_abs() as u64,
        I::Popc => u64::from(if wide {
            x.count_ones()
        } else {
            (x as u32).count_ones()
        }),
        I::Clz => u64::from(if wide {
            x.leading_zeros()
        } else {
            (x as u32).leading_zeros()
        }),
        I::Ffs => {
            let v = if wide { x } else { x & 0xffff_ffff };
            if v == 0 {
                0
            } else {
                u64::from(v.trailing_zeros() + 1)
            }
        }
        I::Brev => {
            if wide {
                x.reverse_bits()
            } else {
                u64::from((x as u32).reverse_bits())
            }
        }
        I::BytePerm => {
            let bytes = (u64::from(y as u32) << 32 | u64::from(x as u32)).to_le_bytes();
            let s = z as u32;
            let mut out = 0u32;
            for i in 0..4 {
                let sel = (s >> (4 * i)) & 7;
                out |= u32::from(bytes[sel as usize]) << (8 * i);
            }
            u64::from(out)
        }
        I::MulHi => {
            if wide {
                if signed {
                    ((i128::from(x as i64) * i128::from(y as i64)) >> 64) as u64
                } else {
                    ((u128::from(x) * u128::from(y)) >> 64) as u64
                }
            } else if signed {
                ((x as i64 * y as i64) >> 32) as u64
            } else {
                ((x & 0xffff_ffff) * (y & 0xffff_ffff)) >> 32
            }
        }
        I::Mul24 => {
            if signed {
                let xs = ((x as i32) << 8) >> 8;
                let ys = ((y as i32) << 8) >> 8;
                xs.wrapping_mul(ys) as i64 as u64
            } else {
                (x & 0xff_ffff).wrapping_mul(y & 0xff_ffff)
            }
        }
        I::Sad => {
            let d = if signed {
                (x as i64 - y as i64).unsigned_abs()
            } else {
                x.abs_diff(y)
            };
            d.wrapping_add(z)
        }
        I::HalvingAdd | I::RoundingHalvingAdd => {
            let up = i128::from(fun == I::RoundingHalvingAdd);
            let (xi, yi) = if signed {
                (i128::from(x as i64), i128::from(y as i64))
            } else {
                (i128::from(x), i128::from(y))
            };
            ((xi + yi + up) >> 1) as u64
        }
        I::FunnelShiftL | I::FunnelShiftLClamp | I::FunnelShiftR | I::FunnelShiftRClamp => {
            let s = if matches!(fun, I::FunnelShiftL | I::FunnelShiftR) {
                z & 31
            } else {
                (z & 0xffff_ffff).min(32)
            };
            let both = (y & 0xffff_ffff) << 32 | (x & 0xffff_ffff);
            if matches!(fun, I::FunnelShiftL | I::FunnelShiftLClamp) {
                (both << s) >> 32
            } else {
                both >> s
            }
        }
        _ => {
            // Math functions on integer arguments: promote to double.
            let v = to_f64(k, x);
            return float(
                fun,
                K::F64,
                rk,
                K::F64,
                [v.to_bits(), to_f64(k, y).to_bits(), to_f64(k, z).to_bits()],
            );
        }
    };
    let _ = bits;
    canon(rk, r)
}
