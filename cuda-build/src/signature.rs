//! Kernel parameters as Rust types: what a typed launch function takes for
//! each CUDA parameter, and the `#[repr(C)]` structs standing for CUDA
//! structs (explicit padding fields reproduce nvcc's layout).

use cuda_abi::ScalarType;
use cuda_compiler::artifact::scalar_type;
use cuda_compiler::ir::{Module, StructId, Type};

/// An element type of a buffer or a by-value argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElemTy {
    /// A scalar (`bool` becomes `u8` in buffers: bool is not `Pod`).
    Scalar(ScalarType),
    /// A CUDA vector (`float4` → `[f32; 4]`).
    Vector(ScalarType, u8),
    /// A struct, by index into [`Signatures::structs`].
    Struct(usize),
    /// Raw bytes (`void*` pointees, unions): `u8` or `[u8; n]`.
    Bytes(u32),
}

/// What one parameter of a typed launch function takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustParam {
    /// A scalar by value.
    Scalar(ScalarType),
    /// `const T*`: a read-only buffer or view.
    Read(ElemTy),
    /// `T*`: a mutable buffer or view.
    Write(ElemTy),
    /// A struct or vector by value.
    Value(ElemTy),
}

/// A field of a generated struct: a named field or padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructField {
    /// A CUDA field.
    Field {
        /// Its (Rust-safe) name.
        name: String,
        /// Its type.
        ty: ElemTy,
        /// Array lengths, outermost first (`float m[2][3]` → `[2, 3]`).
        dims: Vec<u64>,
    },
    /// `n` bytes of padding.
    Padding(u32),
}

/// A generated `#[repr(C)]` struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustStruct {
    /// The Rust name (template arguments folded into the identifier).
    pub name: String,
    /// The CUDA name, for docs.
    pub cuda_name: String,
    /// Fields and padding in order.
    pub fields: Vec<StructField>,
    /// nvcc's size in bytes.
    pub size: u32,
}

/// The structs generated for one translation unit, shared by its kernels.
#[derive(Debug, Default)]
pub struct Signatures {
    /// Generated structs, in the order first needed.
    pub structs: Vec<RustStruct>,
    ids: Vec<StructId>,
}

impl Signatures {
    /// The Rust parameter of a kernel parameter of IR type `ty`, or why it
    /// has none.
    pub fn param(&mut self, module: &Module, ty: &Type) -> Result<RustParam, String> {
        match ty {
            Type::Scalar(s) => match scalar_type(*s) {
                ScalarType::BF16 => Err("`__nv_bfloat16` scalar parameters".to_string()),
                s => Ok(RustParam::Scalar(s)),
            },
            Type::Pointer {
                pointee, read_only, ..
            } => {
                let elem = self.elem(module, pointee)?;
                Ok(if *read_only {
                    RustParam::Read(elem)
                } else {
                    RustParam::Write(elem)
                })
            }
            Type::Vector(..) | Type::Struct(_) => Ok(RustParam::Value(self.elem(module, ty)?)),
            other => Err(format!(
                "parameters of type `{}`",
                module.type_display(other)
            )),
        }
    }

    /// The element type for `ty` (a pointee or by-value type).
    pub fn elem(&mut self, module: &Module, ty: &Type) -> Result<ElemTy, String> {
        match ty {
            Type::Void => Ok(ElemTy::Bytes(1)),
            Type::Scalar(s) => Ok(ElemTy::Scalar(match scalar_type(*s) {
                ScalarType::Bool => ScalarType::U8,
                s => s,
            })),
            Type::Vector(s, n) => Ok(ElemTy::Vector(scalar_type(*s), *n)),
            Type::Struct(id) => self.structure(module, *id),
            other => Err(format!(
                "pointers to or values of type `{}`",
                module.type_display(other)
            )),
        }
    }

    fn structure(&mut self, module: &Module, id: StructId) -> Result<ElemTy, String> {
        if let Some(i) = self.ids.iter().position(|s| *s == id) {
            return Ok(ElemTy::Struct(i));
        }
        let Some(def) = module.structs.get(id.0 as usize) else {
            return Err("a struct the module does not define".to_string());
        };
        if def.is_union {
            return Ok(ElemTy::Bytes(def.size));
        }
        let mut fields = Vec::new();
        let mut at = 0u32;
        for f in &def.fields {
            let (mut inner, mut dims) = (&f.ty, Vec::new());
            while let Type::Array(elem, n) = inner {
                dims.push(*n);
                inner = elem;
            }
            let ty = self.elem(module, inner)?;
            if f.offset > at {
                fields.push(StructField::Padding(f.offset - at));
            }
            let (size, _) = module.size_align(&f.ty);
            at = f.offset + size;
            fields.push(StructField::Field {
                name: rust_ident(&f.name),
                ty,
                dims,
            });
        }
        if def.size > at {
            fields.push(StructField::Padding(def.size - at));
        }
        self.ids.push(id);
        self.structs.push(RustStruct {
            name: rust_type_name(&def.name),
            cuda_name: def.name.clone(),
            fields,
            size: def.size,
        });
        Ok(ElemTy::Struct(self.structs.len() - 1))
    }
}

/// Rust's reserved words, which CUDA names may use freely.
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "crate", "dyn", "fn", "gen", "impl", "in", "let", "loop",
    "match", "mod", "move", "mut", "pub", "ref", "self", "Self", "super", "trait", "type",
    "unsafe", "use", "where", "abstract", "become", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "device", "config",
];

/// A CUDA name as a Rust identifier: template punctuation folded to `_`
/// (`reduce<float, 256>` → `reduce_float_256`), keywords (and the
/// generated `device`/`config` parameters) suffixed with `_`.
pub fn rust_ident(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') && out.len() > 1 {
        out.pop();
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if RUST_KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A CUDA struct name as a Rust type name (first letter kept as written,
/// punctuation folded like [`rust_ident`]).
pub fn rust_type_name(name: &str) -> String {
    let ident = rust_ident(name.rsplit("::").next().unwrap_or(name));
    if ident == "Self_" || ident == "Self" {
        "Self_".to_string()
    } else {
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents_fold_template_arguments_and_avoid_keywords() {
        assert_eq!(rust_ident("reduce<float, 256>"), "reduce_float_256");
        assert_eq!(rust_ident("type"), "type_");
        assert_eq!(rust_ident("device"), "device_");
        assert_eq!(rust_ident("k<unsigned int>"), "k_unsigned_int");
        assert_eq!(rust_ident(""), "_");
    }
}
