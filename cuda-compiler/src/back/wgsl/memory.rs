//! Memory access: values of any IR type read from and written to word
//! arrays at byte offsets, in nvcc's layout. Narrow fields (8/16-bit,
//! `half`) are bit fields of their word; they are written with atomic
//! and/or where other threads may write the neighbouring bytes.

use naga::{AtomicFunction, BinaryOperator as B, Expression, MathFunction, ScalarKind, Statement};

use super::func::{FnCtx, RegionRef, H};
use super::Unsupported;
use crate::ir::{Scalar, Type};

/// The pseudo-region number of the uniform parameter block.
pub(super) const PARAMS_REGION: u32 = u32::MAX;

impl FnCtx<'_, '_> {
    /// A pointer to word `word` of region `r`.
    fn word_ptr(&mut self, r: u32, word: H) -> Result<H, Unsupported> {
        if r == PARAMS_REGION {
            let gv = self.global_ptr(self.m.params_var);
            let row = self.shr_u(word, 2);
            let row_ptr = self.index(gv, row);
            let col = self.and_u(word, 3);
            return Ok(self.index(row_ptr, col));
        }
        let var = self
            .m
            .region_vars
            .get(r as usize)
            .ok_or_else(|| self.err("a pointer into an unknown memory region"))?
            .var;
        let gv = self.global_ptr(var);
        Ok(self.index(gv, word))
    }

    /// Reads word `word` of region `r` (an atomic load for atomic words).
    pub fn load_word(&mut self, r: u32, word: H) -> Result<H, Unsupported> {
        let p = self.word_ptr(r, word)?;
        Ok(self.load(p))
    }

    /// Runs an atomic operation on word `word` of region `r`.
    pub fn atomic_word(
        &mut self,
        r: u32,
        word: H,
        fun: AtomicFunction,
        value: H,
        result: Option<H>,
    ) -> Result<(), Unsupported> {
        if !self.m.region_vars.get(r as usize).is_some_and(|v| v.atomic) {
            return Err(self.err("an atomic on memory that is not shared or global"));
        }
        let pointer = self.word_ptr(r, word)?;
        self.stmt(Statement::Atomic {
            pointer,
            fun,
            value,
            result,
        });
        Ok(())
    }

    /// Reads a value of type `ty` at byte offset `off` (u32) of a region.
    pub fn load_value(&mut self, ty: &Type, region: RegionRef, off: H) -> Result<H, Unsupported> {
        match region {
            RegionRef::Static(r) => self.decode(ty, r, off),
            RegionRef::Dynamic(..) => {
                let nty = self.m.value_type(ty).map_err(|e| self.err(e))?;
                let tmp = self.temp("loaded", nty);
                self.for_region(region, &mut |s, r| {
                    let v = s.decode(ty, r, off)?;
                    let p = s.local_ptr(tmp);
                    s.store(p, v);
                    Ok(())
                })?;
                let p = self.local_ptr(tmp);
                Ok(self.load(p))
            }
        }
    }

    /// Writes `value` of type `ty` at byte offset `off` of a region.
    pub fn store_value(
        &mut self,
        ty: &Type,
        region: RegionRef,
        off: H,
        value: H,
    ) -> Result<(), Unsupported> {
        self.for_region(region, &mut |s, r| s.encode(ty, r, off, value))
    }

    fn decode(&mut self, ty: &Type, r: u32, off: H) -> Result<H, Unsupported> {
        match ty {
            Type::Scalar(s) => {
                let word = self.shr_u(off, 2);
                let w = self.load_word(r, word)?;
                match s.size() {
                    4 => Ok(self.bits_to_value(*s, w)),
                    1 | 2 => {
                        let byte = self.and_u(off, 3);
                        let sh = self.shl_u(byte, 3);
                        let v = self.bin(B::ShiftRight, w, sh);
                        let v = self.and_u(v, mask(*s));
                        Ok(self.bits_to_value(*s, v))
                    }
                    _ => Err(self.err(format!(
                        "`{}` in memory: WGSL has no 64-bit types",
                        s.cuda_name()
                    ))),
                }
            }
            Type::Vector(s, n) => {
                let mut comps = Vec::new();
                for i in 0..u32::from(*n) {
                    let o = self.add_u(off, i * s.size());
                    comps.push(self.decode(&Type::Scalar(*s), r, o)?);
                }
                self.compose(ty, comps)
            }
            Type::Array(elem, n) => {
                if *n > 64 {
                    return Err(self.err("copying an array of more than 64 elements as one value"));
                }
                let size = self.m.ir.size_align(elem).0;
                let mut comps = Vec::new();
                for i in 0..*n as u32 {
                    let o = self.add_u(off, i * size);
                    comps.push(self.decode(elem, r, o)?);
                }
                self.compose(ty, comps)
            }
            Type::Struct(id) => {
                let def = self
                    .m
                    .ir
                    .structs
                    .get(id.0 as usize)
                    .cloned()
                    .ok_or_else(|| self.err("an unknown struct"))?;
                if def.is_union {
                    return Err(self.err(format!("reading union `{}` as one value", def.name)));
                }
                let mut comps = Vec::new();
                for f in &def.fields {
                    let o = self.add_u(off, f.offset);
                    comps.push(self.decode(&f.ty, r, o)?);
                }
                self.compose(ty, comps)
            }
            Type::Pointer { .. } => {
                let word = self.shr_u(off, 2);
                let a = self.load_word(r, word)?;
                let word1 = self.add_u(word, 1);
                let b = self.load_word(r, word1)?;
                self.compose(ty, vec![a, b])
            }
            Type::Void => Err(self.err("a `void` value in memory")),
        }
    }

    fn encode(&mut self, ty: &Type, r: u32, off: H, value: H) -> Result<(), Unsupported> {
        match ty {
            Type::Scalar(s) => {
                let word = self.shr_u(off, 2);
                let bits = self.value_to_bits(*s, value);
                match s.size() {
                    4 => {
                        let p = self.word_ptr(r, word)?;
                        self.store(p, bits);
                        Ok(())
                    }
                    1 | 2 => {
                        let byte = self.and_u(off, 3);
                        let sh = self.shl_u(byte, 3);
                        let m = self.u32(mask(*s));
                        let m = self.bin(B::ShiftLeft, m, sh);
                        let not_m = self.un(naga::UnaryOperator::BitwiseNot, m);
                        let b = self.and_u(bits, mask(*s));
                        let b = self.bin(B::ShiftLeft, b, sh);
                        if self.m.region_vars.get(r as usize).is_some_and(|v| v.atomic) {
                            self.atomic_word(r, word, AtomicFunction::And, not_m, None)?;
                            self.atomic_word(r, word, AtomicFunction::InclusiveOr, b, None)
                        } else {
                            let old = self.load_word(r, word)?;
                            let kept = self.bin(B::And, old, not_m);
                            let new = self.bin(B::InclusiveOr, kept, b);
                            let p = self.word_ptr(r, word)?;
                            self.store(p, new);
                            Ok(())
                        }
                    }
                    _ => Err(self.err(format!(
                        "`{}` in memory: WGSL has no 64-bit types",
                        s.cuda_name()
                    ))),
                }
            }
            Type::Vector(s, n) => {
                for i in 0..u32::from(*n) {
                    let o = self.add_u(off, i * s.size());
                    let c = self.field(value, i);
                    self.encode(&Type::Scalar(*s), r, o, c)?;
                }
                Ok(())
            }
            Type::Array(elem, n) => {
                if *n > 64 {
                    return Err(self.err("copying an array of more than 64 elements as one value"));
                }
                let size = self.m.ir.size_align(elem).0;
                for i in 0..*n as u32 {
                    let o = self.add_u(off, i * size);
                    let c = self.field(value, i);
                    self.encode(elem, r, o, c)?;
                }
                Ok(())
            }
            Type::Struct(id) => {
                let def = self
                    .m
                    .ir
                    .structs
                    .get(id.0 as usize)
                    .cloned()
                    .ok_or_else(|| self.err("an unknown struct"))?;
                if def.is_union {
                    return Err(self.err(format!("writing union `{}` as one value", def.name)));
                }
                for (i, f) in def.fields.iter().enumerate() {
                    let o = self.add_u(off, f.offset);
                    let c = self.field(value, i as u32);
                    self.encode(&f.ty, r, o, c)?;
                }
                Ok(())
            }
            Type::Pointer { .. } => {
                let word = self.shr_u(off, 2);
                for i in 0..2 {
                    let w = self.add_u(word, i);
                    let c = self.field(value, i);
                    let p = self.word_ptr(r, w)?;
                    self.store(p, c);
                }
                Ok(())
            }
            Type::Void => Err(self.err("a `void` value in memory")),
        }
    }

    /// Builds an aggregate value of IR type `ty`.
    pub fn compose(&mut self, ty: &Type, mut components: Vec<H>) -> Result<H, Unsupported> {
        if components.is_empty() {
            // An empty class's one unused word.
            components.push(self.u32(0));
        }
        let nty = self.m.value_type(ty).map_err(|e| self.err(e))?;
        Ok(self.push(Expression::Compose {
            ty: nty,
            components,
        }))
    }

    /// The value of a scalar from its bits (the low bits of a `u32`, already
    /// masked for narrow types).
    pub fn bits_to_value(&mut self, s: Scalar, v: H) -> H {
        match s {
            Scalar::I32 => self.bits(v, ScalarKind::Sint),
            Scalar::F32 => self.bits(v, ScalarKind::Float),
            Scalar::I8 | Scalar::I16 => {
                let k = 32 - s.size() * 8;
                let up = self.shl_u(v, k);
                let i = self.bits(up, ScalarKind::Sint);
                let k = self.u32(k);
                self.bin(B::ShiftRight, i, k)
            }
            Scalar::Bool => {
                let z = self.u32(0);
                self.bin(B::NotEqual, v, z)
            }
            Scalar::F16 => {
                let pair = self.math(MathFunction::Unpack2x16float, &[v]);
                self.field(pair, 0)
            }
            Scalar::BF16 => {
                let up = self.shl_u(v, 16);
                self.bits(up, ScalarKind::Float)
            }
            _ => v,
        }
    }

    /// The bits of a scalar value, as a `u32` (narrow types in the low bits).
    pub fn value_to_bits(&mut self, s: Scalar, v: H) -> H {
        match s {
            Scalar::I32 | Scalar::F32 | Scalar::I8 | Scalar::I16 => self.bits(v, ScalarKind::Uint),
            Scalar::Bool => {
                let one = self.u32(1);
                let zero = self.u32(0);
                self.select(v, one, zero)
            }
            Scalar::F16 => {
                let zero = self.f32(0.0);
                let ty = Type::Vector(Scalar::F32, 2);
                let pair = self.compose(&ty, vec![v, zero]).unwrap_or(v);
                let packed = self.math(MathFunction::Pack2x16float, &[pair]);
                self.and_u(packed, 0xffff)
            }
            Scalar::BF16 => {
                // Round to nearest even, as `__float2bfloat16` does.
                let b = self.bits(v, ScalarKind::Uint);
                let lsb = self.shr_u(b, 16);
                let lsb = self.and_u(lsb, 1);
                let r = self.add_u(b, 0x7fff);
                let r = self.bin(B::Add, r, lsb);
                self.shr_u(r, 16)
            }
            _ => v,
        }
    }
}

/// The bit mask of a narrow scalar's bits.
fn mask(s: Scalar) -> u32 {
    match s.size() {
        1 => 0xff,
        2 => 0xffff,
        _ => u32::MAX,
    }
}
