//! The math library's transcendental functions as PTX sequences.
//!
//! Single-precision functions are computed in double precision and rounded
//! once to `float`: the double cores below have relative errors near
//! 2^-50, so the `float` result is within 1 ulp (CUDA documents 2 ulp for
//! `expf`/`sinf`/`cosf`, 1 for `logf`, 4 for `tanf`/`powf`, 2 for `tanhf`,
//! 3 for `hypotf`). The double functions `exp`, `log`, `sin`, `cos` use the
//! same cores directly: a few ulp, not measured against CUDA's 1–2 ulp on
//! a device yet.
//!
//! - `exp`: `n = rint(x·log2 e)`, `r = x − n·ln2` (two-part Cody–Waite with
//!   `fma`), Taylor polynomial of degree 13 on |r| ≤ 0.35, times 2^n built
//!   from exponent bits in two halves (no overflow before the end).
//! - `log`: `x = m·2^e` with `m ∈ [√½, √2)`, `s = (m−1)/(m+1)`,
//!   `log m = 2·atanh s` (series to s^23), plus `e·ln2` in two parts.
//! - `sin`/`cos`/`tan`: `n = rint(x·2/π)`, `r = x − n·π/2` with π/2 in three
//!   parts (the first two of 33 bits, so `n·P1`, `n·P2` are exact for
//!   |n| < 2^20), Taylor polynomials on |r| ≤ π/4, quadrant from `n mod 4`.
//!   Known limit: for |x| ≥ 2^20·π/2 (≈ 1.6e6) the reduction is not exact
//!   and the result loses accuracy (a Payne–Hanek reduction is future work).
//! - `pow(x, y) = exp(y·log|x|)` with C's special cases (`pow(x, 0) = 1`,
//!   `pow(1, y) = 1`, sign for odd integer `y`, NaN for negative `x` and
//!   non-integer `y`).
//! - `tanh`: `1 − 2/(e^{2|x|} + 1)` with the sign put back; `x − x³/3` for
//!   |x| < 2^-11; `hypotf`: `sqrt(x² + y²)` in double (exact squares).

use super::emit::{f64_lit, Emitter, R};
use super::regs::{Reg, RegClass};
use crate::ir::Intrinsic as I;

const LOG2_E: f64 = std::f64::consts::LOG2_E;
const LN2_HI: u64 = 0x3fe6_2e42_fee0_0000;
const LN2_LO: u64 = 0x3dea_39ef_3579_3c76;
const TWO_OVER_PI: u64 = 0x3fe4_5f30_6dc9_c883;
const PIO2_1: u64 = 0x3ff9_21fb_5440_0000;
const PIO2_2: u64 = 0x3dd0_b461_1a60_0000;
const PIO2_3: u64 = 0x3ba3_198a_2e03_7073;

fn lit(bits: u64) -> String {
    f64_lit(f64::from_bits(bits))
}

/// 1/k! for Taylor series.
fn inv_fact(k: u32) -> f64 {
    (1..=k).fold(1.0, |acc, i| acc / f64::from(i))
}

impl Emitter<'_> {
    /// A library function done through the double cores, or `None` when
    /// this function has no sequence here.
    pub(super) fn libm(&mut self, fun: I, double: bool, x: Reg, y: Option<Reg>) -> R<Option<Reg>> {
        let wide = |em: &mut Self, r: Reg| {
            if double {
                r
            } else {
                let d = em.fresh(RegClass::F64);
                em.ins(format!("cvt.f64.f32 \t{d}, {r}"));
                d
            }
        };
        let xd = wide(self, x);
        let yd = y.map(|y| wide(self, y));
        let r = match (fun, yd) {
            (I::Exp, _) => self.exp_d(xd),
            (I::Log, _) => self.log_d(xd),
            (I::Sin, _) => self.sincos_d(xd, Trig::Sin),
            (I::Cos, _) => self.sincos_d(xd, Trig::Cos),
            (I::Tan, _) if !double => self.sincos_d(xd, Trig::Tan),
            (I::Pow, Some(yd)) if !double => self.pow_d(xd, yd),
            (I::Tanh, _) if !double => self.tanh_d(xd),
            (I::Hypot, Some(yd)) if !double => {
                let s = self.fd();
                self.ins(format!("mul.rn.f64 \t{s}, {yd}, {yd}"));
                let t = self.fd();
                self.ins(format!("fma.rn.f64 \t{t}, {xd}, {xd}, {s}"));
                let q = self.fd();
                self.ins(format!("sqrt.rn.f64 \t{q}, {t}"));
                q
            }
            _ => return Ok(None),
        };
        if double {
            return Ok(Some(r));
        }
        let f = self.fresh(RegClass::F32);
        self.ins(format!("cvt.rn.f32.f64 \t{f}, {r}"));
        Ok(Some(f))
    }

    fn fd(&mut self) -> Reg {
        self.fresh(RegClass::F64)
    }

    fn pred(&mut self, text: &str, a: Reg, b: &str) -> Reg {
        let p = self.fresh(RegClass::Pred);
        self.ins(format!("setp.{text}.f64 \t{p}, {a}, {b}"));
        p
    }

    fn selp_d(&mut self, a: &str, b: Reg, p: Reg) -> Reg {
        let d = self.fd();
        self.ins(format!("selp.f64 \t{d}, {a}, {b}, {p}"));
        d
    }

    /// Horner evaluation of `Σ c[k]·z^k` (coefficients lowest first).
    fn horner(&mut self, z: Reg, coeffs: &[f64]) -> Reg {
        let mut p = self.fd();
        let last = coeffs.last().copied().unwrap_or(0.0);
        self.ins(format!("mov.f64 \t{p}, {}", f64_lit(last)));
        for c in coeffs.iter().rev().skip(1) {
            let q = self.fd();
            self.ins(format!("fma.rn.f64 \t{q}, {p}, {z}, {}", f64_lit(*c)));
            p = q;
        }
        p
    }

    /// e^x in double.
    fn exp_d(&mut self, x: Reg) -> Reg {
        let nan = self.fresh(RegClass::Pred);
        self.ins(format!("testp.notanumber.f64 \t{nan}, {x}"));
        let c1 = self.fd();
        self.ins(format!("max.f64 \t{c1}, {x}, {}", f64_lit(-800.0)));
        let c = self.fd();
        self.ins(format!("min.f64 \t{c}, {c1}, {}", f64_lit(800.0)));
        let t = self.fd();
        self.ins(format!("mul.rn.f64 \t{t}, {c}, {}", f64_lit(LOG2_E)));
        let n = self.fd();
        self.ins(format!("cvt.rni.f64.f64 \t{n}, {t}"));
        let r1 = self.fd();
        self.ins(format!(
            "fma.rn.f64 \t{r1}, {n}, {}, {c}",
            lit(LN2_HI ^ (1 << 63))
        ));
        let r = self.fd();
        self.ins(format!(
            "fma.rn.f64 \t{r}, {n}, {}, {r1}",
            lit(LN2_LO ^ (1 << 63))
        ));
        let coeffs: Vec<f64> = (0..=13).map(inv_fact).collect();
        let p = self.horner(r, &coeffs);
        // 2^n as 2^h · 2^(n−h).
        let ni = self.fresh(RegClass::B32);
        self.ins(format!("cvt.rzi.s32.f64 \t{ni}, {n}"));
        let h = self.fresh(RegClass::B32);
        self.ins(format!("shr.s32 \t{h}, {ni}, 1"));
        let l = self.fresh(RegClass::B32);
        self.ins(format!("sub.s32 \t{l}, {ni}, {h}"));
        let mut scaled = p;
        for part in [h, l] {
            let b = self.fresh(RegClass::B32);
            self.ins(format!("add.s32 \t{b}, {part}, 1023"));
            let w = self.fresh(RegClass::B64);
            self.ins(format!("cvt.u64.u32 \t{w}, {b}"));
            let sh = self.fresh(RegClass::B64);
            self.ins(format!("shl.b64 \t{sh}, {w}, 52"));
            let s = self.fd();
            self.ins(format!("mov.b64 \t{s}, {sh}"));
            let m = self.fd();
            self.ins(format!("mul.rn.f64 \t{m}, {scaled}, {s}"));
            scaled = m;
        }
        let d = self.fd();
        self.ins(format!("selp.f64 \t{d}, {x}, {scaled}, {nan}"));
        d
    }

    /// log(x) in double.
    fn log_d(&mut self, x: Reg) -> Reg {
        // Subnormals: scale by 2^54 first.
        let tiny = self.pred("lt", x, &f64_lit(f64::MIN_POSITIVE));
        let xs = self.fd();
        self.ins(format!(
            "mul.rn.f64 \t{xs}, {x}, {}",
            f64_lit(2f64.powi(54))
        ));
        let xv = self.fd();
        self.ins(format!("selp.f64 \t{xv}, {xs}, {x}, {tiny}"));
        let bits = self.fresh(RegClass::B64);
        self.ins(format!("mov.b64 \t{bits}, {xv}"));
        let eb = self.fresh(RegClass::B64);
        self.ins(format!("shr.u64 \t{eb}, {bits}, 52"));
        let e32 = self.fresh(RegClass::B32);
        self.ins(format!("cvt.u32.u64 \t{e32}, {eb}"));
        let e0 = self.fresh(RegClass::B32);
        self.ins(format!("and.b32 \t{e0}, {e32}, 2047"));
        let e1 = self.fresh(RegClass::B32);
        self.ins(format!("sub.s32 \t{e1}, {e0}, 1023"));
        let e2 = self.fresh(RegClass::B32);
        self.ins(format!("sub.s32 \t{e2}, {e1}, 54"));
        let e = self.fresh(RegClass::B32);
        self.ins(format!("selp.b32 \t{e}, {e2}, {e1}, {tiny}"));
        let mb = self.fresh(RegClass::B64);
        self.ins(format!("and.b64 \t{mb}, {bits}, 4503599627370495"));
        let mb1 = self.fresh(RegClass::B64);
        self.ins(format!("or.b64 \t{mb1}, {mb}, 4607182418800017408"));
        let m0 = self.fd();
        self.ins(format!("mov.b64 \t{m0}, {mb1}"));
        let big = self.pred("gt", m0, &f64_lit(std::f64::consts::SQRT_2));
        let mh = self.fd();
        self.ins(format!("mul.rn.f64 \t{mh}, {m0}, {}", f64_lit(0.5)));
        let m = self.fd();
        self.ins(format!("selp.f64 \t{m}, {mh}, {m0}, {big}"));
        let ea = self.fresh(RegClass::B32);
        self.ins(format!("add.s32 \t{ea}, {e}, 1"));
        let ef = self.fresh(RegClass::B32);
        self.ins(format!("selp.b32 \t{ef}, {ea}, {e}, {big}"));
        let f = self.fd();
        self.ins(format!("sub.rn.f64 \t{f}, {m}, {}", f64_lit(1.0)));
        let den = self.fd();
        self.ins(format!("add.rn.f64 \t{den}, {f}, {}", f64_lit(2.0)));
        let s = self.fd();
        self.ins(format!("div.rn.f64 \t{s}, {f}, {den}"));
        let z = self.fd();
        self.ins(format!("mul.rn.f64 \t{z}, {s}, {s}"));
        let coeffs: Vec<f64> = (0..12).map(|k| 1.0 / f64::from(2 * k + 1)).collect();
        let p = self.horner(z, &coeffs);
        let s2 = self.fd();
        self.ins(format!("add.rn.f64 \t{s2}, {s}, {s}"));
        let logm = self.fd();
        self.ins(format!("mul.rn.f64 \t{logm}, {s2}, {p}"));
        let ed = self.fd();
        self.ins(format!("cvt.rn.f64.s32 \t{ed}, {ef}"));
        let lo = self.fd();
        self.ins(format!("fma.rn.f64 \t{lo}, {ed}, {}, {logm}", lit(LN2_LO)));
        let v = self.fd();
        self.ins(format!("fma.rn.f64 \t{v}, {ed}, {}, {lo}", lit(LN2_HI)));
        // Special cases: +inf, 0, negative, NaN.
        let inf = self.pred("eq", x, &f64_lit(f64::INFINITY));
        let v1 = self.selp_d(&f64_lit(f64::INFINITY), v, inf);
        let zero = self.pred("eq", x, &f64_lit(0.0));
        let v2 = self.selp_d(&f64_lit(f64::NEG_INFINITY), v1, zero);
        let neg = self.pred("ltu", x, &f64_lit(0.0));
        let nan = "0d7FF8000000000000";
        self.selp_d(nan, v2, neg)
    }

    /// sin, cos or tan of a double.
    fn sincos_d(&mut self, x: Reg, which: Trig) -> Reg {
        let t = self.fd();
        self.ins(format!("mul.rn.f64 \t{t}, {x}, {}", lit(TWO_OVER_PI)));
        let n = self.fd();
        self.ins(format!("cvt.rni.f64.f64 \t{n}, {t}"));
        let mut r = x;
        for p in [PIO2_1, PIO2_2, PIO2_3] {
            let q = self.fd();
            self.ins(format!(
                "fma.rn.f64 \t{q}, {n}, {}, {r}",
                lit(p ^ (1 << 63))
            ));
            r = q;
        }
        let z = self.fd();
        self.ins(format!("mul.rn.f64 \t{z}, {r}, {r}"));
        // sin r = r·Σ (−1)^k z^k/(2k+1)!, cos r = Σ (−1)^k z^k/(2k)!.
        let sc: Vec<f64> = (0..11)
            .map(|k| if k % 2 == 0 { 1.0 } else { -1.0 } * inv_fact(2 * k + 1))
            .collect();
        let cc: Vec<f64> = (0..11)
            .map(|k| if k % 2 == 0 { 1.0 } else { -1.0 } * inv_fact(2 * k))
            .collect();
        let sp = self.horner(z, &sc);
        let s = self.fd();
        self.ins(format!("mul.rn.f64 \t{s}, {sp}, {r}"));
        let c = self.horner(z, &cc);
        // Quadrant: n mod 4 (n is finite here or the result is NaN anyway).
        let nm = self.fd();
        self.ins(format!("mul.rn.f64 \t{nm}, {n}, {}", f64_lit(0.25)));
        let nf = self.fd();
        self.ins(format!("cvt.rmi.f64.f64 \t{nf}, {nm}"));
        let q4 = self.fd();
        self.ins(format!("fma.rn.f64 \t{q4}, {nf}, {}, {n}", f64_lit(-4.0)));
        let qi = self.fresh(RegClass::B32);
        self.ins(format!("cvt.rzi.s32.f64 \t{qi}, {q4}"));
        let odd = self.fresh(RegClass::Pred);
        let b0 = self.fresh(RegClass::B32);
        self.ins(format!("and.b32 \t{b0}, {qi}, 1"));
        self.ins(format!("setp.ne.u32 \t{odd}, {b0}, 0"));
        let b1 = self.fresh(RegClass::B32);
        self.ins(format!("and.b32 \t{b1}, {qi}, 2"));
        let hi = self.fresh(RegClass::Pred);
        self.ins(format!("setp.ne.u32 \t{hi}, {b1}, 0"));
        let neg = |em: &mut Self, v: Reg| {
            let d = em.fd();
            em.ins(format!("neg.f64 \t{d}, {v}"));
            d
        };
        match which {
            Trig::Sin | Trig::Cos => {
                // sin: q0 s, q1 c, q2 −s, q3 −c; cos: q0 c, q1 −s, q2 −c, q3 s.
                let (a, b) = if which == Trig::Sin { (s, c) } else { (c, s) };
                let base = self.fd();
                self.ins(format!("selp.f64 \t{base}, {b}, {a}, {odd}"));
                let flip = if which == Trig::Sin {
                    hi
                } else {
                    let f = self.fresh(RegClass::Pred);
                    self.ins(format!("xor.pred \t{f}, {hi}, {odd}"));
                    f
                };
                let nb = neg(self, base);
                let d = self.fd();
                self.ins(format!("selp.f64 \t{d}, {nb}, {base}, {flip}"));
                d
            }
            Trig::Tan => {
                let q = self.fd();
                self.ins(format!("div.rn.f64 \t{q}, {s}, {c}"));
                let m = self.fd();
                self.ins(format!("div.rn.f64 \t{m}, {c}, {s}"));
                let nm = neg(self, m);
                let d = self.fd();
                self.ins(format!("selp.f64 \t{d}, {nm}, {q}, {odd}"));
                d
            }
        }
    }

    /// pow(x, y) for float arguments held in double.
    fn pow_d(&mut self, x: Reg, y: Reg) -> Reg {
        let ax = self.fd();
        self.ins(format!("abs.f64 \t{ax}, {x}"));
        let l = self.log_d(ax);
        let yl = self.fd();
        self.ins(format!("mul.rn.f64 \t{yl}, {y}, {l}"));
        // 0·inf (y = 0, or |x| = 1 with infinite y) is handled below.
        let e = self.exp_d(yl);
        // y integer? odd?
        let yt = self.fd();
        self.ins(format!("cvt.rzi.f64.f64 \t{yt}, {y}"));
        let yint = self.fresh(RegClass::Pred);
        self.ins(format!("setp.eq.f64 \t{yint}, {yt}, {y}"));
        let yh = self.fd();
        self.ins(format!("mul.rn.f64 \t{yh}, {y}, {}", f64_lit(0.5)));
        let yht = self.fd();
        self.ins(format!("cvt.rzi.f64.f64 \t{yht}, {yh}"));
        let half_frac = self.fresh(RegClass::Pred);
        self.ins(format!("setp.ne.f64 \t{half_frac}, {yht}, {yh}"));
        let yodd = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{yodd}, {yint}, {half_frac}"));
        let xneg = self.fresh(RegClass::Pred);
        let xb = self.fresh(RegClass::B64);
        self.ins(format!("mov.b64 \t{xb}, {x}"));
        self.ins(format!("setp.lt.s64 \t{xneg}, {xb}, 0"));
        let flip = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{flip}, {xneg}, {yodd}"));
        let ne = self.fd();
        self.ins(format!("neg.f64 \t{ne}, {e}"));
        let v = self.fd();
        self.ins(format!("selp.f64 \t{v}, {ne}, {e}, {flip}"));
        // Negative finite x with non-integer y: NaN.
        let xlt = self.pred("lt", x, &f64_lit(0.0));
        let notint = self.fresh(RegClass::Pred);
        self.ins(format!("not.pred \t{notint}, {yint}"));
        let yfin = self.fresh(RegClass::Pred);
        self.ins(format!("testp.finite.f64 \t{yfin}, {y}"));
        let xfin = self.fresh(RegClass::Pred);
        self.ins(format!("testp.finite.f64 \t{xfin}, {x}"));
        let bad0 = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{bad0}, {xlt}, {notint}"));
        let bad1 = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{bad1}, {bad0}, {yfin}"));
        let bad = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{bad}, {bad1}, {xfin}"));
        let v1 = self.selp_d("0d7FF8000000000000", v, bad);
        // pow(±1, ±inf) = 1, pow(1, y) = 1, pow(x, ±0) = 1.
        let one_x = self.pred("eq", ax, &f64_lit(1.0));
        let yinf = self.fresh(RegClass::Pred);
        self.ins(format!("testp.infinite.f64 \t{yinf}, {y}"));
        let s1 = self.fresh(RegClass::Pred);
        self.ins(format!("and.pred \t{s1}, {one_x}, {yinf}"));
        let xone = self.pred("eq", x, &f64_lit(1.0));
        let yzero = self.pred("eq", y, &f64_lit(0.0));
        let s2 = self.fresh(RegClass::Pred);
        self.ins(format!("or.pred \t{s2}, {s1}, {xone}"));
        let s3 = self.fresh(RegClass::Pred);
        self.ins(format!("or.pred \t{s3}, {s2}, {yzero}"));
        self.selp_d(&f64_lit(1.0), v1, s3)
    }

    /// tanh(x) for float arguments held in double.
    fn tanh_d(&mut self, x: Reg) -> Reg {
        let ax = self.fd();
        self.ins(format!("abs.f64 \t{ax}, {x}"));
        let a2 = self.fd();
        self.ins(format!("add.rn.f64 \t{a2}, {ax}, {ax}"));
        let e = self.exp_d(a2);
        let e1 = self.fd();
        self.ins(format!("add.rn.f64 \t{e1}, {e}, {}", f64_lit(1.0)));
        let q = self.fd();
        self.ins(format!("div.rn.f64 \t{q}, {}, {e1}", f64_lit(2.0)));
        let t = self.fd();
        self.ins(format!("sub.rn.f64 \t{t}, {}, {q}", f64_lit(1.0)));
        let big = self.fd();
        self.ins(format!("copysign.f64 \t{big}, {x}, {t}"));
        // Small |x|: x − x³/3.
        let x2 = self.fd();
        self.ins(format!("mul.rn.f64 \t{x2}, {x}, {x}"));
        let x3 = self.fd();
        self.ins(format!("mul.rn.f64 \t{x3}, {x2}, {x}"));
        let small_v = self.fd();
        self.ins(format!(
            "fma.rn.f64 \t{small_v}, {x3}, {}, {x}",
            f64_lit(-1.0 / 3.0)
        ));
        let small = self.pred("lt", ax, &f64_lit(2f64.powi(-11)));
        let d = self.fd();
        self.ins(format!("selp.f64 \t{d}, {small_v}, {big}, {small}"));
        // NaN stays NaN (exp of NaN is NaN, and so is everything after).
        d
    }
}

/// Which trigonometric function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trig {
    Sin,
    Cos,
    Tan,
}
