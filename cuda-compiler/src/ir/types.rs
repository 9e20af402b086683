//! IR types: what every back end must be able to represent.

use std::fmt;

/// Scalar element types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// `bool` (one byte in memory, like nvcc)
    Bool,
    /// `signed char` / `char` (char is signed on nvcc's hosts)
    I8,
    /// `unsigned char`
    U8,
    /// `short`
    I16,
    /// `unsigned short`
    U16,
    /// `int`
    I32,
    /// `unsigned int`
    U32,
    /// `long`, `long long`
    I64,
    /// `unsigned long`, `unsigned long long`, `size_t`
    U64,
    /// `half` / `__half`
    F16,
    /// `__nv_bfloat16`
    BF16,
    /// `float`
    F32,
    /// `double`
    F64,
}

impl Scalar {
    /// Size in bytes.
    pub fn size(self) -> u32 {
        match self {
            Scalar::Bool | Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 | Scalar::F16 | Scalar::BF16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 => 8,
        }
    }

    /// Is it an integer type (bool excluded)?
    pub fn is_int(self) -> bool {
        matches!(
            self,
            Scalar::I8
                | Scalar::U8
                | Scalar::I16
                | Scalar::U16
                | Scalar::I32
                | Scalar::U32
                | Scalar::I64
                | Scalar::U64
        )
    }

    /// Is it a signed integer type?
    pub fn is_signed_int(self) -> bool {
        matches!(self, Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64)
    }

    /// Is it a floating type?
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F16 | Scalar::BF16 | Scalar::F32 | Scalar::F64)
    }

    /// The CUDA spelling.
    pub fn cuda_name(self) -> &'static str {
        match self {
            Scalar::Bool => "bool",
            Scalar::I8 => "signed char",
            Scalar::U8 => "unsigned char",
            Scalar::I16 => "short",
            Scalar::U16 => "unsigned short",
            Scalar::I32 => "int",
            Scalar::U32 => "unsigned int",
            Scalar::I64 => "long long",
            Scalar::U64 => "unsigned long long",
            Scalar::F16 => "half",
            Scalar::BF16 => "__nv_bfloat16",
            Scalar::F32 => "float",
            Scalar::F64 => "double",
        }
    }

    /// The short name used in IR dumps and run plans (`f32`, `u8`, …).
    pub fn short_name(self) -> &'static str {
        match self {
            Scalar::Bool => "bool",
            Scalar::I8 => "i8",
            Scalar::U8 => "u8",
            Scalar::I16 => "i16",
            Scalar::U16 => "u16",
            Scalar::I32 => "i32",
            Scalar::U32 => "u32",
            Scalar::I64 => "i64",
            Scalar::U64 => "u64",
            Scalar::F16 => "f16",
            Scalar::BF16 => "bf16",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
        }
    }
}

/// Where a pointer points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddrSpace {
    /// Device (global) memory: kernel buffers, `__device__` variables.
    Global,
    /// Block-shared memory (`__shared__`, `extern __shared__`).
    Shared,
    /// Constant memory (`__constant__`).
    Constant,
    /// Thread-private memory (locals whose address is taken, local arrays).
    Local,
    /// A pointer sema could not attribute to one space (e.g. selected
    /// between a shared and a global pointer at run time).
    Generic,
}

impl AddrSpace {
    /// The name used in IR dumps.
    pub fn name(self) -> &'static str {
        match self {
            AddrSpace::Global => "global",
            AddrSpace::Shared => "shared",
            AddrSpace::Constant => "constant",
            AddrSpace::Local => "local",
            AddrSpace::Generic => "generic",
        }
    }
}

/// Index of a struct in [`crate::ir::Module::structs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructId(pub u32);

/// An IR type. Small and cheap to clone; structs are referenced by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// No value (function results only).
    Void,
    /// A scalar.
    Scalar(Scalar),
    /// A CUDA vector type: `float4` is `Vector(F32, 4)`, `half2` is
    /// `Vector(F16, 2)`. Its alignment is CUDA's (size rounded up to a power
    /// of two, e.g. `float4` 16, `float3` 4, `double2` 16).
    Vector(Scalar, u8),
    /// A pointer.
    Pointer {
        /// The pointee.
        pointee: Box<Type>,
        /// Where it points.
        space: AddrSpace,
        /// Declared `const` pointee (read-only access).
        read_only: bool,
        /// Declared `__restrict__`.
        restrict: bool,
    },
    /// A fixed-length array (`__shared__ float t[32][33]` is an array of
    /// arrays).
    Array(Box<Type>, u64),
    /// A struct or union.
    Struct(StructId),
}

impl Type {
    /// Shorthand for a scalar type.
    pub const fn scalar(s: Scalar) -> Self {
        Type::Scalar(s)
    }

    /// A pointer with default flags.
    pub fn ptr(pointee: Type, space: AddrSpace) -> Self {
        Type::Pointer {
            pointee: Box::new(pointee),
            space,
            read_only: false,
            restrict: false,
        }
    }

    /// The scalar of a scalar or vector type.
    pub fn element_scalar(&self) -> Option<Scalar> {
        match self {
            Type::Scalar(s) | Type::Vector(s, _) => Some(*s),
            _ => None,
        }
    }

    /// The pointee of a pointer type.
    pub fn pointee(&self) -> Option<&Type> {
        match self {
            Type::Pointer { pointee, .. } => Some(pointee),
            _ => None,
        }
    }

    /// Is it a pointer?
    pub fn is_pointer(&self) -> bool {
        matches!(self, Type::Pointer { .. })
    }
}

/// A display adapter for types that need the module (struct names).
pub struct TypeDisplay<'a> {
    pub(crate) ty: &'a Type,
    pub(crate) structs: &'a [crate::ir::StructDef],
}

impl fmt::Display for TypeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            Type::Void => write!(f, "void"),
            Type::Scalar(s) => write!(f, "{}", s.short_name()),
            Type::Vector(s, n) => write!(f, "{}x{n}", s.short_name()),
            Type::Pointer {
                pointee,
                space,
                read_only,
                restrict,
            } => {
                write!(f, "ptr<{}, ", space.name())?;
                if *read_only {
                    write!(f, "const ")?;
                }
                write!(
                    f,
                    "{}",
                    TypeDisplay {
                        ty: pointee,
                        structs: self.structs
                    }
                )?;
                if *restrict {
                    write!(f, ", restrict")?;
                }
                write!(f, ">")
            }
            Type::Array(elem, n) => write!(
                f,
                "[{}; {n}]",
                TypeDisplay {
                    ty: elem,
                    structs: self.structs
                }
            ),
            Type::Struct(id) => match self.structs.get(id.0 as usize) {
                Some(s) => write!(f, "struct {}", s.name),
                None => write!(f, "struct #{}", id.0),
            },
        }
    }
}
