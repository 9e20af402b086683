//! IR expressions to naga expressions: values, pointers as (region, byte
//! offset), places of locals that stay in naga variables, and C's
//! conversions on WGSL's 32-bit types.

use naga::{BinaryOperator as B, Expression, RelationalFunction, ScalarKind, UnaryOperator};

use super::func::{FnCtx, RegionRef, H};
use super::memory::PARAMS_REGION;
use super::module::{value_scalar, vector_size};
use super::regions::space_of;
use super::Unsupported;
use crate::ir::{
    AddrSpace, BinaryOp, BuiltinValue, Dim, ExprId, ExprKind, Literal, Scalar, Type, UnaryOp,
};

impl FnCtx<'_, '_> {
    /// The value of an IR expression.
    pub fn expr(&mut self, e: ExprId) -> Result<H, Unsupported> {
        if let Some(h) = self.memo_get(e) {
            return Ok(h);
        }
        let h = self.expr_uncached(e)?;
        self.memo_put(e, h);
        Ok(h)
    }

    fn ty_of(&self, e: ExprId) -> Type {
        self.func.exprs[e].ty.clone()
    }

    fn expr_uncached(&mut self, e: ExprId) -> Result<H, Unsupported> {
        let ty = self.ty_of(e);
        let kind = self.func.exprs[e].kind.clone();
        match kind {
            ExprKind::Literal(l) => self.literal(&l),
            ExprKind::Param(i) => {
                if !self.is_kernel {
                    return Ok(self.push(Expression::FunctionArgument(i)));
                }
                if ty.is_pointer() {
                    let (r, off) = self.ptr(e)?;
                    return self.ptr_value(r, off);
                }
                let slot = self
                    .m
                    .param_slots
                    .get(i as usize)
                    .copied()
                    .ok_or_else(|| self.err("an unknown parameter"))?;
                let off = self.u32(slot);
                self.load_value(&ty, RegionRef::Static(PARAMS_REGION), off)
            }
            ExprKind::LocalPtr(_)
            | ExprKind::GlobalPtr(_)
            | ExprKind::PtrOffset { .. }
            | ExprKind::ElementPtr { .. }
            | ExprKind::MemberPtr { .. }
            | ExprKind::PtrCast { .. } => {
                let (r, off) = self.ptr(e)?;
                self.ptr_value(r, off)
            }
            ExprKind::Load { ptr, .. } => {
                if let Some(p) = self.place(ptr)? {
                    return Ok(self.load(p));
                }
                let (r, off) = self.ptr(ptr)?;
                self.load_value(&ty, r, off)
            }
            ExprKind::Unary { op, arg } => {
                let v = self.expr(arg)?;
                let s = ty.element_scalar();
                let out = match op {
                    UnaryOp::Not => self.un(UnaryOperator::LogicalNot, v),
                    UnaryOp::BitNot => self.un(UnaryOperator::BitwiseNot, v),
                    UnaryOp::Neg if matches!(s, Some(Scalar::U8 | Scalar::U16 | Scalar::U32)) => {
                        let z = self.zero_like(&ty)?;
                        self.bin(B::Subtract, z, v)
                    }
                    UnaryOp::Neg => self.un(UnaryOperator::Negate, v),
                };
                Ok(self.normalize(&ty, out))
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(op, lhs, rhs, &ty),
            ExprKind::Select {
                cond,
                accept,
                reject,
            } => {
                if self.has_load(accept) || self.has_load(reject) {
                    let nty = self.m.value_type(&ty).map_err(|m| self.err(m))?;
                    let tmp = self.temp("sel", nty);
                    let c = self.expr(cond)?;
                    let a = self.block(|s| {
                        let v = s.expr(accept)?;
                        let p = s.local_ptr(tmp);
                        s.store(p, v);
                        Ok(())
                    })?;
                    let b = self.block(|s| {
                        let v = s.expr(reject)?;
                        let p = s.local_ptr(tmp);
                        s.store(p, v);
                        Ok(())
                    })?;
                    self.stmt(naga::Statement::If {
                        condition: c,
                        accept: a,
                        reject: b,
                    });
                    let p = self.local_ptr(tmp);
                    Ok(self.load(p))
                } else {
                    let c = self.expr(cond)?;
                    let a = self.expr(accept)?;
                    let b = self.expr(reject)?;
                    Ok(self.select(c, a, b))
                }
            }
            ExprKind::Convert { arg, .. } | ExprKind::Splat { value: arg } => {
                let from = self.ty_of(arg);
                let v = self.expr(arg)?;
                self.convert(&from, &ty, v)
            }
            ExprKind::Bitcast { arg } => {
                let from = self.ty_of(arg);
                let v = self.expr(arg)?;
                match (&from, &ty) {
                    (Type::Scalar(a), Type::Scalar(b)) if a.size() <= 4 => {
                        let bits = self.value_to_bits(*a, v);
                        let bits = if a.size() < 4 {
                            self.and_u(bits, if a.size() == 1 { 0xff } else { 0xffff })
                        } else {
                            bits
                        };
                        Ok(self.bits_to_value(*b, bits))
                    }
                    (Type::Pointer { .. }, Type::Pointer { .. }) => Ok(v),
                    _ => Err(self.err(format!(
                        "reinterpreting {} as {}",
                        self.m.ir.type_display(&from),
                        self.m.ir.type_display(&ty)
                    ))),
                }
            }
            ExprKind::Compose { components } => {
                let mut comps = Vec::new();
                for c in components {
                    comps.push(self.expr(c)?);
                }
                self.compose(&ty, comps)
            }
            ExprKind::Extract { value, index } => {
                let v = self.expr(value)?;
                Ok(self.field(v, index))
            }
            ExprKind::Builtin(b) => self.builtin(b),
            ExprKind::Intrinsic { fun, args } => self.intrinsic(fun, &args, &ty),
            ExprKind::StmtResult => {
                let lv = self.result_local(e)?;
                let p = self.local_ptr(lv);
                Ok(self.load(p))
            }
        }
    }

    fn literal(&mut self, l: &Literal) -> Result<H, Unsupported> {
        Ok(match l {
            Literal::Bool(b) => self.bool(*b),
            Literal::Int(v, s) => match value_scalar(*s).map_err(|m| self.err(m))?.kind {
                ScalarKind::Sint => self.i32(*v as i32),
                ScalarKind::Uint => self.u32(*v as u32),
                _ => self.bool(*v != 0),
            },
            Literal::Float(v, s) => {
                value_scalar(*s).map_err(|m| self.err(m))?;
                self.f32(*v as f32)
            }
        })
    }

    /// A zero of a scalar or vector value type.
    fn zero_like(&mut self, ty: &Type) -> Result<H, Unsupported> {
        let nty = self.m.value_type(ty).map_err(|m| self.err(m))?;
        Ok(self.push(Expression::ZeroValue(nty)))
    }

    /// Keeps a narrow value in its range after 32-bit arithmetic
    /// (wrapping like C), and rounds `half` to its precision.
    pub fn normalize(&mut self, ty: &Type, v: H) -> H {
        match ty {
            Type::Scalar(s @ (Scalar::U8 | Scalar::U16)) => {
                self.and_u(v, if s.size() == 1 { 0xff } else { 0xffff })
            }
            Type::Scalar(s @ (Scalar::I8 | Scalar::I16)) => {
                let k = self.u32(32 - 8 * s.size());
                let up = self.bin(B::ShiftLeft, v, k);
                self.bin(B::ShiftRight, up, k)
            }
            Type::Scalar(Scalar::F16) | Type::Vector(Scalar::F16, _) => {
                self.math(naga::MathFunction::QuantizeToF16, &[v])
            }
            Type::Scalar(Scalar::BF16) => {
                let b = self.value_to_bits(Scalar::BF16, v);
                self.bits_to_value(Scalar::BF16, b)
            }
            _ => v,
        }
    }

    /// Does evaluating `e` read memory (so it must stay lazy)?
    pub fn has_load(&self, e: ExprId) -> bool {
        let mut stack = vec![e];
        let mut seen = 0usize;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                return true;
            }
            let k = &self.func.exprs[x].kind;
            if matches!(
                k,
                ExprKind::Load { .. }
                    | ExprKind::Binary {
                        op: BinaryOp::Div | BinaryOp::Rem,
                        ..
                    }
            ) {
                return true;
            }
            stack.extend(crate::analysis::walk::operands(k));
        }
        false
    }

    /// A pointer as a value: `vec2<u32>(region, byte offset)`.
    pub fn ptr_value(&mut self, r: RegionRef, off: H) -> Result<H, Unsupported> {
        let id = match r {
            RegionRef::Static(r) => self.u32(r),
            RegionRef::Dynamic(id, _) => id,
        };
        let ty = self.m.ptr_ty();
        Ok(self.push(Expression::Compose {
            ty,
            components: vec![id, off],
        }))
    }

    /// An integer value as a `u32` (two's complement for signed).
    pub fn as_u32(&mut self, e: ExprId) -> Result<H, Unsupported> {
        let v = self.expr(e)?;
        Ok(match self.ty_of(e).element_scalar() {
            Some(s) if s.is_signed_int() => self.bits(v, ScalarKind::Uint),
            Some(Scalar::Bool) => {
                let one = self.u32(1);
                let zero = self.u32(0);
                self.select(v, one, zero)
            }
            _ => v,
        })
    }

    /// The region and byte offset a pointer expression points to.
    pub fn ptr(&mut self, e: ExprId) -> Result<(RegionRef, H), Unsupported> {
        let ty = self.ty_of(e);
        let kind = self.func.exprs[e].kind.clone();
        let pointee_size =
            |s: &Self, t: &Type| t.pointee().map_or(1, |p| s.m.ir.size_align(p).0.max(1));
        match kind {
            ExprKind::Param(i) if self.is_kernel => {
                let r = self
                    .m
                    .regions
                    .binding_of(i)
                    .ok_or_else(|| self.err("a pointer parameter without a binding"))?;
                let slot = self.m.param_slots.get(i as usize).copied().unwrap_or(0);
                let word = self.u32(slot / 4);
                let off = self.load_word(PARAMS_REGION, word)?;
                Ok((RegionRef::Static(r), off))
            }
            ExprKind::LocalPtr(l) if self.info.memory_locals.contains(&l) => {
                let r = self
                    .m
                    .regions
                    .private(self.fid, l)
                    .ok_or_else(|| self.err("a local without memory"))?;
                let z = self.u32(0);
                Ok((RegionRef::Static(r), z))
            }
            ExprKind::GlobalPtr(g) => {
                let gl = self
                    .m
                    .ir
                    .globals
                    .get(g.0 as usize)
                    .cloned()
                    .ok_or_else(|| self.err("an unknown global"))?;
                match gl.space {
                    AddrSpace::Shared => {
                        let r = self.m.regions.shared().ok_or_else(|| self.err("shared memory without a region"))?;
                        let off = if gl.dynamic {
                            self.m.regions.dynamic_offset
                        } else {
                            self.m.regions.shared_offsets.get(&g).copied().unwrap_or(0)
                        };
                        let off = self.u32(off);
                        Ok((RegionRef::Static(r), off))
                    }
                    AddrSpace::Constant => match self.m.regions.constant(g) {
                        Some(r) => {
                            let z = self.u32(0);
                            Ok((RegionRef::Static(r), z))
                        }
                        None => Err(Unsupported::at(format!("`__constant__` variable `{}` written by the host (the WGSL launch ABI has no constant buffers yet)", gl.name), gl.span)),
                    },
                    _ => Err(Unsupported::at(format!("`__device__` variable `{}` (the WGSL launch ABI has no module-scope device memory)", gl.name), gl.span)),
                }
            }
            ExprKind::PtrOffset { ptr, offset: idx } | ExprKind::ElementPtr { ptr, index: idx } => {
                let (r, off) = self.ptr(ptr)?;
                let size = pointee_size(self, &ty);
                let n = self.as_u32(idx)?;
                let k = self.u32(size);
                let bytes = self.bin(B::Multiply, n, k);
                Ok((r, self.bin(B::Add, off, bytes)))
            }
            ExprKind::MemberPtr { ptr, index } => {
                let base_ty = self.ty_of(ptr);
                let (r, off) = self.ptr(ptr)?;
                let delta = match base_ty.pointee() {
                    Some(Type::Struct(id)) => self
                        .m
                        .ir
                        .structs
                        .get(id.0 as usize)
                        .and_then(|s| s.fields.get(index as usize))
                        .map_or(0, |f| f.offset),
                    Some(Type::Vector(s, _)) => index * s.size(),
                    _ => 0,
                };
                Ok((r, self.add_u(off, delta)))
            }
            ExprKind::PtrCast { ptr } => self.ptr(ptr),
            _ => {
                let v = self.expr(e)?;
                let off = self.field(v, 1);
                let region = match self.info.static_region.get(e.index()).copied().flatten() {
                    Some(r) => RegionRef::Static(r),
                    None => {
                        let id = self.field(v, 0);
                        RegionRef::Dynamic(id, space_of(&ty))
                    }
                };
                Ok((region, off))
            }
        }
    }

    /// A naga pointer for a place inside a local that stays a naga
    /// variable, or `None` when the pointer goes to memory.
    pub fn place(&mut self, e: ExprId) -> Result<Option<H>, Unsupported> {
        match self.func.exprs[e].kind.clone() {
            ExprKind::LocalPtr(l) if !self.info.memory_locals.contains(&l) => {
                let lv = self.ir_local(l)?;
                Ok(Some(self.local_ptr(lv)))
            }
            ExprKind::ElementPtr { ptr, index } => match self.place(ptr)? {
                Some(b) => {
                    let i = self.expr(index)?;
                    Ok(Some(self.index(b, i)))
                }
                None => Ok(None),
            },
            ExprKind::MemberPtr { ptr, index } => match self.place(ptr)? {
                Some(b) => Ok(Some(self.field(b, index))),
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }

    fn builtin(&mut self, b: BuiltinValue) -> Result<H, Unsupported> {
        let dim = |d: Dim| match d {
            Dim::X => 0u32,
            Dim::Y => 1,
            Dim::Z => 2,
        };
        let vec3 = |s: &mut Self, gv, d| {
            let p = s.global_ptr(gv);
            let v = s.load(p);
            s.field(v, dim(d))
        };
        Ok(match b {
            BuiltinValue::ThreadIdx(d) => {
                let gv = self.m.thread_idx;
                vec3(self, gv, d)
            }
            BuiltinValue::BlockIdx(d) => {
                let gv = self.m.block_idx;
                vec3(self, gv, d)
            }
            BuiltinValue::GridDim(d) => {
                let gv = self.m.grid_dim;
                vec3(self, gv, d)
            }
            BuiltinValue::BlockDim(d) => {
                self.push(Expression::Override(self.m.block_dim[dim(d) as usize]))
            }
            BuiltinValue::WarpSize => self.i32(32),
            BuiltinValue::LaneId => {
                let p = self.global_ptr(self.m.linear_tid);
                let t = self.load(p);
                self.and_u(t, 31)
            }
            BuiltinValue::DynamicSharedBytes => match self.m.dynamic_shared {
                Some(o) => self.push(Expression::Override(o)),
                None => self.u32(0),
            },
        })
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: ExprId,
        rhs: ExprId,
        ty: &Type,
    ) -> Result<H, Unsupported> {
        let lt = self.ty_of(lhs);
        if matches!(op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) && self.has_load(rhs) {
            let bool_ty = self.m.scalar(naga::Scalar::BOOL);
            let tmp = self.temp("lazy", bool_ty);
            let a = self.expr(lhs)?;
            let p = self.local_ptr(tmp);
            self.store(p, a);
            let body = self.block(|s| {
                let b = s.expr(rhs)?;
                let p = s.local_ptr(tmp);
                s.store(p, b);
                Ok(())
            })?;
            let (accept, reject) = if op == BinaryOp::LogicalAnd {
                (body, naga::Block::new())
            } else {
                (naga::Block::new(), body)
            };
            self.stmt(naga::Statement::If {
                condition: a,
                accept,
                reject,
            });
            let p = self.local_ptr(tmp);
            return Ok(self.load(p));
        }
        if lt.is_pointer() {
            let a = self.expr(lhs)?;
            let b = self.expr(rhs)?;
            return match op {
                BinaryOp::Eq | BinaryOp::Ne => {
                    let nop = if op == BinaryOp::Eq {
                        B::Equal
                    } else {
                        B::NotEqual
                    };
                    let c = self.bin(nop, a, b);
                    let fun = if op == BinaryOp::Eq {
                        RelationalFunction::All
                    } else {
                        RelationalFunction::Any
                    };
                    Ok(self.push(Expression::Relational { fun, argument: c }))
                }
                BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                    let x = self.field(a, 1);
                    let y = self.field(b, 1);
                    Ok(self.bin(cmp_op(op), x, y))
                }
                _ => Err(self.err("pointer arithmetic between two pointers")),
            };
        }
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            if !matches!(lt, Type::Scalar(_)) {
                return Err(self.err("shifts of vectors"));
            }
            let x = self.expr(lhs)?;
            let a = self.as_u32(rhs)?;
            let k31 = self.u32(31);
            let amt = self.math(naga::MathFunction::Min, &[a, k31]);
            let signed = lt.element_scalar().is_some_and(|s| s.is_signed_int());
            let nop = if op == BinaryOp::Shl {
                B::ShiftLeft
            } else {
                B::ShiftRight
            };
            let r = self.bin(nop, x, amt);
            let r = if op == BinaryOp::Shr && signed {
                r
            } else {
                let big = self.bin(B::Greater, a, k31);
                let z = self.zero_like(&lt)?;
                self.select(big, z, r)
            };
            return Ok(self.normalize(ty, r));
        }
        let a = self.expr(lhs)?;
        let b = self.expr(rhs)?;
        let nop = match op {
            BinaryOp::Add => B::Add,
            BinaryOp::Sub => B::Subtract,
            BinaryOp::Mul => B::Multiply,
            BinaryOp::Div => B::Divide,
            BinaryOp::Rem => B::Modulo,
            BinaryOp::BitAnd => B::And,
            BinaryOp::BitOr => B::InclusiveOr,
            BinaryOp::BitXor => B::ExclusiveOr,
            BinaryOp::LogicalAnd => B::LogicalAnd,
            BinaryOp::LogicalOr => B::LogicalOr,
            BinaryOp::Shl | BinaryOp::Shr => B::ShiftLeft,
            _ => cmp_op(op),
        };
        let r = self.bin(nop, a, b);
        Ok(if op.is_comparison() {
            r
        } else {
            self.normalize(ty, r)
        })
    }

    /// C's value conversion from `from` to `to` (scalars, vectors of the
    /// same length, or a scalar splatted to a vector).
    pub fn convert(&mut self, from: &Type, to: &Type, v: H) -> Result<H, Unsupported> {
        if from == to {
            return Ok(v);
        }
        match (from, to) {
            (Type::Scalar(_), Type::Vector(ts, n)) => {
                let s = self.convert(from, &Type::Scalar(*ts), v)?;
                let size = vector_size(*n).map_err(|m| self.err(m))?;
                Ok(self.push(Expression::Splat { size, value: s }))
            }
            (Type::Scalar(fs), Type::Scalar(ts)) => self.convert_scalar(*fs, *ts, v, to),
            (Type::Vector(fs, n), Type::Vector(ts, m))
                if n == m && *fs != Scalar::Bool && *ts != Scalar::Bool =>
            {
                self.convert_scalar(*fs, *ts, v, to)
            }
            (Type::Pointer { .. }, Type::Pointer { .. }) => Ok(v),
            _ => Err(self.err(format!(
                "converting {} to {}",
                self.m.ir.type_display(from),
                self.m.ir.type_display(to)
            ))),
        }
    }

    fn convert_scalar(
        &mut self,
        fs: Scalar,
        ts: Scalar,
        v: H,
        to: &Type,
    ) -> Result<H, Unsupported> {
        let fk = value_scalar(fs).map_err(|m| self.err(m))?.kind;
        let tk = value_scalar(ts).map_err(|m| self.err(m))?.kind;
        Ok(match (fk, tk) {
            (_, ScalarKind::Bool) => {
                let z = self.zero_of(fk);
                self.bin(B::NotEqual, v, z)
            }
            (ScalarKind::Bool, _) => {
                let one = self.one_of(tk);
                let z = self.zero_of(tk);
                let r = self.select(v, one, z);
                self.normalize(to, r)
            }
            (ScalarKind::Float, ScalarKind::Sint | ScalarKind::Uint) => {
                let v = if ts.size() < 4 {
                    let (lo, hi) = match ts {
                        Scalar::I8 => (-128.0, 127.0),
                        Scalar::U8 => (0.0, 255.0),
                        Scalar::I16 => (-32768.0, 32767.0),
                        _ => (0.0, 65535.0),
                    };
                    let lo = self.f32(lo);
                    let hi = self.f32(hi);
                    self.math(naga::MathFunction::Clamp, &[v, lo, hi])
                } else {
                    v
                };
                self.conv(v, tk)
            }
            (ScalarKind::Float, ScalarKind::Float) => self.normalize(to, v),
            (_, ScalarKind::Float) => {
                let r = self.conv(v, tk);
                self.normalize(to, r)
            }
            _ => {
                let r = if fk == tk { v } else { self.bits(v, tk) };
                self.normalize(to, r)
            }
        })
    }

    fn zero_of(&mut self, k: ScalarKind) -> H {
        match k {
            ScalarKind::Sint => self.i32(0),
            ScalarKind::Float => self.f32(0.0),
            ScalarKind::Bool => self.bool(false),
            _ => self.u32(0),
        }
    }

    fn one_of(&mut self, k: ScalarKind) -> H {
        match k {
            ScalarKind::Sint => self.i32(1),
            ScalarKind::Float => self.f32(1.0),
            ScalarKind::Bool => self.bool(true),
            _ => self.u32(1),
        }
    }
}

fn cmp_op(op: BinaryOp) -> B {
    match op {
        BinaryOp::Eq => B::Equal,
        BinaryOp::Ne => B::NotEqual,
        BinaryOp::Lt => B::Less,
        BinaryOp::Le => B::LessEqual,
        BinaryOp::Gt => B::Greater,
        _ => B::GreaterEqual,
    }
}
