//! Numbers of a plan converted to kernel scalar types, with range checks.

use super::plan::describe;
use cuda_rt::{ScalarArg, ScalarType};
use toml::Value;

/// Why a value cannot become a scalar of some type.
#[derive(Debug, Clone, PartialEq)]
pub enum Misfit {
    /// Not a number at all (a string, table, …): its description.
    NotANumber(String),
    /// A fractional number where an integer is needed.
    NotAnInteger(String),
    /// A number outside the type's range.
    DoesNotFit(String),
    /// A type the CPU ABI has no scalar for (`__nv_bfloat16`).
    Unsupported,
}

impl Misfit {
    /// The message for a value going into `target` (`parameter `n` of type
    /// `int``, `buffer `x` of type `u8``).
    pub fn message(&self, target: &str) -> String {
        match self {
            Misfit::NotANumber(found) => format!("{target} takes a number, found {found}"),
            Misfit::NotAnInteger(found) => {
                format!("{target} takes an integer, found {found}")
            }
            Misfit::DoesNotFit(value) => format!("value {value} does not fit {target}"),
            Misfit::Unsupported => format!("unsupported: {target} (no scalar of that type)"),
        }
    }
}

/// The inclusive range of an integer type.
pub fn int_range(ty: ScalarType) -> Option<(i128, i128)> {
    Some(match ty {
        ScalarType::I8 => (i8::MIN.into(), i8::MAX.into()),
        ScalarType::U8 => (0, u8::MAX.into()),
        ScalarType::I16 => (i16::MIN.into(), i16::MAX.into()),
        ScalarType::U16 => (0, u16::MAX.into()),
        ScalarType::I32 => (i32::MIN.into(), i32::MAX.into()),
        ScalarType::U32 => (0, u32::MAX.into()),
        ScalarType::I64 => (i64::MIN.into(), i64::MAX.into()),
        ScalarType::U64 => (0, u64::MAX.into()),
        _ => return None,
    })
}

/// An integer of an integer type, known to be in range.
pub fn int_scalar(ty: ScalarType, v: i128) -> Result<ScalarArg, Misfit> {
    let misfit = || Misfit::DoesNotFit(v.to_string());
    Ok(match ty {
        ScalarType::I8 => ScalarArg::I8(i8::try_from(v).map_err(|_| misfit())?),
        ScalarType::U8 => ScalarArg::U8(u8::try_from(v).map_err(|_| misfit())?),
        ScalarType::I16 => ScalarArg::I16(i16::try_from(v).map_err(|_| misfit())?),
        ScalarType::U16 => ScalarArg::U16(u16::try_from(v).map_err(|_| misfit())?),
        ScalarType::I32 => ScalarArg::I32(i32::try_from(v).map_err(|_| misfit())?),
        ScalarType::U32 => ScalarArg::U32(u32::try_from(v).map_err(|_| misfit())?),
        ScalarType::I64 => ScalarArg::I64(i64::try_from(v).map_err(|_| misfit())?),
        ScalarType::U64 => ScalarArg::U64(u64::try_from(v).map_err(|_| misfit())?),
        ScalarType::Bool => match v {
            0 => ScalarArg::Bool(false),
            1 => ScalarArg::Bool(true),
            _ => return Err(misfit()),
        },
        ScalarType::F16 | ScalarType::F32 | ScalarType::F64 => float_scalar(ty, v as f64)?,
        ScalarType::BF16 => return Err(Misfit::Unsupported),
    })
}

/// A float rounded to a floating type; a finite value past the type's
/// range does not fit (infinities and NaN written as such pass).
pub fn float_scalar(ty: ScalarType, v: f64) -> Result<ScalarArg, Misfit> {
    let misfit = || Misfit::DoesNotFit(format!("{v:?}"));
    Ok(match ty {
        ScalarType::F64 => ScalarArg::F64(v),
        ScalarType::F32 => {
            let r = v as f32;
            if v.is_finite() && !r.is_finite() {
                return Err(misfit());
            }
            ScalarArg::F32(r)
        }
        ScalarType::F16 => {
            let r = half::f16::from_f64(v);
            if v.is_finite() && !r.is_finite() {
                return Err(misfit());
            }
            ScalarArg::F16(r.to_bits())
        }
        ScalarType::BF16 => return Err(Misfit::Unsupported),
        _ => return Err(Misfit::NotAnInteger(format!("{v:?}"))),
    })
}

/// A plan value converted to `ty`.
pub fn to_scalar(v: &Value, ty: ScalarType) -> Result<ScalarArg, Misfit> {
    match v {
        Value::Integer(i) => int_scalar(ty, i128::from(*i)),
        Value::Float(f) => float_scalar(ty, *f),
        Value::Boolean(b) if ty == ScalarType::Bool => Ok(ScalarArg::Bool(*b)),
        other => Err(Misfit::NotANumber(describe(other))),
    }
}

/// Appends a scalar's bytes, little-endian.
pub fn push_scalar(out: &mut Vec<u8>, s: ScalarArg) {
    match s {
        ScalarArg::Bool(b) => out.push(u8::from(b)),
        ScalarArg::I8(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::U8(v) => out.push(v),
        ScalarArg::I16(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::U16(v) | ScalarArg::F16(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::I32(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::U32(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::I64(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::U64(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::F32(v) => out.extend_from_slice(&v.to_le_bytes()),
        ScalarArg::F64(v) => out.extend_from_slice(&v.to_le_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(
            to_scalar(&Value::Integer(300), ScalarType::U8),
            Err(Misfit::DoesNotFit("300".into()))
        );
        assert_eq!(
            to_scalar(&Value::Integer(-1), ScalarType::U32),
            Err(Misfit::DoesNotFit("-1".into()))
        );
        assert_eq!(
            to_scalar(&Value::Integer(255), ScalarType::U8),
            Ok(ScalarArg::U8(255))
        );
        assert_eq!(
            to_scalar(&Value::Float(2.5), ScalarType::I32),
            Err(Misfit::NotAnInteger("2.5".into()))
        );
    }

    #[test]
    fn floats_round_and_overflow() {
        assert_eq!(
            to_scalar(&Value::Integer(3), ScalarType::F32),
            Ok(ScalarArg::F32(3.0))
        );
        assert_eq!(
            to_scalar(&Value::Float(1e300), ScalarType::F32),
            Err(Misfit::DoesNotFit("1e300".into()))
        );
        assert_eq!(
            to_scalar(&Value::Float(70000.0), ScalarType::F16),
            Err(Misfit::DoesNotFit("70000.0".into()))
        );
        assert_eq!(
            to_scalar(&Value::Float(1.5), ScalarType::F16),
            Ok(ScalarArg::F16(0x3e00))
        );
        assert!(to_scalar(&Value::Float(f64::INFINITY), ScalarType::F32).is_ok());
    }
}
