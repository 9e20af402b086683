//! More single-precision library functions, computed in double and rounded
//! once to `float` (see [`super::libm`]):
//!
//! - `fmodf`: exact. The classic binary long division on the magnitudes:
//!   `t = |y|·2^k` just below `|x|`, subtract when `t ≤ r`, halve `t`; every
//!   subtraction is exact (Sterbenz), so the result is the exact remainder.
//! - `atan2f`: `atan(|y|/|x|)` by the identities `atan t = π/2 − atan(1/t)`
//!   and `atan t = π/6 + atan((t√3 − 1)/(√3 + t))` down to |t| ≤ tan(π/12),
//!   then the odd series to t^29; quadrant and C's special cases (signed
//!   zeros, both infinite) from the signs. CUDA: 3 ulp; this is within 1.
//! - `erff`: the Maclaurin series `2/√π Σ (−1)^n x^{2n+1}/(n!(2n+1))`
//!   summed for 80 terms in double for |x| < 3.92 (the cancellation costs
//!   at most 10^6 of double's 2^-53), ±1 beyond (`erfc(3.92)` is below half
//!   an ulp of 1). CUDA: 2 ulp; this is within 1.

use super::emit::{f64_lit, Emitter, R};
use super::regs::{Reg, RegClass};
use crate::ir::Intrinsic as I;

impl Emitter<'_> {
    /// `fmodf`, `atan2f`, `erff` on float registers; `None` for others.
    pub(super) fn libm_more(&mut self, fun: I, x: Reg, y: Option<Reg>) -> R<Option<Reg>> {
        let wide = |em: &mut Self, r: Reg| {
            let d = em.fresh(RegClass::F64);
            em.ins(format!("cvt.f64.f32 \t{d}, {r}"));
            d
        };
        let xd = wide(self, x);
        let r = match (fun, y) {
            (I::Fmod, Some(y)) => {
                let yd = wide(self, y);
                self.fmod_d(xd, yd)
            }
            (I::Atan2, Some(x2)) => {
                // atan2(y, x): the IR's first argument is y.
                let xd2 = wide(self, x2);
                self.atan2_d(xd, xd2)
            }
            (I::Erf, _) => self.erf_d(xd),
            _ => return Ok(None),
        };
        let f = self.fresh(RegClass::F32);
        self.ins(format!("cvt.rn.f32.f64 \t{f}, {r}"));
        Ok(Some(f))
    }

    fn d(&mut self) -> Reg {
        self.fresh(RegClass::F64)
    }

    fn p(&mut self) -> Reg {
        self.fresh(RegClass::Pred)
    }

    fn fmod_d(&mut self, x: Reg, y: Reg) -> Reg {
        let ax = self.d();
        self.ins(format!("abs.f64 \t{ax}, {x}"));
        let ay = self.d();
        self.ins(format!("abs.f64 \t{ay}, {y}"));
        let r = self.d();
        self.ins(format!("mov.f64 \t{r}, {ax}"));
        let done = self.new_label();
        let small = self.p();
        self.ins(format!("setp.ltu.f64 \t{small}, {ax}, {ay}"));
        let yzero = self.p();
        self.ins(format!("setp.eq.f64 \t{yzero}, {ay}, {}", f64_lit(0.0)));
        let skip = self.p();
        self.ins(format!("or.pred \t{skip}, {small}, {yzero}"));
        self.ins(format!("@{skip} bra \t{done}"));
        // t = |y|·2^(ex − ey), exponents from the bits (both normal).
        let bx = self.fresh(RegClass::B64);
        self.ins(format!("mov.b64 \t{bx}, {ax}"));
        let by = self.fresh(RegClass::B64);
        self.ins(format!("mov.b64 \t{by}, {ay}"));
        let ex = self.fresh(RegClass::B64);
        self.ins(format!("shr.u64 \t{ex}, {bx}, 52"));
        let ey = self.fresh(RegClass::B64);
        self.ins(format!("shr.u64 \t{ey}, {by}, 52"));
        let de = self.fresh(RegClass::B64);
        self.ins(format!("sub.s64 \t{de}, {ex}, {ey}"));
        let sh = self.fresh(RegClass::B64);
        self.ins(format!("shl.b64 \t{sh}, {de}, 52"));
        let bt = self.fresh(RegClass::B64);
        self.ins(format!("add.s64 \t{bt}, {by}, {sh}"));
        let t = self.d();
        self.ins(format!("mov.b64 \t{t}, {bt}"));
        let head = self.new_label();
        self.place_label(&head);
        let fits = self.p();
        self.ins(format!("setp.ge.f64 \t{fits}, {r}, {t}"));
        let diff = self.d();
        self.ins(format!("sub.rn.f64 \t{diff}, {r}, {t}"));
        self.ins(format!("selp.f64 \t{r}, {diff}, {r}, {fits}"));
        self.ins(format!("mul.rn.f64 \t{t}, {t}, {}", f64_lit(0.5)));
        let more = self.p();
        self.ins(format!("setp.ge.f64 \t{more}, {t}, {ay}"));
        self.ins(format!("@{more} bra \t{head}"));
        self.place_label(&done);
        let signed = self.d();
        self.ins(format!("copysign.f64 \t{signed}, {x}, {r}"));
        // NaN when x is infinite or NaN, or y is zero or NaN.
        let xfin = self.p();
        self.ins(format!("testp.finite.f64 \t{xfin}, {x}"));
        let ynz = self.p();
        self.ins(format!("setp.gt.f64 \t{ynz}, {ay}, {}", f64_lit(0.0)));
        let ok = self.p();
        self.ins(format!("and.pred \t{ok}, {xfin}, {ynz}"));
        let out = self.d();
        self.ins(format!(
            "selp.f64 \t{out}, {signed}, 0d7FF8000000000000, {ok}"
        ));
        out
    }

    /// atan(t) for t ≥ 0 (t may be +inf).
    fn atan_pos_d(&mut self, t: Reg) -> Reg {
        use std::f64::consts::{FRAC_PI_2, FRAC_PI_6};
        let sqrt3 = 3f64.sqrt();
        let inv = self.p();
        self.ins(format!("setp.gt.f64 \t{inv}, {t}, {}", f64_lit(1.0)));
        let rt = self.d();
        self.ins(format!("rcp.rn.f64 \t{rt}, {t}"));
        let t1 = self.d();
        self.ins(format!("selp.f64 \t{t1}, {rt}, {t}, {inv}"));
        let red = self.p();
        self.ins(format!(
            "setp.gt.f64 \t{red}, {t1}, {}",
            f64_lit(0.267_949_192_431_122_7)
        ));
        let num = self.d();
        self.ins(format!(
            "fma.rn.f64 \t{num}, {t1}, {}, {}",
            f64_lit(sqrt3),
            f64_lit(-1.0)
        ));
        let den = self.d();
        self.ins(format!("add.rn.f64 \t{den}, {t1}, {}", f64_lit(sqrt3)));
        let q = self.d();
        self.ins(format!("div.rn.f64 \t{q}, {num}, {den}"));
        let s = self.d();
        self.ins(format!("selp.f64 \t{s}, {q}, {t1}, {red}"));
        let z = self.d();
        self.ins(format!("mul.rn.f64 \t{z}, {s}, {s}"));
        let mut p = self.d();
        self.ins(format!("mov.f64 \t{p}, {}", f64_lit(1.0 / 29.0)));
        for k in (0..14).rev() {
            let c = if k % 2 == 0 { 1.0 } else { -1.0 } / f64::from(2 * k + 1);
            let n = self.d();
            self.ins(format!("fma.rn.f64 \t{n}, {p}, {z}, {}", f64_lit(c)));
            p = n;
        }
        let a0 = self.d();
        self.ins(format!("mul.rn.f64 \t{a0}, {p}, {s}"));
        let a1 = self.d();
        self.ins(format!("add.rn.f64 \t{a1}, {a0}, {}", f64_lit(FRAC_PI_6)));
        let a = self.d();
        self.ins(format!("selp.f64 \t{a}, {a1}, {a0}, {red}"));
        let c = self.d();
        self.ins(format!("sub.rn.f64 \t{c}, {}, {a}", f64_lit(FRAC_PI_2)));
        let out = self.d();
        self.ins(format!("selp.f64 \t{out}, {c}, {a}, {inv}"));
        out
    }

    fn atan2_d(&mut self, y: Reg, x: Reg) -> Reg {
        let ay = self.d();
        self.ins(format!("abs.f64 \t{ay}, {y}"));
        let ax = self.d();
        self.ins(format!("abs.f64 \t{ax}, {x}"));
        let q = self.d();
        self.ins(format!("div.rn.f64 \t{q}, {ay}, {ax}"));
        // 0/0 → 0 and inf/inf → 1, as C's atan2 special cases need.
        let yz = self.p();
        self.ins(format!("setp.eq.f64 \t{yz}, {ay}, {}", f64_lit(0.0)));
        let xz = self.p();
        self.ins(format!("setp.eq.f64 \t{xz}, {ax}, {}", f64_lit(0.0)));
        let zz = self.p();
        self.ins(format!("and.pred \t{zz}, {yz}, {xz}"));
        let yi = self.p();
        self.ins(format!("testp.infinite.f64 \t{yi}, {y}"));
        let xi = self.p();
        self.ins(format!("testp.infinite.f64 \t{xi}, {x}"));
        let ii = self.p();
        self.ins(format!("and.pred \t{ii}, {yi}, {xi}"));
        let q1 = self.d();
        self.ins(format!("selp.f64 \t{q1}, {}, {q}, {zz}", f64_lit(0.0)));
        let t = self.d();
        self.ins(format!("selp.f64 \t{t}, {}, {q1}, {ii}", f64_lit(1.0)));
        let a = self.atan_pos_d(t);
        let xb = self.fresh(RegClass::B64);
        self.ins(format!("mov.b64 \t{xb}, {x}"));
        let xneg = self.p();
        self.ins(format!("setp.lt.s64 \t{xneg}, {xb}, 0"));
        let flipped = self.d();
        self.ins(format!(
            "sub.rn.f64 \t{flipped}, {}, {a}",
            f64_lit(std::f64::consts::PI)
        ));
        let m = self.d();
        self.ins(format!("selp.f64 \t{m}, {flipped}, {a}, {xneg}"));
        let out = self.d();
        self.ins(format!("copysign.f64 \t{out}, {y}, {m}"));
        out
    }

    fn erf_d(&mut self, x: Reg) -> Reg {
        let z = self.d();
        self.ins(format!("mul.rn.f64 \t{z}, {x}, {x}"));
        let nz = self.d();
        self.ins(format!("neg.f64 \t{nz}, {z}"));
        let term = self.d();
        self.ins(format!("mov.f64 \t{term}, {x}"));
        let sum = self.d();
        self.ins(format!("mov.f64 \t{sum}, {x}"));
        let n = self.d();
        self.ins(format!("mov.f64 \t{n}, {}", f64_lit(0.0)));
        let head = self.new_label();
        self.place_label(&head);
        self.ins(format!("add.rn.f64 \t{n}, {n}, {}", f64_lit(1.0)));
        let step = self.d();
        self.ins(format!("div.rn.f64 \t{step}, {nz}, {n}"));
        self.ins(format!("mul.rn.f64 \t{term}, {term}, {step}"));
        let odd = self.d();
        self.ins(format!(
            "fma.rn.f64 \t{odd}, {n}, {}, {}",
            f64_lit(2.0),
            f64_lit(1.0)
        ));
        let c = self.d();
        self.ins(format!("div.rn.f64 \t{c}, {term}, {odd}"));
        self.ins(format!("add.rn.f64 \t{sum}, {sum}, {c}"));
        let more = self.p();
        self.ins(format!("setp.lt.f64 \t{more}, {n}, {}", f64_lit(80.0)));
        self.ins(format!("@{more} bra \t{head}"));
        let e = self.d();
        self.ins(format!(
            "mul.rn.f64 \t{e}, {sum}, {}",
            f64_lit(std::f64::consts::FRAC_2_SQRT_PI)
        ));
        let ax = self.d();
        self.ins(format!("abs.f64 \t{ax}, {x}"));
        let big = self.p();
        self.ins(format!("setp.ge.f64 \t{big}, {ax}, {}", f64_lit(3.92)));
        let unit = self.d();
        self.ins(format!("mov.f64 \t{unit}, {}", f64_lit(1.0)));
        let one = self.d();
        self.ins(format!("copysign.f64 \t{one}, {x}, {unit}"));
        let out = self.d();
        self.ins(format!("selp.f64 \t{out}, {one}, {e}, {big}"));
        out
    }
}
