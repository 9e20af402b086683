//! PTX virtual registers and how IR values live in them.
//!
//! Every IR value is a list of registers, one per scalar *leaf* of its type
//! (a `float4` is four `%f`, a struct its fields flattened in order, a
//! pointer one `%rd`). ptxas does the real register allocation, so the
//! emitter allocates a fresh register for every value it computes.
//!
//! Classes: `bool` is a predicate; 8/16/32-bit integers live in `.b32`
//! registers, kept sign- or zero-extended from their width (PTX lets
//! `ld.s8`, `cvt.s32.s8` and friends use wider registers); 64-bit integers
//! and pointers in `.b64`; `half` and `bfloat16` in `.b16`.

use crate::ir::{Module, Scalar, Type};
use std::fmt;

/// A register class: one `.reg` declaration line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum RegClass {
    /// `.pred`
    Pred,
    /// `.b16` (half, bfloat16)
    B16,
    /// `.b32` (8/16/32-bit integers)
    B32,
    /// `.b64` (64-bit integers, pointers)
    B64,
    /// `.f32`
    F32,
    /// `.f64`
    F64,
}

impl RegClass {
    /// All classes, in declaration order.
    pub(super) const ALL: [RegClass; 6] = [
        RegClass::Pred,
        RegClass::B16,
        RegClass::B32,
        RegClass::B64,
        RegClass::F32,
        RegClass::F64,
    ];

    /// The register name prefix.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            RegClass::Pred => "%p",
            RegClass::B16 => "%h",
            RegClass::B32 => "%r",
            RegClass::B64 => "%rd",
            RegClass::F32 => "%f",
            RegClass::F64 => "%fd",
        }
    }

    /// The `.reg` type.
    pub(super) fn decl(self) -> &'static str {
        match self {
            RegClass::Pred => ".pred",
            RegClass::B16 => ".b16",
            RegClass::B32 => ".b32",
            RegClass::B64 => ".b64",
            RegClass::F32 => ".f32",
            RegClass::F64 => ".f64",
        }
    }

    /// The untyped bit-size suffix for `mov`.
    pub(super) fn mov_ty(self) -> &'static str {
        match self {
            RegClass::Pred => "pred",
            RegClass::B16 => "b16",
            RegClass::B32 | RegClass::F32 => "b32",
            RegClass::B64 | RegClass::F64 => "b64",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One virtual register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Reg {
    /// Its class.
    pub class: RegClass,
    /// Its number within the class.
    pub n: u32,
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.class.prefix(), self.n)
    }
}

/// Register counters of one entry (PTX declares `%r<N>` per class).
#[derive(Debug, Default)]
pub(super) struct RegFile {
    counts: [u32; 6],
}

impl RegFile {
    /// A fresh register of a class.
    pub(super) fn fresh(&mut self, class: RegClass) -> Reg {
        let c = &mut self.counts[class.index()];
        *c += 1;
        Reg { class, n: *c }
    }

    /// The `.reg` declarations for every class used.
    pub(super) fn declarations(&self) -> String {
        let mut s = String::new();
        for class in RegClass::ALL {
            let n = self.counts[class.index()];
            if n > 0 {
                s.push_str(&format!(
                    "\t.reg {} \t{}<{}>;\n",
                    class.decl(),
                    class.prefix(),
                    n + 1
                ));
            }
        }
        s
    }
}

/// The register class that holds a scalar.
pub(super) fn class_of(s: Scalar) -> RegClass {
    match s {
        Scalar::Bool => RegClass::Pred,
        Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16 | Scalar::I32 | Scalar::U32 => {
            RegClass::B32
        }
        Scalar::I64 | Scalar::U64 => RegClass::B64,
        Scalar::F16 | Scalar::BF16 => RegClass::B16,
        Scalar::F32 => RegClass::F32,
        Scalar::F64 => RegClass::F64,
    }
}

/// The PTX type suffix of arithmetic on a scalar as it sits in its
/// register (8/16-bit integers compute in 32 bits).
pub(super) fn arith_ty(s: Scalar) -> &'static str {
    match s {
        Scalar::Bool => "pred",
        Scalar::I8 | Scalar::I16 | Scalar::I32 => "s32",
        Scalar::U8 | Scalar::U16 | Scalar::U32 => "u32",
        Scalar::I64 => "s64",
        Scalar::U64 => "u64",
        Scalar::F16 => "f16",
        Scalar::BF16 => "bf16",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
    }
}

/// The untyped bit-size suffix of a scalar in its register.
pub(super) fn bits_ty(s: Scalar) -> &'static str {
    class_of(s).mov_ty()
}

/// The memory type of a scalar for `ld`/`st`/`.param`.
pub(super) fn mem_ty(s: Scalar) -> &'static str {
    match s {
        Scalar::Bool | Scalar::U8 => "u8",
        Scalar::I8 => "s8",
        Scalar::I16 => "s16",
        Scalar::U16 => "u16",
        Scalar::I32 => "s32",
        Scalar::U32 => "u32",
        Scalar::I64 => "s64",
        Scalar::U64 => "u64",
        Scalar::F16 | Scalar::BF16 => "b16",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
    }
}

/// One scalar leaf of a type: the scalar (pointers are `U64` leaves that
/// remember their pointer type) and its byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Leaf {
    /// What it is.
    pub kind: LeafKind,
    /// Byte offset from the start of the value.
    pub offset: u32,
}

/// A leaf is a scalar or a pointer.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LeafKind {
    /// A scalar.
    Scalar(Scalar),
    /// A pointer (its type, for the address space).
    Pointer(Type),
}

impl LeafKind {
    /// The scalar it is held as.
    pub(super) fn scalar(&self) -> Scalar {
        match self {
            LeafKind::Scalar(s) => *s,
            LeafKind::Pointer(_) => Scalar::U64,
        }
    }
}

/// The leaves of a type in memory order. Arrays longer than `limit`
/// leaves give `None` (they cannot be a register value).
pub(super) fn leaves(module: &Module, ty: &Type) -> Vec<Leaf> {
    let mut out = Vec::new();
    push_leaves(module, ty, 0, &mut out);
    out
}

fn push_leaves(module: &Module, ty: &Type, base: u32, out: &mut Vec<Leaf>) {
    match ty {
        Type::Void => {}
        Type::Scalar(s) => out.push(Leaf {
            kind: LeafKind::Scalar(*s),
            offset: base,
        }),
        Type::Vector(s, n) => {
            for i in 0..u32::from(*n) {
                out.push(Leaf {
                    kind: LeafKind::Scalar(*s),
                    offset: base + i * s.size(),
                });
            }
        }
        Type::Pointer { .. } => out.push(Leaf {
            kind: LeafKind::Pointer(ty.clone()),
            offset: base,
        }),
        Type::Array(elem, n) => {
            let (size, _) = module.size_align(elem);
            for i in 0..*n {
                push_leaves(module, elem, base + (i as u32) * size, out);
            }
        }
        Type::Struct(id) => {
            if let Some(def) = module.structs.get(id.0 as usize) {
                if def.is_union {
                    // A union is held as its bytes: one leaf per 4 bytes
                    // would lose types; take its largest field.
                    if let Some(f) = def.fields.iter().max_by_key(|f| module.size_align(&f.ty).0) {
                        push_leaves(module, &f.ty, base, out);
                    }
                } else {
                    for f in &def.fields {
                        push_leaves(module, &f.ty, base + f.offset, out);
                    }
                }
            }
        }
    }
}

/// Number of leaves of a type (without building them).
pub(super) fn leaf_count(module: &Module, ty: &Type) -> usize {
    leaves(module, ty).len()
}

/// The leaf range `[start, start + len)` of component `index` of an
/// aggregate type (vector component, array element, struct field).
pub(super) fn component_range(module: &Module, ty: &Type, index: u64) -> (usize, usize) {
    match ty {
        Type::Vector(..) => (index as usize, 1),
        Type::Array(elem, _) => {
            let n = leaf_count(module, elem);
            (index as usize * n, n)
        }
        Type::Struct(id) => {
            let Some(def) = module.structs.get(id.0 as usize) else {
                return (0, 0);
            };
            if def.is_union {
                return (0, leaf_count(module, ty));
            }
            let mut start = 0;
            for (i, f) in def.fields.iter().enumerate() {
                let n = leaf_count(module, &f.ty);
                if i as u64 == index {
                    return (start, n);
                }
                start += n;
            }
            (start, 0)
        }
        _ => (0, 1),
    }
}

/// The type of component `index` of an aggregate.
pub(super) fn component_type(module: &Module, ty: &Type, index: u32) -> Option<Type> {
    match ty {
        Type::Vector(s, _) => Some(Type::Scalar(*s)),
        Type::Array(elem, _) => Some((**elem).clone()),
        Type::Struct(id) => module
            .structs
            .get(id.0 as usize)?
            .fields
            .get(index as usize)
            .map(|f| f.ty.clone()),
        _ => None,
    }
}

/// The byte offset of component `index` of an aggregate.
pub(super) fn component_offset(module: &Module, ty: &Type, index: u32) -> u32 {
    match ty {
        Type::Vector(s, _) => s.size() * index,
        Type::Array(elem, _) => module.size_align(elem).0 * index,
        Type::Struct(id) => module
            .structs
            .get(id.0 as usize)
            .and_then(|d| d.fields.get(index as usize))
            .map_or(0, |f| f.offset),
        _ => 0,
    }
}
