//! CUDA's math library and integer intrinsics on WGSL built-ins.
//!
//! Accuracy: WGSL's `exp`, `log`, `sin`, `pow`, … have looser error
//! bounds than CUDA's (a few ulp, absolute error for `sin`/`cos` on
//! [-π, π]); `fmin`/`fmax` do not promise CUDA's NaN handling; `cbrt`,
//! `expm1`, `log1p`, `exp10`, `log10`, `sinpi`, `cospi`, `hypot`, `fmod`
//! and `remainder` are composed from other built-ins. Directed rounding
//! modes other than to-nearest are unsupported.

use naga::{BinaryOperator as B, MathFunction as M, ScalarKind};

use super::func::{FnCtx, H};
use super::Unsupported;
use crate::ir::{ExprId, Intrinsic as I, Rounding, Scalar, Type};

impl FnCtx<'_, '_> {
    /// The value of an intrinsic call.
    pub fn intrinsic(&mut self, fun: I, args: &[ExprId], ty: &Type) -> Result<H, Unsupported> {
        let mut a = Vec::new();
        for &x in args {
            a.push(self.expr(x)?);
        }
        let arg_ty = args
            .first()
            .map(|&x| self.func.exprs[x].ty.clone())
            .unwrap_or(Type::Void);
        let float = arg_ty.element_scalar().is_some_and(Scalar::is_float);
        let signed = arg_ty.element_scalar().is_some_and(Scalar::is_signed_int);
        let m1 = |s: &mut Self, f: M| s.math(f, &a[..1]);
        let r = match fun {
            I::Sqrt | I::SqrtRounded(Rounding::Nearest) => m1(self, M::Sqrt),
            I::Rsqrt => m1(self, M::InverseSqrt),
            I::Exp | I::FastExp => m1(self, M::Exp),
            I::Exp2 => m1(self, M::Exp2),
            I::Log | I::FastLog => m1(self, M::Log),
            I::Log2 | I::FastLog2 => m1(self, M::Log2),
            I::Sin | I::FastSin => m1(self, M::Sin),
            I::Cos | I::FastCos => m1(self, M::Cos),
            I::Tan | I::FastTan => m1(self, M::Tan),
            I::Asin => m1(self, M::Asin),
            I::Acos => m1(self, M::Acos),
            I::Atan => m1(self, M::Atan),
            I::Sinh => m1(self, M::Sinh),
            I::Cosh => m1(self, M::Cosh),
            I::Tanh => m1(self, M::Tanh),
            I::Asinh => m1(self, M::Asinh),
            I::Acosh => m1(self, M::Acosh),
            I::Atanh => m1(self, M::Atanh),
            I::Floor => m1(self, M::Floor),
            I::Ceil => m1(self, M::Ceil),
            I::Trunc => m1(self, M::Trunc),
            I::Rint => m1(self, M::Round),
            I::Fabs | I::Abs => m1(self, M::Abs),
            I::Saturate => m1(self, M::Saturate),
            I::Atan2 => self.math(M::Atan2, &a[..2]),
            I::Pow | I::FastPow => self.math(M::Pow, &a[..2]),
            I::Fmin | I::Min => self.math(M::Min, &a[..2]),
            I::Fmax | I::Max => self.math(M::Max, &a[..2]),
            I::Fma | I::FmaRounded(Rounding::Nearest) => self.math(M::Fma, &a[..3]),
            I::Ldexp => self.math(M::Ldexp, &a[..2]),
            I::Exp10 | I::FastExp10 => {
                let k = self.f32(std::f32::consts::LOG2_10);
                let x = self.bin(B::Multiply, a[0], k);
                self.math(M::Exp2, &[x])
            }
            I::Log10 | I::FastLog10 => {
                let l = self.math(M::Log2, &a[..1]);
                let k = self.f32(std::f32::consts::LOG10_2);
                self.bin(B::Multiply, l, k)
            }
            I::Expm1 => {
                let e = self.math(M::Exp, &a[..1]);
                let one = self.f32(1.0);
                self.bin(B::Subtract, e, one)
            }
            I::Log1p => {
                let one = self.f32(1.0);
                let x = self.bin(B::Add, a[0], one);
                self.math(M::Log, &[x])
            }
            I::Cbrt | I::Rcbrt => {
                let ax = self.math(M::Abs, &a[..1]);
                let third = self.f32(1.0 / 3.0);
                let p = self.math(M::Pow, &[ax, third]);
                let sg = self.math(M::Sign, &a[..1]);
                let c = self.bin(B::Multiply, sg, p);
                if fun == I::Rcbrt {
                    let one = self.f32(1.0);
                    self.bin(B::Divide, one, c)
                } else {
                    c
                }
            }
            I::SinPi | I::CosPi => {
                let k = self.f32(std::f32::consts::PI);
                let x = self.bin(B::Multiply, a[0], k);
                self.math(if fun == I::SinPi { M::Sin } else { M::Cos }, &[x])
            }
            I::Round => {
                // Half away from zero.
                let ax = self.math(M::Abs, &a[..1]);
                let h = self.f32(0.5);
                let s = self.bin(B::Add, ax, h);
                let f = self.math(M::Floor, &[s]);
                let sg = self.math(M::Sign, &a[..1]);
                self.bin(B::Multiply, sg, f)
            }
            I::Fmod => self.bin(B::Modulo, a[0], a[1]),
            I::Remainder => {
                let q = self.bin(B::Divide, a[0], a[1]);
                let q = self.math(M::Round, &[q]);
                let p = self.bin(B::Multiply, q, a[1]);
                self.bin(B::Subtract, a[0], p)
            }
            I::Hypot => {
                let x2 = self.bin(B::Multiply, a[0], a[0]);
                let y2 = self.bin(B::Multiply, a[1], a[1]);
                let s = self.bin(B::Add, x2, y2);
                self.math(M::Sqrt, &[s])
            }
            I::Fdim => {
                let d = self.bin(B::Subtract, a[0], a[1]);
                let z = self.f32(0.0);
                self.math(M::Max, &[d, z])
            }
            I::Copysign => {
                let x = self.bits(a[0], ScalarKind::Uint);
                let y = self.bits(a[1], ScalarKind::Uint);
                let x = self.and_u(x, 0x7fff_ffff);
                let y = self.and_u(y, 0x8000_0000);
                let r = self.bin(B::InclusiveOr, x, y);
                self.bits(r, ScalarKind::Float)
            }
            I::IsNan => self.bin(B::NotEqual, a[0], a[0]),
            I::IsInf | I::IsFinite => {
                let b = self.bits(a[0], ScalarKind::Uint);
                let b = self.and_u(b, 0x7fff_ffff);
                let inf = self.u32(0x7f80_0000);
                let op = if fun == I::IsInf { B::Equal } else { B::Less };
                self.bin(op, b, inf)
            }
            I::Signbit => {
                let b = self.bits(a[0], ScalarKind::Uint);
                let s = self.shr_u(b, 31);
                let z = self.u32(0);
                self.bin(B::NotEqual, s, z)
            }
            I::Rcp(Rounding::Nearest) => {
                let one = self.f32(1.0);
                self.bin(B::Divide, one, a[0])
            }
            I::FastDiv | I::DivRounded(Rounding::Nearest) => self.bin(B::Divide, a[0], a[1]),
            I::AddRounded(Rounding::Nearest) => self.bin(B::Add, a[0], a[1]),
            I::SubRounded(Rounding::Nearest) => self.bin(B::Subtract, a[0], a[1]),
            I::MulRounded(Rounding::Nearest) => self.bin(B::Multiply, a[0], a[1]),
            I::Popc => {
                let c = self.math(M::CountOneBits, &a[..1]);
                self.as_i32(c, signed)
            }
            I::Clz => {
                let c = self.math(M::CountLeadingZeros, &a[..1]);
                self.as_i32(c, signed)
            }
            I::Ffs => {
                let t = self.math(M::CountTrailingZeros, &a[..1]);
                let t = self.as_i32(t, signed);
                let one = self.i32(1);
                let p = self.bin(B::Add, t, one);
                let z = self.zero_int(signed);
                let is_zero = self.bin(B::Equal, a[0], z);
                let zi = self.i32(0);
                self.select(is_zero, zi, p)
            }
            I::Brev => m1(self, M::ReverseBits),
            I::Mul24 => {
                let k = self.u32(8);
                let x = self.bin(B::ShiftLeft, a[0], k);
                let x = self.bin(B::ShiftRight, x, k);
                let y = self.bin(B::ShiftLeft, a[1], k);
                let y = self.bin(B::ShiftRight, y, k);
                self.bin(B::Multiply, x, y)
            }
            I::Sad => {
                let hi = self.math(M::Max, &a[..2]);
                let lo = self.math(M::Min, &a[..2]);
                let d = self.bin(B::Subtract, hi, lo);
                let d = if signed {
                    self.bits(d, ScalarKind::Uint)
                } else {
                    d
                };
                self.bin(B::Add, d, a[2])
            }
            I::HalvingAdd | I::RoundingHalvingAdd => {
                let one = self.u32(1);
                let x = self.bin(B::ShiftRight, a[0], one);
                let y = self.bin(B::ShiftRight, a[1], one);
                let s = self.bin(B::Add, x, y);
                let op = if fun == I::HalvingAdd {
                    B::And
                } else {
                    B::InclusiveOr
                };
                let c = self.bin(op, a[0], a[1]);
                let lone = if signed { self.i32(1) } else { self.u32(1) };
                let c = self.bin(B::And, c, lone);
                self.bin(B::Add, s, c)
            }
            I::MulHi if !signed && !float => {
                // 32×32 → high 32 bits from 16-bit halves.
                let (x, y) = (a[0], a[1]);
                let xl = self.and_u(x, 0xffff);
                let xh = self.shr_u(x, 16);
                let yl = self.and_u(y, 0xffff);
                let yh = self.shr_u(y, 16);
                let ll = self.bin(B::Multiply, xl, yl);
                let lh = self.bin(B::Multiply, xl, yh);
                let hl = self.bin(B::Multiply, xh, yl);
                let hh = self.bin(B::Multiply, xh, yh);
                let ll_hi = self.shr_u(ll, 16);
                let lh_lo = self.and_u(lh, 0xffff);
                let hl_lo = self.and_u(hl, 0xffff);
                let mid = self.bin(B::Add, ll_hi, lh_lo);
                let mid = self.bin(B::Add, mid, hl_lo);
                let mid_hi = self.shr_u(mid, 16);
                let lh_hi = self.shr_u(lh, 16);
                let hl_hi = self.shr_u(hl, 16);
                let r = self.bin(B::Add, hh, lh_hi);
                let r = self.bin(B::Add, r, hl_hi);
                self.bin(B::Add, r, mid_hi)
            }
            other => {
                return Err(self.err(format!(
                    "the intrinsic {other:?} on {}",
                    self.m.ir.type_display(&arg_ty)
                )))
            }
        };
        let _ = ty;
        Ok(r)
    }

    fn as_i32(&mut self, v: H, already_signed: bool) -> H {
        if already_signed {
            v
        } else {
            self.bits(v, ScalarKind::Sint)
        }
    }

    fn zero_int(&mut self, signed: bool) -> H {
        if signed {
            self.i32(0)
        } else {
            self.u32(0)
        }
    }
}
