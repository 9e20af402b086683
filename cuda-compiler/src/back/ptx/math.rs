//! Intrinsics: the CUDA math library, rounding-mode intrinsics, fast-math
//! intrinsics and integer intrinsics.
//!
//! Accuracy, per CUDA's documented bounds:
//! - exact / correctly rounded: `sqrt` (`sqrt.rn`), `/` (`div.rn`),
//!   `fma`, `floor`/`ceil`/`trunc`/`rint`/`round`, `fabs`, `fmin`/`fmax`,
//!   `copysign`, `fdim`, the `_r?` rounding intrinsics;
//! - `rsqrtf`: `rsqrt.approx.f32`, relative error ≤ 2^-22.9 (CUDA: 2 ulp);
//!   `rsqrt(double)`: `1/sqrt` with two correct roundings (≤ 1 ulp);
//! - fast-math intrinsics (`__expf`, `__sinf`, …): exactly the hardware
//!   approximations CUDA documents them as (`ex2.approx.ftz`,
//!   `lg2.approx.ftz`, `sin.approx.ftz`, …), and with `fast_math` the
//!   library functions `expf`/`exp2f`/`logf`/`log2f`/`sinf`/`cosf`/`powf`
//!   map to them as `-use_fast_math` does;
//! - `half`/`bfloat16` functions are computed in `float` and rounded once.
//!
//! - `exp`/`log`/`sin`/`cos`/`tan`/`pow`/`tanh`/`hypot`: [`super::libm`];
//!   `fmodf`/`atan2f`/`erff`: [`super::libm_more`].
//!
//! The remaining library functions (`cbrt`, `asinf`, double `pow`, …) are not
//! lowered yet: they are an "unsupported on cuda" error, never a less
//! accurate sequence.

use super::convert::rnd;
use super::emit::{f32_lit, f64_lit, Emitter, R};
use super::regs::{arith_ty, bits_ty, Reg, RegClass};
use crate::ir::{ExprId, Intrinsic as I, Scalar, Type};

impl Emitter<'_> {
    /// An intrinsic call, component-wise over vectors.
    pub(super) fn intrinsic(&mut self, fun: I, args: &[ExprId], ty: &Type) -> R<Vec<Reg>> {
        let first = match args.first() {
            Some(a) => self.expr(*a)?.ty.clone(),
            None => return Err(self.unsupported(format!("{fun:?} without arguments"))),
        };
        let s = self.scalar_of(&first)?;
        let res = self.scalar_of(ty)?;
        let mut vals = Vec::new();
        for a in args {
            vals.push(self.eval(*a)?);
        }
        let n = vals[0].len();
        let mut out = Vec::new();
        for i in 0..n {
            let lane: Vec<Reg> = vals
                .iter()
                .map(|v| if v.len() == n { v[i] } else { v[0] })
                .collect();
            out.push(self.intrinsic_scalar(fun, s, &lane, res)?);
        }
        Ok(out)
    }

    fn intrinsic_scalar(&mut self, fun: I, s: Scalar, a: &[Reg], res: Scalar) -> R<Reg> {
        if matches!(s, Scalar::F16 | Scalar::BF16) {
            if fun == I::Fabs {
                let d = self.fresh(RegClass::B16);
                self.ins(format!("and.b16 \t{d}, {}, 0x7FFF", a[0]));
                return Ok(d);
            }
            if fun == I::Fma && (s == Scalar::F16 || self.opts.sm >= 80) {
                // One rounding, as __hfma does.
                let d = self.fresh(RegClass::B16);
                let t = if s == Scalar::F16 { "f16" } else { "bf16" };
                self.ins(format!("fma.rn.{t} \t{d}, {}, {}, {}", a[0], a[1], a[2]));
                return Ok(d);
            }
            let wide: Vec<Reg> = a
                .iter()
                .map(|r| {
                    if r.class == RegClass::B16 {
                        self.half_to_f32(s, *r)
                    } else {
                        *r
                    }
                })
                .collect();
            let wres = if res == s { Scalar::F32 } else { res };
            let r = self.intrinsic_scalar(fun, Scalar::F32, &wide, wres)?;
            return if res == s {
                self.f32_to_half(s, r)
            } else {
                Ok(r)
            };
        }
        if s.is_float() {
            self.float_intrinsic(fun, s, a, res)
        } else {
            self.int_intrinsic(fun, s, a)
        }
    }

    fn float_intrinsic(&mut self, fun: I, s: Scalar, a: &[Reg], res: Scalar) -> R<Reg> {
        let t = arith_ty(s);
        let f32 = s == Scalar::F32;
        let fast = self.opts.fast_math && f32;
        let x = a[0];
        let y = a.get(1).copied();
        let z = a.get(2).copied();
        let d = self.fresh_for(
            if matches!(fun, I::IsNan | I::IsInf | I::IsFinite | I::Signbit) {
                Scalar::Bool
            } else {
                res
            },
        );
        let arg = |r: Option<Reg>, em: &Self| r.ok_or_else(|| em.unsupported("missing argument"));
        match fun {
            I::Sqrt if fast => self.ins(format!("sqrt.approx.ftz.f32 \t{d}, {x}")),
            I::Sqrt => self.ins(format!("sqrt.rn.{t} \t{d}, {x}")),
            I::Rsqrt if f32 => {
                let ftz = if fast { ".ftz" } else { "" };
                self.ins(format!("rsqrt.approx{ftz}.f32 \t{d}, {x}"))
            }
            I::Rsqrt => {
                let q = self.fresh_for(s);
                self.ins(format!("sqrt.rn.{t} \t{q}, {x}"));
                self.ins(format!("rcp.rn.{t} \t{d}, {q}"));
            }
            I::Fabs => self.ins(format!("abs.{t} \t{d}, {x}")),
            I::Floor => self.ins(format!("cvt.rmi.{t}.{t} \t{d}, {x}")),
            I::Ceil => self.ins(format!("cvt.rpi.{t}.{t} \t{d}, {x}")),
            I::Trunc => self.ins(format!("cvt.rzi.{t}.{t} \t{d}, {x}")),
            I::Rint => self.ins(format!("cvt.rni.{t}.{t} \t{d}, {x}")),
            I::Round => return Ok(self.round_half_away(s, x)),
            I::Fmin | I::Min => self.ins(format!("min.{t} \t{d}, {x}, {}", arg(y, self)?)),
            I::Fmax | I::Max => self.ins(format!("max.{t} \t{d}, {x}, {}", arg(y, self)?)),
            I::Fma => self.ins(format!(
                "fma.rn.{t} \t{d}, {x}, {}, {}",
                arg(y, self)?,
                arg(z, self)?
            )),
            // PTX copies the sign of its first operand onto the second.
            I::Copysign => self.ins(format!("copysign.{t} \t{d}, {}, {x}", arg(y, self)?)),
            I::Fdim => {
                let y = arg(y, self)?;
                let diff = self.fresh_for(s);
                self.ins(format!("sub.rn.{t} \t{diff}, {x}, {y}"));
                let le = self.fresh(RegClass::Pred);
                self.ins(format!("setp.le.{t} \t{le}, {x}, {y}"));
                let zero = self.zero_of(s);
                self.ins(format!("selp.{t} \t{d}, {zero}, {diff}, {le}"));
            }
            I::IsNan => self.ins(format!("testp.notanumber.{t} \t{d}, {x}")),
            I::IsInf => self.ins(format!("testp.infinite.{t} \t{d}, {x}")),
            I::IsFinite => self.ins(format!("testp.finite.{t} \t{d}, {x}")),
            I::Signbit => {
                let (c, it) = if f32 {
                    (RegClass::B32, "s32")
                } else {
                    (RegClass::B64, "s64")
                };
                let bits = self.fresh(c);
                self.ins(format!("mov.{} \t{bits}, {x}", c.mov_ty()));
                self.ins(format!("setp.lt.{it} \t{d}, {bits}, 0"));
            }
            I::Saturate => self.ins(format!("cvt.sat.{t}.{t} \t{d}, {x}")),
            I::Rcp(r) => self.ins(format!("rcp.{}.{t} \t{d}, {x}", rnd(r))),
            I::AddRounded(r) => self.ins(format!("add.{}.{t} \t{d}, {x}, {}", rnd(r), arg(y, self)?)),
            I::SubRounded(r) => self.ins(format!("sub.{}.{t} \t{d}, {x}, {}", rnd(r), arg(y, self)?)),
            I::MulRounded(r) => self.ins(format!("mul.{}.{t} \t{d}, {x}, {}", rnd(r), arg(y, self)?)),
            I::DivRounded(r) => self.ins(format!("div.{}.{t} \t{d}, {x}, {}", rnd(r), arg(y, self)?)),
            I::SqrtRounded(r) => self.ins(format!("sqrt.{}.{t} \t{d}, {x}", rnd(r))),
            I::FmaRounded(r) => self.ins(format!(
                "fma.{}.{t} \t{d}, {x}, {}, {}",
                rnd(r),
                arg(y, self)?,
                arg(z, self)?
            )),
            I::FastDiv if f32 => self.ins(format!("div.full.f32 \t{d}, {x}, {}", arg(y, self)?)),
            I::FastExp | I::FastExp10 | I::FastLog | I::FastLog2 | I::FastLog10 | I::FastSin
            | I::FastCos | I::FastTan | I::FastPow
                if f32 =>
            {
                return self.fast_f32(fun, x, y);
            }
            I::Exp | I::Exp2 | I::Exp10 | I::Log | I::Log2 | I::Log10 | I::Sin | I::Cos
            | I::Tan | I::Pow
                if fast =>
            {
                let f = match fun {
                    I::Exp => I::FastExp,
                    I::Exp10 => I::FastExp10,
                    I::Log => I::FastLog,
                    I::Log10 => I::FastLog10,
                    I::Sin => I::FastSin,
                    I::Cos => I::FastCos,
                    I::Tan => I::FastTan,
                    I::Pow => I::FastPow,
                    I::Log2 => I::FastLog2,
                    _ => {
                        self.ins(format!("ex2.approx.ftz.f32 \t{d}, {x}"));
                        return Ok(d);
                    }
                };
                return self.fast_f32(f, x, y);
            }
            I::Exp | I::Log | I::Sin | I::Cos | I::Tan | I::Pow | I::Tanh | I::Hypot
                if self.libm_ok(fun, s) =>
            {
                if let Some(r) = self.libm(fun, s == Scalar::F64, x, y)? {
                    return Ok(r);
                }
                return Err(self.unsupported(format!("internal: no sequence for {fun:?}")));
            }
            I::Fmod | I::Atan2 | I::Erf if f32 => {
                if let Some(r) = self.libm_more(fun, x, y)? {
                    return Ok(r);
                }
                return Err(self.unsupported(format!("internal: no sequence for {fun:?}")));
            }
            other => {
                return Err(self.unsupported(format!(
                    "the math function {} on {} is not lowered to PTX yet \
                     (-use_fast_math lowers expf/logf/sinf/cosf/powf to the hardware approximations)",
                    format!("{other:?}").to_lowercase(),
                    s.cuda_name()
                )))
            }
        }
        Ok(d)
    }

    /// Has [`super::libm`] a sequence for this function on this type?
    fn libm_ok(&self, fun: I, s: Scalar) -> bool {
        s == Scalar::F32 || matches!(fun, I::Exp | I::Log | I::Sin | I::Cos)
    }

    /// `round`: half away from zero. `t = trunc(|x|)`, add one when the
    /// fraction is ≥ 0.5, put the sign back (exact in every step).
    fn round_half_away(&mut self, s: Scalar, x: Reg) -> Reg {
        let t = arith_ty(s);
        let (half, one) = if s == Scalar::F32 {
            (f32_lit(0.5), f32_lit(1.0))
        } else {
            (f64_lit(0.5), f64_lit(1.0))
        };
        let a = self.fresh_for(s);
        self.ins(format!("abs.{t} \t{a}, {x}"));
        let tr = self.fresh_for(s);
        self.ins(format!("cvt.rzi.{t}.{t} \t{tr}, {a}"));
        let frac = self.fresh_for(s);
        self.ins(format!("sub.rn.{t} \t{frac}, {a}, {tr}"));
        let p = self.fresh(RegClass::Pred);
        self.ins(format!("setp.ge.{t} \t{p}, {frac}, {half}"));
        let up = self.fresh_for(s);
        self.ins(format!("add.rn.{t} \t{up}, {tr}, {one}"));
        let m = self.fresh_for(s);
        self.ins(format!("selp.{t} \t{m}, {up}, {tr}, {p}"));
        let d = self.fresh_for(s);
        self.ins(format!("copysign.{t} \t{d}, {x}, {m}"));
        d
    }

    /// The fast-math intrinsics, as CUDA documents them.
    fn fast_f32(&mut self, fun: I, x: Reg, y: Option<Reg>) -> R<Reg> {
        const LOG2_E: f32 = std::f32::consts::LOG2_E;
        const LOG2_10: f32 = std::f32::consts::LOG2_10;
        const LN_2: f32 = std::f32::consts::LN_2;
        const LOG10_2: f32 = std::f32::consts::LOG10_2;
        let d = self.fresh(RegClass::F32);
        let t = self.fresh(RegClass::F32);
        match fun {
            I::FastExp | I::FastExp10 => {
                let k = if fun == I::FastExp { LOG2_E } else { LOG2_10 };
                self.ins(format!("mul.f32 \t{t}, {x}, {}", f32_lit(k)));
                self.ins(format!("ex2.approx.ftz.f32 \t{d}, {t}"));
            }
            I::FastLog2 => self.ins(format!("lg2.approx.ftz.f32 \t{d}, {x}")),
            I::FastLog | I::FastLog10 => {
                let k = if fun == I::FastLog { LN_2 } else { LOG10_2 };
                self.ins(format!("lg2.approx.ftz.f32 \t{t}, {x}"));
                self.ins(format!("mul.f32 \t{d}, {t}, {}", f32_lit(k)));
            }
            I::FastSin => self.ins(format!("sin.approx.ftz.f32 \t{d}, {x}")),
            I::FastCos => self.ins(format!("cos.approx.ftz.f32 \t{d}, {x}")),
            I::FastTan => {
                let c = self.fresh(RegClass::F32);
                self.ins(format!("sin.approx.ftz.f32 \t{t}, {x}"));
                self.ins(format!("cos.approx.ftz.f32 \t{c}, {x}"));
                self.ins(format!("div.approx.ftz.f32 \t{d}, {t}, {c}"));
            }
            I::FastPow => {
                let y = y.ok_or_else(|| self.unsupported("__powf without an exponent"))?;
                let l = self.fresh(RegClass::F32);
                self.ins(format!("lg2.approx.ftz.f32 \t{l}, {x}"));
                self.ins(format!("mul.f32 \t{t}, {l}, {y}"));
                self.ins(format!("ex2.approx.ftz.f32 \t{d}, {t}"));
            }
            _ => return Err(self.unsupported(format!("fast intrinsic {fun:?}"))),
        }
        Ok(d)
    }

    fn int_intrinsic(&mut self, fun: I, s: Scalar, a: &[Reg]) -> R<Reg> {
        let t = arith_ty(s);
        let b = bits_ty(s);
        let wide = s.size() == 8;
        let x = a[0];
        let arg = |i: usize, em: &Self| {
            a.get(i)
                .copied()
                .ok_or_else(|| em.unsupported("missing argument"))
        };
        let same = |em: &mut Self| em.fresh_for(s);
        let d = match fun {
            I::Min | I::Max => {
                let d = same(self);
                let o = if fun == I::Min { "min" } else { "max" };
                self.ins(format!("{o}.{t} \t{d}, {x}, {}", arg(1, self)?));
                d
            }
            I::Abs => {
                let d = same(self);
                let st = if wide { "s64" } else { "s32" };
                self.ins(format!("abs.{st} \t{d}, {x}"));
                d
            }
            I::Popc | I::Clz => {
                let d = self.fresh(RegClass::B32);
                let o = if fun == I::Popc { "popc" } else { "clz" };
                self.ins(format!("{o}.{b} \t{d}, {x}"));
                d
            }
            I::Ffs => {
                let r = self.fresh(x.class);
                self.ins(format!("brev.{b} \t{r}, {x}"));
                let c = self.fresh(RegClass::B32);
                self.ins(format!("clz.{b} \t{c}, {r}"));
                let c1 = self.fresh(RegClass::B32);
                self.ins(format!("add.s32 \t{c1}, {c}, 1"));
                let z = self.fresh(RegClass::Pred);
                self.ins(format!("setp.eq.{b} \t{z}, {x}, 0"));
                let d = self.fresh(RegClass::B32);
                self.ins(format!("selp.b32 \t{d}, 0, {c1}, {z}"));
                d
            }
            I::Brev => {
                let d = same(self);
                self.ins(format!("brev.{b} \t{d}, {x}"));
                d
            }
            I::BytePerm => {
                let d = same(self);
                self.ins(format!(
                    "prmt.b32 \t{d}, {x}, {}, {}",
                    arg(1, self)?,
                    arg(2, self)?
                ));
                d
            }
            I::MulHi => {
                let d = same(self);
                self.ins(format!("mul.hi.{t} \t{d}, {x}, {}", arg(1, self)?));
                d
            }
            I::Mul24 => {
                let d = same(self);
                self.ins(format!("mul24.lo.{t} \t{d}, {x}, {}", arg(1, self)?));
                d
            }
            I::Sad => {
                let d = same(self);
                self.ins(format!(
                    "sad.{t} \t{d}, {x}, {}, {}",
                    arg(1, self)?,
                    arg(2, self)?
                ));
                d
            }
            I::HalvingAdd | I::RoundingHalvingAdd => {
                // (x & y) + ((x ^ y) >> 1), or (x | y) - ((x ^ y) >> 1):
                // the average without overflow, rounded down or up.
                let y = arg(1, self)?;
                let xo = self.fresh(x.class);
                self.ins(format!("xor.{b} \t{xo}, {x}, {y}"));
                let sh = self.fresh(x.class);
                self.ins(format!("shr.{t} \t{sh}, {xo}, 1"));
                let m = self.fresh(x.class);
                let d = same(self);
                if fun == I::HalvingAdd {
                    self.ins(format!("and.{b} \t{m}, {x}, {y}"));
                    self.ins(format!("add.{t} \t{d}, {m}, {sh}"));
                } else {
                    self.ins(format!("or.{b} \t{m}, {x}, {y}"));
                    self.ins(format!("sub.{t} \t{d}, {m}, {sh}"));
                }
                d
            }
            I::FunnelShiftL | I::FunnelShiftR | I::FunnelShiftLClamp | I::FunnelShiftRClamp => {
                let (dir, mode) = match fun {
                    I::FunnelShiftL => ("l", "wrap"),
                    I::FunnelShiftR => ("r", "wrap"),
                    I::FunnelShiftLClamp => ("l", "clamp"),
                    _ => ("r", "clamp"),
                };
                let d = same(self);
                self.ins(format!(
                    "shf.{dir}.{mode}.b32 \t{d}, {x}, {}, {}",
                    arg(1, self)?,
                    arg(2, self)?
                ));
                d
            }
            other => {
                return Err(self.unsupported(format!("intrinsic {other:?} on {}", s.cuda_name())))
            }
        };
        Ok(self.normalize(s, d))
    }
}
