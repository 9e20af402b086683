//! Value layout of the CPU form: scalar leaves of types, literals as
//! register bits, and constant initialisers as bytes.

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

use super::super::code::{kind_of, K};
use super::super::ops::canon;
use crate::diag::Diagnostic;
use crate::ir::{ConstValue, Literal, Module, Scalar, Type};
use cuda_cpu::num::{f32_to_bf16, f32_to_f16};

pub(crate) use cuda_cpu::exec::Leaf;

/// The most scalar leaves one value may have (a by-value array or struct).
const MAX_LEAVES: usize = 4096;

/// The scalar leaves of a type, in memory order of declaration.
pub(crate) fn leaves(m: &Module, ty: &Type) -> Result<Vec<Leaf>, Diagnostic> {
    let mut out = Vec::new();
    push_leaves(m, ty, 0, &mut out)?;
    Ok(out)
}

fn push_leaves(m: &Module, ty: &Type, base: u32, out: &mut Vec<Leaf>) -> Result<(), Diagnostic> {
    if out.len() > MAX_LEAVES {
        return Err(Diagnostic::unsupported(
            "values with more than 4096 scalars on the CPU back end",
        ));
    }
    match ty {
        Type::Void => {}
        Type::Scalar(s) => out.push(Leaf {
            off: base,
            k: kind_of(*s),
        }),
        Type::Vector(s, n) => {
            for i in 0..u32::from(*n) {
                out.push(Leaf {
                    off: base + i * s.size(),
                    k: kind_of(*s),
                });
            }
        }
        Type::Pointer { .. } => out.push(Leaf {
            off: base,
            k: K::U64,
        }),
        Type::Array(elem, n) => {
            let (size, _) = m.size_align(elem);
            for i in 0..*n {
                if out.len() > MAX_LEAVES {
                    break;
                }
                push_leaves(m, elem, base + (i as u32).saturating_mul(size), out)?;
            }
        }
        Type::Struct(id) => {
            let Some(def) = m.structs.get(id.0 as usize) else {
                return Err(Diagnostic::error("unknown struct in the IR"));
            };
            if def.is_union {
                // A union is copied as raw 32-bit words (bytes at the tail).
                let mut off = 0;
                while off + 4 <= def.size {
                    out.push(Leaf {
                        off: base + off,
                        k: K::U32,
                    });
                    off += 4;
                }
                while off < def.size {
                    out.push(Leaf {
                        off: base + off,
                        k: K::U8,
                    });
                    off += 1;
                }
                return Ok(());
            }
            for f in &def.fields {
                push_leaves(m, &f.ty, base + f.offset, out)?;
            }
        }
    }
    Ok(())
}

/// The number of leaves before component `index` of an aggregate and the
/// component's leaf count.
pub(crate) fn component_leaves(
    m: &Module,
    ty: &Type,
    index: u32,
) -> Result<(usize, usize), Diagnostic> {
    match ty {
        Type::Vector(..) => Ok((index as usize, 1)),
        Type::Array(elem, _) => {
            let n = leaves(m, elem)?.len();
            Ok((n * index as usize, n))
        }
        Type::Struct(id) => {
            let def = m
                .structs
                .get(id.0 as usize)
                .ok_or_else(|| Diagnostic::error("unknown struct in the IR"))?;
            if def.is_union {
                return Err(Diagnostic::unsupported(
                    "union values as expressions on the CPU back end",
                ));
            }
            let mut before = 0;
            for (i, f) in def.fields.iter().enumerate() {
                let n = leaves(m, &f.ty)?.len();
                if i == index as usize {
                    return Ok((before, n));
                }
                before += n;
            }
            Err(Diagnostic::error("field index out of range"))
        }
        _ => Err(Diagnostic::error("component of a non-aggregate value")),
    }
}

/// The byte offset of field or component `index` of `ty`.
pub(crate) fn member_offset(m: &Module, ty: &Type, index: u32) -> Result<u32, Diagnostic> {
    match ty {
        Type::Vector(s, _) => Ok(index * s.size()),
        Type::Struct(id) => m
            .structs
            .get(id.0 as usize)
            .and_then(|d| d.fields.get(index as usize))
            .map(|f| f.offset)
            .ok_or_else(|| Diagnostic::error("field index out of range")),
        Type::Array(elem, _) => Ok(index.saturating_mul(m.size_align(elem).0)),
        _ => Err(Diagnostic::error("member of a non-aggregate")),
    }
}

/// A literal's register bits.
pub(crate) fn literal_bits(lit: &Literal) -> u64 {
    match lit {
        Literal::Bool(b) => u64::from(*b),
        Literal::Int(v, s) => canon(kind_of(*s), *v as u64),
        Literal::Float(v, s) => float_bits(*v, *s),
    }
}

/// A float value's register bits in the given scalar type (integers
/// convert).
pub(crate) fn float_bits(v: f64, s: Scalar) -> u64 {
    match s {
        Scalar::F64 => v.to_bits(),
        Scalar::F32 => u64::from((v as f32).to_bits()),
        Scalar::F16 => u64::from(f32_to_f16(v as f32)),
        Scalar::BF16 => u64::from(f32_to_bf16(v as f32)),
        Scalar::Bool => u64::from(v != 0.0),
        s if s.is_signed_int() => canon(kind_of(s), v as i64 as u64),
        s => canon(kind_of(s), v as u64),
    }
}

/// Writes a constant initialiser of type `ty` at `off` of `buf`.
pub(crate) fn write_const(m: &Module, ty: &Type, cv: &ConstValue, buf: &mut [u8], off: usize) {
    match cv {
        ConstValue::Zero => {}
        ConstValue::Scalar(lit) => {
            let s = match ty {
                Type::Scalar(s) | Type::Vector(s, _) => *s,
                Type::Pointer { .. } => Scalar::U64,
                _ => return,
            };
            let bits = match lit {
                Literal::Bool(b) => u64::from(*b),
                Literal::Int(v, _) if s.is_float() => float_bits(*v as f64, s),
                Literal::Int(v, _) => *v as u64,
                Literal::Float(v, _) => float_bits(*v, s),
            };
            let size = s.size() as usize;
            for (i, b) in bits.to_le_bytes().iter().take(size).enumerate() {
                if let Some(slot) = buf.get_mut(off + i) {
                    *slot = *b;
                }
            }
        }
        ConstValue::Aggregate(items) => match ty {
            Type::Array(elem, _) => {
                let size = m.size_align(elem).0 as usize;
                for (i, item) in items.iter().enumerate() {
                    write_const(m, elem, item, buf, off + i * size);
                }
            }
            Type::Vector(s, _) => {
                for (i, item) in items.iter().enumerate() {
                    write_const(m, &Type::Scalar(*s), item, buf, off + i * s.size() as usize);
                }
            }
            Type::Struct(id) => {
                if let Some(def) = m.structs.get(id.0 as usize) {
                    for (f, item) in def.fields.iter().zip(items) {
                        write_const(m, &f.ty, item, buf, off + f.offset as usize);
                    }
                }
            }
            _ => {
                if let Some(first) = items.first() {
                    write_const(m, ty, first, buf, off);
                }
            }
        },
    }
}
