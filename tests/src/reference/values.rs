//! Typed element vectors for plan buffers, read from and compared with the
//! raw little-endian `NAME.bin` files that `cudawasm run` writes.

use half::f16;

/// The element types a plan buffer may have (RUN-PLAN.md `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemType {
    /// IEEE binary16.
    F16,
    /// IEEE binary32.
    F32,
    /// IEEE binary64.
    F64,
    /// Signed 8-bit.
    I8,
    /// Unsigned 8-bit (also `bool` data).
    U8,
    /// Signed 16-bit.
    I16,
    /// Unsigned 16-bit.
    U16,
    /// Signed 32-bit.
    I32,
    /// Unsigned 32-bit.
    U32,
    /// Signed 64-bit.
    I64,
    /// Unsigned 64-bit.
    U64,
}

impl ElemType {
    /// Parses a plan `type` name such as `f32`.
    pub fn parse(name: &str) -> Option<ElemType> {
        Some(match name {
            "f16" => ElemType::F16,
            "f32" => ElemType::F32,
            "f64" => ElemType::F64,
            "i8" => ElemType::I8,
            "u8" => ElemType::U8,
            "i16" => ElemType::I16,
            "u16" => ElemType::U16,
            "i32" => ElemType::I32,
            "u32" => ElemType::U32,
            "i64" => ElemType::I64,
            "u64" => ElemType::U64,
            _ => return None,
        })
    }

    /// The plan name of the type, as `summary.json` spells it.
    pub fn name(self) -> &'static str {
        match self {
            ElemType::F16 => "f16",
            ElemType::F32 => "f32",
            ElemType::F64 => "f64",
            ElemType::I8 => "i8",
            ElemType::U8 => "u8",
            ElemType::I16 => "i16",
            ElemType::U16 => "u16",
            ElemType::I32 => "i32",
            ElemType::U32 => "u32",
            ElemType::I64 => "i64",
            ElemType::U64 => "u64",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ElemType::I8 | ElemType::U8 => 1,
            ElemType::F16 | ElemType::I16 | ElemType::U16 => 2,
            ElemType::F32 | ElemType::I32 | ElemType::U32 => 4,
            ElemType::F64 | ElemType::I64 | ElemType::U64 => 8,
        }
    }
}

/// A buffer's contents, one vector per element type.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// `f16` elements.
    F16(Vec<f16>),
    /// `f32` elements.
    F32(Vec<f32>),
    /// `f64` elements.
    F64(Vec<f64>),
    /// `i8` elements.
    I8(Vec<i8>),
    /// `u8` elements.
    U8(Vec<u8>),
    /// `i16` elements.
    I16(Vec<i16>),
    /// `u16` elements.
    U16(Vec<u16>),
    /// `i32` elements.
    I32(Vec<i32>),
    /// `u32` elements.
    U32(Vec<u32>),
    /// `i64` elements.
    I64(Vec<i64>),
    /// `u64` elements.
    U64(Vec<u64>),
}

macro_rules! from_le {
    ($bytes:expr, $t:ty, $n:expr) => {
        $bytes
            .chunks_exact($n)
            .map(|c| {
                let mut a = [0u8; $n];
                a.copy_from_slice(c);
                <$t>::from_le_bytes(a)
            })
            .collect()
    };
}

impl Values {
    /// Decodes raw little-endian bytes; the length must be a whole number of
    /// elements.
    pub fn from_le_bytes(ty: ElemType, bytes: &[u8]) -> Result<Values, String> {
        if bytes.len() % ty.size() != 0 {
            return Err(format!(
                "{} bytes is not a whole number of `{}` elements",
                bytes.len(),
                ty.name()
            ));
        }
        Ok(match ty {
            ElemType::F16 => Values::F16(from_le!(bytes, f16, 2)),
            ElemType::F32 => Values::F32(from_le!(bytes, f32, 4)),
            ElemType::F64 => Values::F64(from_le!(bytes, f64, 8)),
            ElemType::I8 => Values::I8(from_le!(bytes, i8, 1)),
            ElemType::U8 => Values::U8(bytes.to_vec()),
            ElemType::I16 => Values::I16(from_le!(bytes, i16, 2)),
            ElemType::U16 => Values::U16(from_le!(bytes, u16, 2)),
            ElemType::I32 => Values::I32(from_le!(bytes, i32, 4)),
            ElemType::U32 => Values::U32(from_le!(bytes, u32, 4)),
            ElemType::I64 => Values::I64(from_le!(bytes, i64, 8)),
            ElemType::U64 => Values::U64(from_le!(bytes, u64, 8)),
        })
    }

    /// The element type.
    pub fn elem_type(&self) -> ElemType {
        match self {
            Values::F16(_) => ElemType::F16,
            Values::F32(_) => ElemType::F32,
            Values::F64(_) => ElemType::F64,
            Values::I8(_) => ElemType::I8,
            Values::U8(_) => ElemType::U8,
            Values::I16(_) => ElemType::I16,
            Values::U16(_) => ElemType::U16,
            Values::I32(_) => ElemType::I32,
            Values::U32(_) => ElemType::U32,
            Values::I64(_) => ElemType::I64,
            Values::U64(_) => ElemType::U64,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Values::F16(v) => v.len(),
            Values::F32(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::I8(v) => v.len(),
            Values::U8(v) => v.len(),
            Values::I16(v) => v.len(),
            Values::U16(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::U32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::U64(v) => v.len(),
        }
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i` as f64 (exact for every type but 64-bit integers above
    /// 2^53), for error reports and tolerance checks.
    pub fn get_f64(&self, i: usize) -> Option<f64> {
        Some(match self {
            Values::F16(v) => v.get(i)?.to_f64(),
            Values::F32(v) => f64::from(*v.get(i)?),
            Values::F64(v) => *v.get(i)?,
            Values::I8(v) => f64::from(*v.get(i)?),
            Values::U8(v) => f64::from(*v.get(i)?),
            Values::I16(v) => f64::from(*v.get(i)?),
            Values::U16(v) => f64::from(*v.get(i)?),
            Values::I32(v) => f64::from(*v.get(i)?),
            Values::U32(v) => f64::from(*v.get(i)?),
            Values::I64(v) => *v.get(i)? as f64,
            Values::U64(v) => *v.get(i)? as f64,
        })
    }

    /// Element `i` as its raw bits, zero-extended (bit-exact comparison).
    pub fn get_bits(&self, i: usize) -> Option<u64> {
        Some(match self {
            Values::F16(v) => u64::from(v.get(i)?.to_bits()),
            Values::F32(v) => u64::from(v.get(i)?.to_bits()),
            Values::F64(v) => v.get(i)?.to_bits(),
            Values::I8(v) => u64::from(*v.get(i)? as u8),
            Values::U8(v) => u64::from(*v.get(i)?),
            Values::I16(v) => u64::from(*v.get(i)? as u16),
            Values::U16(v) => u64::from(*v.get(i)?),
            Values::I32(v) => u64::from(*v.get(i)? as u32),
            Values::U32(v) => u64::from(*v.get(i)?),
            Values::I64(v) => *v.get(i)? as u64,
            Values::U64(v) => *v.get(i)?,
        })
    }

    /// Element `i` as an integer that orders like the value, for sorting
    /// integer buffers whose order is not defined (i128 holds every type).
    pub fn get_ordered(&self, i: usize) -> Option<i128> {
        Some(match self {
            Values::I8(v) => i128::from(*v.get(i)?),
            Values::U8(v) => i128::from(*v.get(i)?),
            Values::I16(v) => i128::from(*v.get(i)?),
            Values::U16(v) => i128::from(*v.get(i)?),
            Values::I32(v) => i128::from(*v.get(i)?),
            Values::U32(v) => i128::from(*v.get(i)?),
            Values::I64(v) => i128::from(*v.get(i)?),
            Values::U64(v) => i128::from(*v.get(i)?),
            // Floats: total order of the bit patterns of finite values.
            _ => {
                let x = self.get_f64(i)?;
                let b = x.to_bits() as i64;
                i128::from(if b < 0 { i64::MIN - b } else { b })
            }
        })
    }

    /// Whether the element type is a floating type.
    pub fn is_float(&self) -> bool {
        matches!(self, Values::F16(_) | Values::F32(_) | Values::F64(_))
    }
}

/// Rust element types that a `Values` variant holds, for typed access.
pub trait Elem: Sized + Copy {
    /// The vector inside `v` when it holds this type.
    fn slice(v: &Values) -> Option<&[Self]>;
    /// Wraps a vector of this type.
    fn wrap(v: Vec<Self>) -> Values;
}

macro_rules! elem {
    ($t:ty, $var:ident) => {
        impl Elem for $t {
            fn slice(v: &Values) -> Option<&[Self]> {
                match v {
                    Values::$var(x) => Some(x),
                    _ => None,
                }
            }
            fn wrap(v: Vec<Self>) -> Values {
                Values::$var(v)
            }
        }
    };
}
elem!(f16, F16);
elem!(f32, F32);
elem!(f64, F64);
elem!(i8, I8);
elem!(u8, U8);
elem!(i16, I16);
elem!(u16, U16);
elem!(i32, I32);
elem!(u32, U32);
elem!(i64, I64);
elem!(u64, U64);
