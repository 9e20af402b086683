//! Expressions: each evaluates to registers, one per leaf of its type.
//! Values computed in the current statement are remembered (an expression
//! used twice in one statement is computed once); the lazy operators
//! (`&&`, `||`, `?:`) open a nested region so a value computed on one side
//! is not reused where that side did not run.

use super::emit::{f32_lit, f64_lit, Emitter, R};
use super::regs::Reg;
use super::regs::{arith_ty, bits_ty, component_range, RegClass};
use crate::ir::UnaryOp;
use crate::ir::{BinaryOp, BuiltinValue, Dim, Expr, ExprId, ExprKind, Literal, Scalar, Type};
use std::collections::HashMap;

impl Emitter<'_> {
    /// The expression record of the innermost frame.
    pub(super) fn expr(&self, e: ExprId) -> R<&Expr> {
        let f = self.func()?;
        Ok(&f.exprs[e])
    }

    /// Evaluates an expression to its leaf registers.
    pub(super) fn eval(&mut self, e: ExprId) -> R<Vec<Reg>> {
        if let Some(v) = self.lookup(e)? {
            return Ok(v);
        }
        let v = self.eval_uncached(e)?;
        if let Some(top) = self.frame()?.memo.last_mut() {
            top.insert(e, v.clone());
        }
        Ok(v)
    }

    /// Evaluates a scalar expression to its one register.
    pub(super) fn eval1(&mut self, e: ExprId) -> R<Reg> {
        let v = self.eval(e)?;
        match v.first() {
            Some(r) if v.len() == 1 => Ok(*r),
            _ => Err(self.unsupported("a scalar was expected here")),
        }
    }

    fn lookup(&mut self, e: ExprId) -> R<Option<Vec<Reg>>> {
        let f = self.frame()?;
        if let Some(v) = f.results.get(&e) {
            return Ok(Some(v.clone()));
        }
        Ok(f.memo.iter().rev().find_map(|m| m.get(&e).cloned()))
    }

    /// Starts a statement: forgets values of the previous one.
    pub(super) fn reset_memo(&mut self) -> R<()> {
        let f = self.frame()?;
        f.memo.clear();
        f.memo.push(HashMap::new());
        Ok(())
    }

    /// Runs `body` in a nested lazily evaluated region.
    pub(super) fn lazily<T>(&mut self, body: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.frame()?.memo.push(HashMap::new());
        let r = body(self);
        self.frame()?.memo.pop();
        r
    }

    fn eval_uncached(&mut self, e: ExprId) -> R<Vec<Reg>> {
        let expr = self.expr(e)?.clone();
        match &expr.kind {
            ExprKind::Literal(lit) => Ok(vec![self.literal(lit)?]),
            ExprKind::Param(i) => {
                let f = self.frame()?;
                f.params
                    .get(*i as usize)
                    .cloned()
                    .ok_or_else(|| self.unsupported("internal: parameter out of range"))
            }
            ExprKind::LocalPtr(_)
            | ExprKind::GlobalPtr(_)
            | ExprKind::PtrOffset { .. }
            | ExprKind::ElementPtr { .. }
            | ExprKind::MemberPtr { .. }
            | ExprKind::PtrCast { .. } => Ok(vec![self.address_of(e)?]),
            ExprKind::Load {
                ptr,
                hint,
                volatile,
            } => self.load(*ptr, &expr.ty, *hint, *volatile),
            ExprKind::Unary { op, arg } => self.unary(*op, *arg, &expr.ty),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, *lhs, *rhs, &expr.ty),
            ExprKind::Select {
                cond,
                accept,
                reject,
            } => self.select(*cond, *accept, *reject),
            ExprKind::Convert { arg, rounding } => self.convert_expr(*arg, &expr.ty, *rounding),
            ExprKind::Bitcast { arg } => self.bitcast(*arg, &expr.ty),
            ExprKind::Compose { components } => {
                let mut out = Vec::new();
                for c in components {
                    out.extend(self.eval(*c)?);
                }
                Ok(out)
            }
            ExprKind::Extract { value, index } => {
                let vty = self.expr(*value)?.ty.clone();
                let v = self.eval(*value)?;
                let (start, len) = component_range(self.module, &vty, u64::from(*index));
                v.get(start..start + len)
                    .map(<[Reg]>::to_vec)
                    .ok_or_else(|| self.unsupported("internal: component out of range"))
            }
            ExprKind::Splat { value } => self.splat(*value, &expr.ty),
            ExprKind::Builtin(b) => Ok(vec![self.builtin(*b)]),
            ExprKind::Intrinsic { fun, args } => self.intrinsic(*fun, args, &expr.ty),
            ExprKind::StmtResult => {
                Err(self.unsupported("a statement's value used before the statement ran"))
            }
        }
    }

    /// A literal in a fresh register.
    pub(super) fn literal(&mut self, lit: &Literal) -> R<Reg> {
        Ok(match lit {
            Literal::Bool(b) => self.bool_const(*b),
            Literal::Int(v, s) => self.int_const(*s, *v),
            Literal::Float(v, s) => self.float_const(*s, *v),
        })
    }

    /// A predicate constant.
    pub(super) fn bool_const(&mut self, b: bool) -> Reg {
        let r = self.fresh(RegClass::B32);
        self.ins(format!("mov.u32 \t{r}, {}", u32::from(b)));
        let p = self.fresh(RegClass::Pred);
        self.ins(format!("setp.ne.u32 \t{p}, {r}, 0"));
        p
    }

    /// An integer constant of a scalar type in a fresh register.
    pub(super) fn int_const(&mut self, s: Scalar, v: i128) -> Reg {
        if s == Scalar::Bool {
            return self.bool_const(v != 0);
        }
        if s.is_float() {
            return self.float_const(s, v as f64);
        }
        let r = self.fresh_for(s);
        match r.class {
            RegClass::B64 => self.ins(format!("mov.u64 \t{r}, {}", v as u64)),
            _ => {
                let bits = normalize_small(s, v) as u32;
                self.ins(format!("mov.u32 \t{r}, {bits}"))
            }
        }
        r
    }

    /// A floating constant in a fresh register.
    pub(super) fn float_const(&mut self, s: Scalar, v: f64) -> Reg {
        let r = self.fresh_for(s);
        match s {
            Scalar::F32 => self.ins(format!("mov.f32 \t{r}, {}", f32_lit(v as f32))),
            Scalar::F64 => self.ins(format!("mov.f64 \t{r}, {}", f64_lit(v))),
            Scalar::F16 => {
                let h = f16_bits(v);
                self.ins(format!("mov.b16 \t{r}, 0x{h:04X}"))
            }
            Scalar::BF16 => {
                let h = ((v as f32).to_bits() >> 16) as u16;
                self.ins(format!("mov.b16 \t{r}, 0x{h:04X}"))
            }
            _ => return self.int_const(s, v as i128),
        }
        r
    }

    fn builtin(&mut self, b: BuiltinValue) -> Reg {
        let sreg = |base: &str, d: Dim| {
            let c = match d {
                Dim::X => "x",
                Dim::Y => "y",
                Dim::Z => "z",
            };
            format!("%{base}.{c}")
        };
        let src = match b {
            BuiltinValue::ThreadIdx(d) => sreg("tid", d),
            BuiltinValue::BlockIdx(d) => sreg("ctaid", d),
            BuiltinValue::BlockDim(d) => sreg("ntid", d),
            BuiltinValue::GridDim(d) => sreg("nctaid", d),
            BuiltinValue::WarpSize => "WARP_SZ".to_string(),
            BuiltinValue::LaneId => "%laneid".to_string(),
            BuiltinValue::DynamicSharedBytes => "%dynamic_smem_size".to_string(),
        };
        let r = self.fresh(RegClass::B32);
        self.ins(format!("mov.u32 \t{r}, {src}"));
        r
    }

    fn unary(&mut self, op: UnaryOp, arg: ExprId, ty: &Type) -> R<Vec<Reg>> {
        let v = self.eval(arg)?;
        let s = self.scalar_of(ty)?;
        let mut out = Vec::new();
        for a in v {
            let d = self.fresh(a.class);
            match (op, s) {
                (UnaryOp::Not, _) => self.ins(format!("not.pred \t{d}, {a}")),
                (UnaryOp::BitNot, _) => self.ins(format!("not.{} \t{d}, {a}", bits_ty(s))),
                (UnaryOp::Neg, Scalar::F16 | Scalar::BF16) => {
                    self.ins(format!("xor.b16 \t{d}, {a}, 0x8000"))
                }
                (UnaryOp::Neg, _) => self.ins(format!("neg.{} \t{d}, {a}", arith_ty(s))),
            }
            out.push(self.normalize(s, d));
        }
        Ok(out)
    }

    /// Re-extends an 8/16-bit integer result kept in a 32-bit register.
    pub(super) fn normalize(&mut self, s: Scalar, r: Reg) -> Reg {
        let how = match s {
            Scalar::I8 => "cvt.s32.s8",
            Scalar::U8 => "cvt.u32.u8",
            Scalar::I16 => "cvt.s32.s16",
            Scalar::U16 => "cvt.u32.u16",
            _ => return r,
        };
        let d = self.fresh(RegClass::B32);
        self.ins(format!("{how} \t{d}, {r}"));
        d
    }

    /// The scalar of a scalar or vector type.
    pub(super) fn scalar_of(&self, ty: &Type) -> R<Scalar> {
        match ty {
            Type::Pointer { .. } => Ok(Scalar::U64),
            _ => ty
                .element_scalar()
                .ok_or_else(|| self.unsupported("an operator on a non-scalar value")),
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: ExprId, rhs: ExprId, ty: &Type) -> R<Vec<Reg>> {
        if matches!(op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) {
            return Ok(vec![self.logical(op, lhs, rhs)?]);
        }
        let lty = self.expr(lhs)?.ty.clone();
        let s = self.scalar_of(&lty)?;
        let a = self.eval(lhs)?;
        let b = self.eval(rhs)?;
        let rs = self.scalar_of(&self.expr(rhs)?.ty.clone())?;
        let res = self.scalar_of(ty)?;
        let mut out = Vec::new();
        for (i, x) in a.iter().enumerate() {
            let y = if b.len() == 1 { b[0] } else { b[i] };
            out.push(self.binary_scalar(op, s, *x, y, rs, res)?);
        }
        Ok(out)
    }

    /// One binary operation on scalars of type `s` (shift amounts of type
    /// `rs`); the result is of type `res`.
    pub(super) fn binary_scalar(
        &mut self,
        op: BinaryOp,
        s: Scalar,
        x: Reg,
        y: Reg,
        rs: Scalar,
        res: Scalar,
    ) -> R<Reg> {
        if matches!(s, Scalar::F16 | Scalar::BF16) {
            return self.half_binary(op, s, x, y, res);
        }
        if op.is_comparison() {
            return Ok(self.compare(op, s, x, y));
        }
        let t = arith_ty(s);
        let d = self.fresh_for(s);
        let fast = self.opts.fast_math;
        let text = match op {
            BinaryOp::Add if s == Scalar::Bool => format!("or.pred \t{d}, {x}, {y}"),
            BinaryOp::Add => format!("add.{t} \t{d}, {x}, {y}"),
            BinaryOp::Sub => format!("sub.{t} \t{d}, {x}, {y}"),
            BinaryOp::Mul if s.is_float() => format!("mul.{t} \t{d}, {x}, {y}"),
            BinaryOp::Mul => format!("mul.lo.{t} \t{d}, {x}, {y}"),
            BinaryOp::Div if s == Scalar::F32 && fast => {
                format!("div.full.ftz.f32 \t{d}, {x}, {y}")
            }
            BinaryOp::Div if s.is_float() => format!("div.rn.{t} \t{d}, {x}, {y}"),
            BinaryOp::Div => format!("div.{t} \t{d}, {x}, {y}"),
            BinaryOp::Rem if s.is_float() => {
                return Err(self.unsupported("`%` on floating values"));
            }
            BinaryOp::Rem => format!("rem.{t} \t{d}, {x}, {y}"),
            BinaryOp::Shl | BinaryOp::Shr => {
                let amount = self.as_u32(y, rs);
                let kind = if op == BinaryOp::Shl {
                    format!("shl.{}", bits_ty(s))
                } else {
                    format!("shr.{t}")
                };
                format!("{kind} \t{d}, {x}, {amount}")
            }
            BinaryOp::BitAnd => format!("and.{} \t{d}, {x}, {y}", bits_ty(s)),
            BinaryOp::BitOr => format!("or.{} \t{d}, {x}, {y}", bits_ty(s)),
            BinaryOp::BitXor => format!("xor.{} \t{d}, {x}, {y}", bits_ty(s)),
            _ => return Err(self.unsupported(format!("operator {op:?} on {s:?}"))),
        };
        self.ins(text);
        Ok(self.normalize(s, d))
    }

    /// An integer register as a `u32` (shift amounts, lane numbers).
    pub(super) fn as_u32(&mut self, r: Reg, s: Scalar) -> Reg {
        match r.class {
            RegClass::B64 => {
                let d = self.fresh(RegClass::B32);
                self.ins(format!("cvt.u32.u64 \t{d}, {r}"));
                d
            }
            RegClass::Pred => {
                let d = self.fresh(RegClass::B32);
                self.ins(format!("selp.u32 \t{d}, 1, 0, {r}"));
                d
            }
            _ => {
                let _ = s;
                r
            }
        }
    }

    /// A comparison to a predicate (C semantics: `!=` is true on NaN, the
    /// others false).
    pub(super) fn compare(&mut self, op: BinaryOp, s: Scalar, x: Reg, y: Reg) -> Reg {
        let d = self.fresh(RegClass::Pred);
        if s == Scalar::Bool {
            match op {
                BinaryOp::Eq => {
                    let t = self.fresh(RegClass::Pred);
                    self.ins(format!("xor.pred \t{t}, {x}, {y}"));
                    self.ins(format!("not.pred \t{d}, {t}"));
                }
                _ => {
                    // Ordering of bools: false < true.
                    let a = self.fresh(RegClass::B32);
                    let b = self.fresh(RegClass::B32);
                    self.ins(format!("selp.u32 \t{a}, 1, 0, {x}"));
                    self.ins(format!("selp.u32 \t{b}, 1, 0, {y}"));
                    return self.compare(op, Scalar::U32, a, b);
                }
            }
            return d;
        }
        let cmp = match op {
            BinaryOp::Eq => "eq",
            BinaryOp::Ne if s.is_float() => "neu",
            BinaryOp::Ne => "ne",
            BinaryOp::Lt => "lt",
            BinaryOp::Le => "le",
            BinaryOp::Gt => "gt",
            _ => "ge",
        };
        self.ins(format!("setp.{cmp}.{} \t{d}, {x}, {y}", arith_ty(s)));
        d
    }

    /// `half`/`bfloat16` arithmetic: computed in `float` and rounded once
    /// (correctly rounded: `float` has more than twice the precision, so
    /// the double rounding is innocuous for `+ - * /`).
    fn half_binary(&mut self, op: BinaryOp, s: Scalar, x: Reg, y: Reg, res: Scalar) -> R<Reg> {
        let a = self.half_to_f32(s, x);
        let b = self.half_to_f32(s, y);
        let r = self.binary_scalar(op, Scalar::F32, a, b, Scalar::F32, Scalar::F32)?;
        if op.is_comparison() || res == Scalar::Bool {
            return Ok(r);
        }
        self.f32_to_half(s, r)
    }

    /// Widens a `half`/`bfloat16` register to `float` (exact).
    pub(super) fn half_to_f32(&mut self, s: Scalar, x: Reg) -> Reg {
        let d = self.fresh(RegClass::F32);
        if s == Scalar::F16 {
            self.ins(format!("cvt.f32.f16 \t{d}, {x}"));
        } else {
            // bfloat16 is the top half of a float.
            let w = self.fresh(RegClass::B32);
            self.ins(format!("cvt.u32.u16 \t{w}, {x}"));
            let sh = self.fresh(RegClass::B32);
            self.ins(format!("shl.b32 \t{sh}, {w}, 16"));
            self.ins(format!("mov.b32 \t{d}, {sh}"));
        }
        d
    }

    /// Rounds a `float` register to `half`/`bfloat16` (to nearest even).
    pub(super) fn f32_to_half(&mut self, s: Scalar, x: Reg) -> R<Reg> {
        let d = self.fresh(RegClass::B16);
        if s == Scalar::F16 {
            self.ins(format!("cvt.rn.f16.f32 \t{d}, {x}"));
        } else {
            if self.opts.sm < 80 {
                return Err(self.unsupported("__nv_bfloat16 arithmetic below sm_80"));
            }
            self.ins(format!("cvt.rn.bf16.f32 \t{d}, {x}"));
        }
        Ok(d)
    }
}

/// An integer constant's bits as its register holds them (8/16-bit values
/// sign- or zero-extended to 32 bits).
fn normalize_small(s: Scalar, v: i128) -> i128 {
    match s {
        Scalar::I8 => i128::from(v as i8),
        Scalar::U8 => i128::from(v as u8),
        Scalar::I16 => i128::from(v as i16),
        Scalar::U16 => i128::from(v as u16),
        _ => v,
    }
}

/// The bits of a `half` that holds `v` exactly (sema rounds literals to
/// their type, so no rounding is needed here; inexact low bits are cut).
pub(super) fn f16_bits(v: f64) -> u16 {
    let sign: u16 = if v.is_sign_negative() { 0x8000 } else { 0 };
    let a = v.abs();
    if a.is_nan() {
        return 0x7E00;
    }
    if a.is_infinite() || a >= 65520.0 {
        return sign | 0x7C00;
    }
    if a < 6.103_515_625e-5 {
        // Subnormal: a multiple of 2^-24.
        return sign | (a * 16_777_216.0).round() as u16;
    }
    let mut e = 0i32;
    let mut m = a;
    while m >= 2.0 {
        m /= 2.0;
        e += 1;
    }
    while m < 1.0 {
        m *= 2.0;
        e -= 1;
    }
    let frac = ((m - 1.0) * 1024.0).round() as u16;
    sign | ((((e + 15) as u16) << 10) + frac)
}
