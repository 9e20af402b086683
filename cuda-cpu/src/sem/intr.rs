//! The pure intrinsics (CUDA math library, integer and fast-math
//! intrinsics) on canonical register values. Fast-math functions use the
//! precise ones (within CUDA's documented error bounds and more accurate).

use super::{canon, from_f64, from_f64_rounded, to_f64, Round, K};

/// The IR's `Intrinsic`, mirrored (see [`super::UnOp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intr {
    // ---- math library (float/double/half by argument type) ----
    /// `sqrt`
    Sqrt,
    /// `rsqrt`
    Rsqrt,
    /// `cbrt`
    Cbrt,
    /// `rcbrt`
    Rcbrt,
    /// `exp`
    Exp,
    /// `exp2`
    Exp2,
    /// `exp10`
    Exp10,
    /// `expm1`
    Expm1,
    /// `log`
    Log,
    /// `log2`
    Log2,
    /// `log10`
    Log10,
    /// `log1p`
    Log1p,
    /// `sin`
    Sin,
    /// `cos`
    Cos,
    /// `tan`
    Tan,
    /// `sinpi`
    SinPi,
    /// `cospi`
    CosPi,
    /// `asin`
    Asin,
    /// `acos`
    Acos,
    /// `atan`
    Atan,
    /// `atan2`
    Atan2,
    /// `sinh`
    Sinh,
    /// `cosh`
    Cosh,
    /// `tanh`
    Tanh,
    /// `asinh`
    Asinh,
    /// `acosh`
    Acosh,
    /// `atanh`
    Atanh,
    /// `pow`
    Pow,
    /// `fabs` (and `abs` on floats)
    Fabs,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// `trunc`
    Trunc,
    /// `round` (half away from zero)
    Round,
    /// `rint` / `nearbyint` (half to even)
    Rint,
    /// `fmod`
    Fmod,
    /// `remainder`
    Remainder,
    /// `fmin` (NaN-ignoring)
    Fmin,
    /// `fmax` (NaN-ignoring)
    Fmax,
    /// `fma` (single rounding)
    Fma,
    /// `hypot`
    Hypot,
    /// `copysign`
    Copysign,
    /// `ldexp(x, int)`
    Ldexp,
    /// `erf`
    Erf,
    /// `erfc`
    Erfc,
    /// `lgamma`
    Lgamma,
    /// `tgamma`
    Tgamma,
    /// `fdim`
    Fdim,
    /// `isnan` (result bool)
    IsNan,
    /// `isinf` (result bool)
    IsInf,
    /// `isfinite` (result bool)
    IsFinite,
    /// `signbit` (result bool)
    Signbit,
    /// `__saturatef`: clamp to [0, 1]
    Saturate,
    /// `__frcp_rn` and `1/x` with a rounding mode
    Rcp(Round),
    // ---- fast-math intrinsics (CUDA's documented approximations) ----
    /// `__expf`
    FastExp,
    /// `__exp10f`
    FastExp10,
    /// `__logf`
    FastLog,
    /// `__log2f`
    FastLog2,
    /// `__log10f`
    FastLog10,
    /// `__sinf`
    FastSin,
    /// `__cosf`
    FastCos,
    /// `__tanf`
    FastTan,
    /// `__powf`
    FastPow,
    /// `__fdividef`
    FastDiv,
    /// `__fadd_r?` / `__dadd_r?`
    AddRounded(Round),
    /// `__fsub_r?`
    SubRounded(Round),
    /// `__fmul_r?`
    MulRounded(Round),
    /// `__fdiv_r?`
    DivRounded(Round),
    /// `__fsqrt_r?`
    SqrtRounded(Round),
    /// `__fmaf_r?`
    FmaRounded(Round),
    // ---- integer ----
    /// `min` on integers or floats (C++ `min`, not NaN-aware)
    Min,
    /// `max`
    Max,
    /// `abs` / `llabs` on integers
    Abs,
    /// `__popc` / `__popcll` (result i32)
    Popc,
    /// `__clz` / `__clzll` (result i32)
    Clz,
    /// `__ffs` / `__ffsll` (result i32, 1-based, 0 for zero)
    Ffs,
    /// `__brev` / `__brevll`
    Brev,
    /// `__byte_perm(x, y, s)`
    BytePerm,
    /// `__mulhi` / `__umulhi` / `__mul64hi` / `__umul64hi`
    MulHi,
    /// `__mul24` / `__umul24`
    Mul24,
    /// `__sad` / `__usad(x, y, z)` = |x − y| + z
    Sad,
    /// `__hadd` / `__uhadd` (average, rounding down, no overflow)
    HalvingAdd,
    /// `__rhadd` / `__urhadd` (average, rounding up)
    RoundingHalvingAdd,
    /// `__funnelshift_l(lo, hi, shift)`, shift wrapped to 0..31
    FunnelShiftL,
    /// `__funnelshift_r`
    FunnelShiftR,
    /// `__funnelshift_lc` (shift clamped to 32)
    FunnelShiftLClamp,
    /// `__funnelshift_rc`
    FunnelShiftRClamp,
}

/// Evaluates `fun` on arguments of kind `k` (`bk` the second argument's
/// kind) giving a result of kind `rk`.
#[inline]
pub fn eval(fun: Intr, k: K, rk: K, bk: K, a: [u64; 3]) -> u64 {
    if k.is_float() {
        float(fun, k, rk, bk, a)
    } else {
        int(fun, k, rk, a)
    }
}

fn float(fun: Intr, k: K, rk: K, bk: K, a: [u64; 3]) -> u64 {
    let x = to_f64(k, a[0]);
    let y = to_f64(if bk.is_float() { k } else { bk }, a[1]);
    let z = to_f64(k, a[2]);
    let single = k != K::F64;
    let v = match fun {
        Intr::Sqrt | Intr::SqrtRounded(Round::Nearest) => x.sqrt(),
        Intr::Rsqrt => 1.0 / x.sqrt(),
        Intr::Cbrt => x.cbrt(),
        Intr::Rcbrt => 1.0 / x.cbrt(),
        Intr::Exp | Intr::FastExp => x.exp(),
        Intr::Exp2 => x.exp2(),
        Intr::Exp10 | Intr::FastExp10 => 10f64.powf(x),
        Intr::Expm1 => x.exp_m1(),
        Intr::Log | Intr::FastLog => x.ln(),
        Intr::Log2 | Intr::FastLog2 => x.log2(),
        Intr::Log10 | Intr::FastLog10 => x.log10(),
        Intr::Log1p => x.ln_1p(),
        Intr::Sin | Intr::FastSin => x.sin(),
        Intr::Cos | Intr::FastCos => x.cos(),
        Intr::Tan | Intr::FastTan => x.tan(),
        Intr::SinPi => (x * std::f64::consts::PI).sin(),
        Intr::CosPi => (x * std::f64::consts::PI).cos(),
        Intr::Asin => x.asin(),
        Intr::Acos => x.acos(),
        Intr::Atan => x.atan(),
        Intr::Atan2 => x.atan2(y),
        Intr::Sinh => x.sinh(),
        Intr::Cosh => x.cosh(),
        Intr::Tanh => x.tanh(),
        Intr::Asinh => x.asinh(),
        Intr::Acosh => x.acosh(),
        Intr::Atanh => x.atanh(),
        Intr::Pow | Intr::FastPow => x.powf(y),
        Intr::Fabs => x.abs(),
        Intr::Floor => x.floor(),
        Intr::Ceil => x.ceil(),
        Intr::Trunc => x.trunc(),
        Intr::Round => x.round(),
        Intr::Rint => round_half_even(x),
        Intr::Fmod => x % y,
        Intr::Remainder => x - round_half_even(x / y) * y,
        Intr::Fmin => x.min(y),
        Intr::Fmax => x.max(y),
        Intr::Min => {
            if x < y {
                x
            } else {
                y
            }
        }
        Intr::Max => {
            if x > y {
                x
            } else {
                y
            }
        }
        Intr::Fma | Intr::FmaRounded(Round::Nearest) => {
            if k == K::F32 {
                let r = f32::from_bits(a[0] as u32)
                    .mul_add(f32::from_bits(a[1] as u32), f32::from_bits(a[2] as u32));
                return u64::from(r.to_bits());
            }
            x.mul_add(y, z)
        }
        Intr::FmaRounded(r) => return from_f64_rounded(rk, x.mul_add(y, z), r),
        Intr::Hypot => x.hypot(y),
        Intr::Copysign => x.copysign(y),
        Intr::Ldexp => x * 2f64.powi(a[1] as i64 as i32),
        Intr::Erf => crate::num::erf(x),
        Intr::Erfc => crate::num::erfc(x),
        Intr::Lgamma => crate::num::lgamma(x),
        Intr::Tgamma => crate::num::tgamma(x),
        Intr::Fdim => {
            if x > y {
                x - y
            } else if x.is_nan() || y.is_nan() {
                f64::NAN
            } else {
                0.0
            }
        }
        Intr::IsNan => return u64::from(x.is_nan()),
        Intr::IsInf => return u64::from(x.is_infinite()),
        Intr::IsFinite => return u64::from(x.is_finite()),
        Intr::Signbit => return u64::from(x.is_sign_negative()),
        Intr::Saturate => {
            if x.is_nan() {
                0.0
            } else {
                x.clamp(0.0, 1.0)
            }
        }
        Intr::Rcp(r) => return from_f64_rounded(rk, 1.0 / x, r),
        Intr::FastDiv => x / y,
        Intr::AddRounded(r) => return from_f64_rounded(rk, x + y, r),
        Intr::SubRounded(r) => return from_f64_rounded(rk, x - y, r),
        Intr::MulRounded(r) => return from_f64_rounded(rk, x * y, r),
        Intr::DivRounded(r) => return from_f64_rounded(rk, x / y, r),
        Intr::SqrtRounded(r) => return from_f64_rounded(rk, x.sqrt(), r),
        Intr::Abs => x.abs(),
        Intr::Popc
        | Intr::Clz
        | Intr::Ffs
        | Intr::Brev
        | Intr::BytePerm
        | Intr::MulHi
        | Intr::Mul24
        | Intr::Sad
        | Intr::HalvingAdd
        | Intr::RoundingHalvingAdd
        | Intr::FunnelShiftL
        | Intr::FunnelShiftR
        | Intr::FunnelShiftLClamp
        | Intr::FunnelShiftRClamp => 0.0,
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

fn int(fun: Intr, k: K, rk: K, a: [u64; 3]) -> u64 {
    let wide = k.size() == 8;
    let signed = k.is_signed();
    let bits = if wide { 64 } else { 32 };
    let (x, y, z) = (a[0], a[1], a[2]);
    let r = match fun {
        Intr::Min | Intr::Max => {
            let less = if signed {
                (x as i64) < (y as i64)
            } else {
                x < y
            };
            if less == (fun == Intr::Min) {
                x
            } else {
                y
            }
        }
        Intr::Abs => (x as i64).wrapping_abs() as u64,
        Intr::Popc => u64::from(if wide {
            x.count_ones()
        } else {
            (x as u32).count_ones()
        }),
        Intr::Clz => u64::from(if wide {
            x.leading_zeros()
        } else {
            (x as u32).leading_zeros()
        }),
        Intr::Ffs => {
            let v = if wide { x } else { x & 0xffff_ffff };
            if v == 0 {
                0
            } else {
                u64::from(v.trailing_zeros() + 1)
            }
        }
        Intr::Brev => {
            if wide {
                x.reverse_bits()
            } else {
                u64::from((x as u32).reverse_bits())
            }
        }
        Intr::BytePerm => {
            let bytes = (u64::from(y as u32) << 32 | u64::from(x as u32)).to_le_bytes();
            let s = z as u32;
            let mut out = 0u32;
            for i in 0..4 {
                let sel = (s >> (4 * i)) & 7;
                out |= u32::from(bytes[sel as usize]) << (8 * i);
            }
            u64::from(out)
        }
        Intr::MulHi => {
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
        Intr::Mul24 => {
            if signed {
                let xs = ((x as i32) << 8) >> 8;
                let ys = ((y as i32) << 8) >> 8;
                xs.wrapping_mul(ys) as i64 as u64
            } else {
                (x & 0xff_ffff).wrapping_mul(y & 0xff_ffff)
            }
        }
        Intr::Sad => {
            let d = if signed {
                (x as i64).wrapping_sub(y as i64).unsigned_abs()
            } else {
                x.abs_diff(y)
            };
            d.wrapping_add(z)
        }
        Intr::HalvingAdd | Intr::RoundingHalvingAdd => {
            let up = i128::from(fun == Intr::RoundingHalvingAdd);
            let (xi, yi) = if signed {
                (i128::from(x as i64), i128::from(y as i64))
            } else {
                (i128::from(x), i128::from(y))
            };
            ((xi + yi + up) >> 1) as u64
        }
        Intr::FunnelShiftL
        | Intr::FunnelShiftLClamp
        | Intr::FunnelShiftR
        | Intr::FunnelShiftRClamp => {
            let s = if matches!(fun, Intr::FunnelShiftL | Intr::FunnelShiftR) {
                z & 31
            } else {
                (z & 0xffff_ffff).min(32)
            };
            let both = (y & 0xffff_ffff) << 32 | (x & 0xffff_ffff);
            if matches!(fun, Intr::FunnelShiftL | Intr::FunnelShiftLClamp) {
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
