//! `__constant__` initialisers written as the bytes nvcc would place in
//! constant memory, so the shader reads them through the same byte
//! addressing as any other region.

use super::Unsupported;
use crate::ir::{ConstValue, Literal, Module, Scalar, Type};

/// Writes `value` of type `ty` at `at` in `bytes` (little-endian).
pub(super) fn write_const(
    module: &Module,
    ty: &Type,
    value: &ConstValue,
    bytes: &mut [u8],
    at: usize,
) -> Result<(), Unsupported> {
    match (ty, value) {
        (_, ConstValue::Zero) => Ok(()),
        (Type::Scalar(s), ConstValue::Scalar(lit)) => write_scalar(*s, lit, bytes, at),
        (Type::Vector(s, _), ConstValue::Aggregate(items)) => {
            for (i, item) in items.iter().enumerate() {
                let at = at + i * s.size() as usize;
                write_const(module, &Type::Scalar(*s), item, bytes, at)?;
            }
            Ok(())
        }
        (Type::Array(elem, _), ConstValue::Aggregate(items)) => {
            let size = module.size_align(elem).0 as usize;
            for (i, item) in items.iter().enumerate() {
                write_const(module, elem, item, bytes, at + i * size)?;
            }
            Ok(())
        }
        (Type::Struct(id), ConstValue::Aggregate(items)) => {
            let def = module
                .structs
                .get(id.0 as usize)
                .ok_or_else(|| Unsupported::new("a constant of an unknown struct"))?;
            for (field, item) in def.fields.iter().zip(items) {
                write_const(module, &field.ty, item, bytes, at + field.offset as usize)?;
            }
            Ok(())
        }
        _ => Err(Unsupported::new(format!(
            "a `__constant__` initialiser of type {}",
            module.type_display(ty)
        ))),
    }
}

fn write_scalar(s: Scalar, lit: &Literal, bytes: &mut [u8], at: usize) -> Result<(), Unsupported> {
    let raw: u64 = match (s, lit) {
        (_, Literal::Bool(b)) => u64::from(*b),
        (Scalar::F32, Literal::Float(v, _)) => u64::from((*v as f32).to_bits()),
        (Scalar::F64, Literal::Float(v, _)) => v.to_bits(),
        (Scalar::F16 | Scalar::BF16, Literal::Float(..)) => {
            return Err(Unsupported::new("a `half` `__constant__` initialiser"))
        }
        (_, Literal::Int(v, _)) => *v as u64,
        (_, Literal::Float(v, _)) => *v as i64 as u64,
    };
    let n = s.size() as usize;
    let le = raw.to_le_bytes();
    let end = at + n;
    if end > bytes.len() {
        return Err(Unsupported::new(
            "a `__constant__` initialiser larger than its variable",
        ));
    }
    bytes[at..end].copy_from_slice(&le[..n]);
    Ok(())
}
