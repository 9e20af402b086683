//! Value conversions with C semantics: integer widening by the source's
//! signedness, float→int truncating and saturating (`cvt.rzi`, NaN → 0),
//! int→float and float narrowing rounded as asked, bool ↔ anything.

use super::emit::{f32_lit, f64_lit, Emitter, R};
use super::memory::space_of;
use super::regs::{arith_ty, class_of, leaves, LeafKind, Reg, RegClass};
use crate::ir::{ExprId, Rounding, Scalar, Type};

/// The PTX rounding modifier for float results.
pub(super) fn rnd(r: Rounding) -> &'static str {
    match r {
        Rounding::Nearest => "rn",
        Rounding::Zero => "rz",
        Rounding::Up => "rp",
        Rounding::Down => "rm",
    }
}

impl Emitter<'_> {
    /// A `Convert` expression.
    pub(super) fn convert_expr(&mut self, arg: ExprId, ty: &Type, r: Rounding) -> R<Vec<Reg>> {
        let from = self.expr(arg)?.ty.clone();
        let v = self.eval(arg)?;
        match (&from, ty) {
            (Type::Pointer { .. }, Type::Pointer { .. }) => {
                let (fs, ts) = (space_of(&from), space_of(ty));
                if fs == ts {
                    return Ok(v);
                }
                let g = self.generic_of(v[0], fs);
                Ok(vec![self.window_of(g, ts)])
            }
            (Type::Pointer { .. }, Type::Scalar(s)) => {
                let g = self.generic_of(v[0], space_of(&from));
                Ok(vec![self.convert_scalar(g, Scalar::U64, *s, r)?])
            }
            (Type::Scalar(s), Type::Pointer { .. }) => {
                let w = self.convert_scalar(v[0], *s, Scalar::U64, r)?;
                Ok(vec![self.window_of(w, space_of(ty))])
            }
            (Type::Scalar(a), Type::Scalar(b)) => Ok(vec![self.convert_scalar(v[0], *a, *b, r)?]),
            (Type::Vector(a, _), Type::Vector(b, _)) => {
                let mut out = Vec::new();
                for x in v {
                    out.push(self.convert_scalar(x, *a, *b, r)?);
                }
                Ok(out)
            }
            _ if from == *ty => Ok(v),
            _ => Err(self.unsupported(format!(
                "conversion from {} to {}",
                self.module.type_display(&from),
                self.module.type_display(ty)
            ))),
        }
    }

    /// Converts one scalar register.
    pub(super) fn convert_scalar(
        &mut self,
        x: Reg,
        from: Scalar,
        to: Scalar,
        r: Rounding,
    ) -> R<Reg> {
        if from == to {
            return Ok(x);
        }
        if from == Scalar::Bool {
            return Ok(self.bool_to(x, to));
        }
        if to == Scalar::Bool {
            let zero = self.zero_of(from);
            return Ok(self.compare(crate::ir::BinaryOp::Ne, from, x, zero));
        }
        if matches!(from, Scalar::F16 | Scalar::BF16) {
            let f = self.half_to_f32(from, x);
            return self.convert_scalar(f, Scalar::F32, to, r);
        }
        if to == Scalar::BF16 {
            let f = self.convert_scalar(x, from, Scalar::F32, r)?;
            return self.f32_to_half(Scalar::BF16, f);
        }
        let d = self.fresh_for(to);
        let m = rnd(r);
        match (from.is_float(), to.is_float()) {
            (true, true) => {
                // Widening is exact; narrowing rounds.
                let wider = to.size() > from.size();
                let m = if wider {
                    String::new()
                } else {
                    format!(".{m}")
                };
                self.ins(format!(
                    "cvt{m}.{}.{} \t{d}, {x}",
                    arith_ty(to),
                    arith_ty(from)
                ));
            }
            (false, true) => {
                self.ins(format!(
                    "cvt.{m}.{}.{} \t{d}, {x}",
                    arith_ty(to),
                    int_reg_ty(from)
                ));
            }
            (true, false) => {
                let ti = int_reg_ty(to);
                let wide = to.size() == 8;
                let t = if wide { ti } else { narrow_to_32(to) };
                self.ins(format!("cvt.rzi.{t}.{} \t{d}, {x}", arith_ty(from)));
                return Ok(self.normalize(to, d));
            }
            (false, false) => {
                let (fw, tw) = (from.size() == 8, to.size() == 8);
                match (fw, tw) {
                    (false, true) => {
                        let src = if from.is_signed_int() { "s32" } else { "u32" };
                        let dst = if from.is_signed_int() { "s64" } else { "u64" };
                        self.ins(format!("cvt.{dst}.{src} \t{d}, {x}"));
                    }
                    (true, false) => {
                        self.ins(format!("cvt.u32.u64 \t{d}, {x}"));
                        return Ok(self.normalize(to, d));
                    }
                    _ => {
                        self.ins(format!("mov.{} \t{d}, {x}", d.class.mov_ty()));
                        return Ok(self.normalize(to, d));
                    }
                }
            }
        }
        Ok(d)
    }

    fn bool_to(&mut self, p: Reg, to: Scalar) -> Reg {
        let d = self.fresh_for(to);
        let (one, zero) = match to {
            Scalar::F32 => (f32_lit(1.0), f32_lit(0.0)),
            Scalar::F64 => (f64_lit(1.0), f64_lit(0.0)),
            Scalar::F16 => ("0x3C00".to_string(), "0x0000".to_string()),
            Scalar::BF16 => ("0x3F80".to_string(), "0x0000".to_string()),
            _ => ("1".to_string(), "0".to_string()),
        };
        match d.class {
            RegClass::B16 => {
                let w = self.fresh(RegClass::B32);
                self.ins(format!("selp.u32 \t{w}, {one}, {zero}, {p}"));
                self.ins(format!("cvt.u16.u32 \t{d}, {w}"));
            }
            c => self.ins(format!("selp.{} \t{d}, {one}, {zero}, {p}", c.mov_ty())),
        }
        d
    }

    /// A zero of a scalar type in a register.
    pub(super) fn zero_of(&mut self, s: Scalar) -> Reg {
        if s.is_float() {
            self.float_const(s, 0.0)
        } else {
            self.int_const(s, 0)
        }
    }
}

/// The integer type of a register holding `s` (8/16-bit ones are 32-bit).
fn int_reg_ty(s: Scalar) -> &'static str {
    arith_ty(s)
}

/// The 32-bit conversion target for narrow integer results.
fn narrow_to_32(s: Scalar) -> &'static str {
    if s.is_signed_int() {
        "s32"
    } else {
        "u32"
    }
}

/// Splats and bit casts.
impl Emitter<'_> {
    pub(super) fn splat(&mut self, value: ExprId, ty: &Type) -> R<Vec<Reg>> {
        let vty = self.expr(value)?.ty.clone();
        let v = self.eval(value)?;
        let Type::Vector(dst, n) = ty else {
            return Err(self.unsupported("a splat to a non-vector"));
        };
        match &vty {
            Type::Scalar(src) => {
                let r = self.convert_scalar(v[0], *src, *dst, crate::ir::Rounding::Nearest)?;
                Ok(vec![r; usize::from(*n)])
            }
            Type::Vector(src, _) => {
                let mut out = Vec::new();
                for r in v {
                    out.push(self.convert_scalar(r, *src, *dst, crate::ir::Rounding::Nearest)?);
                }
                Ok(out)
            }
            _ => Err(self.unsupported("a splat of a non-scalar")),
        }
    }

    /// Reinterprets bits between types of the same size.
    pub(super) fn bitcast(&mut self, arg: ExprId, ty: &Type) -> R<Vec<Reg>> {
        let v = self.eval(arg)?;
        let want: Vec<RegClass> = leaves(self.module, ty)
            .iter()
            .map(|l| match &l.kind {
                LeafKind::Scalar(s) => class_of(*s),
                LeafKind::Pointer(_) => RegClass::B64,
            })
            .collect();
        let width = |c: RegClass| match c {
            RegClass::Pred => 1,
            RegClass::B16 => 16,
            RegClass::B32 | RegClass::F32 => 32,
            RegClass::B64 | RegClass::F64 => 64,
        };
        if v.len() == want.len() {
            let mut out = Vec::new();
            for (r, c) in v.iter().zip(&want) {
                let d = self.fresh(*c);
                self.ins(format!("mov.{} \t{d}, {r}", c.mov_ty()));
                out.push(d);
            }
            return Ok(out);
        }
        if want.len() == 1 && v.len() > 1 {
            // Pack parts into one wider register.
            let d = self.fresh(want[0]);
            let parts: Vec<String> = v.iter().map(ToString::to_string).collect();
            if width(v[0].class) * v.len() as u32 == width(want[0]) {
                self.ins(format!(
                    "mov.{} \t{d}, {{{}}}",
                    want[0].mov_ty(),
                    parts.join(", ")
                ));
                return Ok(vec![d]);
            }
        }
        if v.len() == 1 && want.len() > 1 && width(want[0]) * want.len() as u32 == width(v[0].class)
        {
            let parts: Vec<Reg> = want.iter().map(|c| self.fresh(*c)).collect();
            let names: Vec<String> = parts.iter().map(ToString::to_string).collect();
            self.ins(format!(
                "mov.{} \t{{{}}}, {}",
                v[0].class.mov_ty(),
                names.join(", "),
                v[0]
            ));
            return Ok(parts);
        }
        Err(self.unsupported("this bit cast between aggregate types"))
    }
}
