//! Kernel signatures from the IR, and a launch's `args` matched to them:
//! scalars converted with range checks, `"@x"`/`"@x+OFFSET"` type-checked
//! against the pointee, structs by value laid out as nvcc does.

use super::plan::{describe, PlanFile};
use super::scalar::{push_scalar, to_scalar};
use cuda_compiler::ir::{self, Type};
use cuda_rt::{ScalarArg, ScalarType};
use std::ops::Range;
use toml::{Spanned, Value};

/// A plan buffer as arguments see it.
#[derive(Debug, Clone)]
pub struct BufferDecl {
    /// Its name.
    pub name: String,
    /// Its element type.
    pub ty: ScalarType,
    /// Elements.
    pub len: usize,
}

/// One argument ready for launch.
#[derive(Debug, Clone)]
pub enum BoundArg {
    /// Buffer number `index`, `offset_bytes` in.
    Buffer {
        /// Index into the plan's buffers.
        index: usize,
        /// Byte offset of the pointer.
        offset_bytes: u64,
    },
    /// A scalar of the parameter's type.
    Scalar(ScalarArg),
    /// A struct or vector's bytes.
    Bytes(Vec<u8>),
}

pub use cuda_compiler::artifact::{param_infos, scalar_type};

/// Where the arguments of one launch are written.
pub struct ArgsSite<'a> {
    /// The plan.
    pub file: &'a PlanFile,
    /// `launch[3]`.
    pub field: String,
    /// The `kernel` value's span (for errors about the whole list).
    pub kernel_span: Range<usize>,
}

/// Matches `args` to the kernel's parameters.
pub fn bind_args(
    site: &ArgsSite<'_>,
    module: &ir::Module,
    kernel: &ir::Kernel,
    args: &[Spanned<Value>],
    buffers: &[BufferDecl],
) -> Result<Vec<BoundArg>, super::Failure> {
    if args.len() != kernel.params.len() {
        let sig: Vec<String> = kernel
            .params
            .iter()
            .map(|p| format!("{} {}", p.cuda_type, p.name))
            .collect();
        return Err(site.file.error(
            &site.kernel_span,
            &format!("{}.args", site.field),
            format!(
                "kernel `{}` takes {} arguments ({}), {} given",
                kernel.name,
                kernel.params.len(),
                sig.join(", "),
                args.len()
            ),
        ));
    }
    let mut bound = Vec::with_capacity(args.len());
    for (i, (arg, param)) in args.iter().zip(&kernel.params).enumerate() {
        let field = format!("{}.args[{i}]", site.field);
        let err = |msg: String| site.file.error(&arg.span(), &field, msg);
        let target = format!("parameter `{}` of type `{}`", param.name, param.cuda_type);
        let value = arg.get_ref();
        match &param.ty {
            Type::Pointer { pointee, .. } => {
                let arg = bind_pointer(module, pointee, value, buffers, &target).map_err(err)?;
                bound.push(arg);
            }
            Type::Scalar(s) => {
                if let Value::String(text) = value {
                    if text.starts_with('@') {
                        return Err(err(format!(
                            "{target} takes a number, found buffer `{text}`"
                        )));
                    }
                }
                let s = to_scalar(value, scalar_type(*s)).map_err(|m| err(m.message(&target)))?;
                bound.push(BoundArg::Scalar(s));
            }
            other => {
                let (size, _) = module.size_align(other);
                let mut bytes = vec![0u8; size as usize];
                encode(module, other, value, &mut bytes, 0, "").map_err(|(path, msg)| {
                    site.file.error(&arg.span(), &format!("{field}{path}"), msg)
                })?;
                bound.push(BoundArg::Bytes(bytes));
            }
        }
    }
    Ok(bound)
}

/// A type as CUDA spells it (`float4`, `struct Pair`, `float[4]`).
pub fn cuda_name(module: &ir::Module, ty: &Type) -> String {
    match ty {
        Type::Void => "void".to_string(),
        Type::Scalar(s) => s.cuda_name().to_string(),
        Type::Vector(s, n) => {
            let base = match s {
                ir::Scalar::I8 => "char",
                ir::Scalar::U8 => "uchar",
                ir::Scalar::I16 => "short",
                ir::Scalar::U16 => "ushort",
                ir::Scalar::U32 => "uint",
                ir::Scalar::I64 => "longlong",
                ir::Scalar::U64 => "ulonglong",
                ir::Scalar::F16 => "half",
                ir::Scalar::BF16 => "nv_bfloat16",
                ir::Scalar::F64 => "double",
                ir::Scalar::I32 => "int",
                ir::Scalar::F32 | ir::Scalar::Bool => "float",
            };
            format!("{base}{n}")
        }
        Type::Pointer { pointee, .. } => format!("{} *", cuda_name(module, pointee)),
        Type::Array(elem, n) => format!("{}[{n}]", cuda_name(module, elem)),
        Type::Struct(id) => module
            .structs
            .get(id.0 as usize)
            .map_or_else(|| "struct".to_string(), |d| d.name.clone()),
    }
}

/// `"@x"` or `"@x+OFFSET"`: the buffer's name and element offset.
fn parse_buffer_ref(text: &str) -> Option<(&str, u64)> {
    let rest = text.strip_prefix('@')?;
    let (name, offset) = match rest.split_once('+') {
        Some((name, offset)) => (name.trim(), offset.trim().parse().ok()?),
        None => (rest.trim(), 0),
    };
    (!name.is_empty()).then_some((name, offset))
}

/// The scalar leaves of a type whose leaves all have one size and leave
/// no padding: the scalar when they are all the same one, their size in
/// bytes, and how many there are.
#[derive(Debug, Clone, Copy)]
struct Leaves {
    scalar: Option<ir::Scalar>,
    size: u32,
    count: u64,
}

fn leaves(module: &ir::Module, ty: &Type) -> Option<Leaves> {
    let found = match ty {
        Type::Scalar(s) => Leaves {
            scalar: Some(*s),
            size: s.size(),
            count: 1,
        },
        Type::Vector(s, n) => Leaves {
            scalar: Some(*s),
            size: s.size(),
            count: u64::from(*n),
        },
        Type::Array(elem, n) => {
            let l = leaves(module, elem)?;
            Leaves {
                count: l.count.checked_mul(*n)?,
                ..l
            }
        }
        Type::Struct(id) => {
            let def = module.structs.get(id.0 as usize)?;
            let mut all: Option<Leaves> = None;
            for f in &def.fields {
                let l = leaves(module, &f.ty)?;
                all = Some(match all {
                    None => l,
                    Some(prev) if prev.size == l.size => Leaves {
                        scalar: prev.scalar.filter(|&s| Some(s) == l.scalar),
                        size: l.size,
                        count: prev.count + l.count,
                    },
                    Some(_) => return None,
                });
            }
            all?
        }
        Type::Void | Type::Pointer { .. } => return None,
    };
    // No padding: the leaves fill the type exactly.
    let (size, _) = module.size_align(ty);
    (u64::from(size) == found.count * u64::from(found.size)).then_some(found)
}

/// Same bytes: a buffer of `elem` may hold values of the scalar `s`.
fn same_scalar(s: ir::Scalar, elem: ScalarType) -> bool {
    let s = scalar_type(s);
    s == elem
        || matches!(
            (s, elem),
            (ScalarType::Bool, ScalarType::U8) | (ScalarType::BF16, ScalarType::U16)
        )
}

fn bind_pointer(
    module: &ir::Module,
    pointee: &Type,
    value: &Value,
    buffers: &[BufferDecl],
    target: &str,
) -> Result<BoundArg, String> {
    let Value::String(text) = value else {
        return Err(format!(
            "{target} takes a buffer (\"@name\" or \"@name+OFFSET\"), found {}",
            describe(value)
        ));
    };
    let (name, offset) = parse_buffer_ref(text).ok_or_else(|| {
        format!("{target} takes a buffer: expected \"@name\" or \"@name+OFFSET\", found {text:?}")
    })?;
    let (index, buf) = buffers
        .iter()
        .enumerate()
        .find(|(_, b)| b.name == name)
        .ok_or_else(|| {
            let names: Vec<String> = buffers.iter().map(|b| format!("`{}`", b.name)).collect();
            let known = if names.is_empty() {
                "the plan has no buffers".to_string()
            } else {
                format!("buffers: {}", names.join(", "))
            };
            format!("no buffer named `{name}` ({known})")
        })?;
    let pointee_name = cuda_name(module, pointee);
    // A `u8` buffer is a byte view that any struct can be laid over
    // ("byte-compatible"), whatever its fields and padding.
    let byte_view = buf.ty == ScalarType::U8 && matches!(pointee, Type::Struct(_));
    if *pointee != Type::Void && !byte_view {
        let Some(l) = leaves(module, pointee) else {
            return Err(format!(
                "{target} points to `{pointee_name}`, whose fields differ in size or leave \
                 padding, so only a `u8` buffer (a byte view) matches it"
            ));
        };
        let matches = match l.scalar {
            Some(scalar) => same_scalar(scalar, buf.ty),
            // Fields of one size but several types (`float` and `int`):
            // any buffer whose elements have that size lines up with them.
            None => l.size as usize == buf.ty.size(),
        };
        if !matches {
            return Err(format!(
                "buffer `{}` of type `{}` does not match {target}",
                buf.name, buf.ty
            ));
        }
        let count = l.count;
        if count > 1 && !(buf.len as u64).is_multiple_of(count) {
            return Err(format!(
                "buffer `{}` of len {} cannot be viewed as `{pointee_name}` for {target} (len must be a multiple of {count})",
                buf.name, buf.len
            ));
        }
        if count > 1 && offset % count != 0 {
            return Err(format!(
                "offset {offset} into buffer `{}` is not a whole number of `{pointee_name}` for {target} (use a multiple of {count})",
                buf.name
            ));
        }
    }
    if offset > buf.len as u64 {
        return Err(format!(
            "offset {offset} is past the end of buffer `{}` (len {})",
            buf.name, buf.len
        ));
    }
    Ok(BoundArg::Buffer {
        index,
        offset_bytes: offset * buf.ty.size() as u64,
    })
}

/// Writes a by-value argument of type `ty` at `at` of `out`. Errors carry
/// the path below the argument (`.fields[1]`) and the message.
fn encode(
    module: &ir::Module,
    ty: &Type,
    value: &Value,
    out: &mut [u8],
    at: usize,
    path: &str,
) -> Result<(), (String, String)> {
    let name = cuda_name(module, ty);
    let err = |msg: String| (path.to_string(), msg);
    let write = |out: &mut [u8], s: ScalarArg| {
        let mut bytes = Vec::new();
        push_scalar(&mut bytes, s);
        if let Some(dst) = out.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(&bytes);
        }
    };
    // Parts of an aggregate: `{ fields = [..] }`, or a plain array.
    let parts = |value: &Value| -> Option<Vec<Value>> {
        match value {
            Value::Table(t) if t.len() == 1 => t.get("fields").and_then(Value::as_array).cloned(),
            Value::Array(a) => Some(a.clone()),
            _ => None,
        }
    };
    match ty {
        Type::Scalar(s) => {
            let s = to_scalar(value, scalar_type(*s))
                .map_err(|m| err(m.message(&format!("a field of type `{name}`"))))?;
            write(out, s);
            Ok(())
        }
        Type::Vector(s, n) => {
            let items = parts(value).ok_or_else(|| {
                err(format!("`{name}` takes {{ fields = [..] }} with {n} numbers, found {}", describe(value)))
            })?;
            if items.len() != usize::from(*n) {
                return Err(err(format!("`{name}` has {n} components, {} given", items.len())));
            }
            let size = scalar_type(*s).size();
            for (i, item) in items.iter().enumerate() {
                encode(module, &Type::Scalar(*s), item, out, at + i * size, &format!("{path}.fields[{i}]"))?;
            }
            Ok(())
        }
        Type::Array(elem, n) => {
            let items = parts(value)
                .ok_or_else(|| err(format!("`{name}` takes an array of {n} values, found {}", describe(value))))?;
            if items.len() as u64 != *n {
                return Err(err(format!("`{name}` has {n} elements, {} given", items.len())));
            }
            let (size, _) = module.size_align(elem);
            for (i, item) in items.iter().enumerate() {
                encode(module, elem, item, out, at + i * size as usize, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        Type::Struct(id) => {
            let def = module
                .structs
                .get(id.0 as usize)
                .ok_or_else(|| err(format!("unknown struct `{name}`")))?;
            let items = parts(value).ok_or_else(|| {
                err(format!("struct `{name}` takes {{ fields = [..] }} in declaration order, found {}", describe(value)))
            })?;
            let expected = if def.is_union { 1 } else { def.fields.len() };
            if items.len() != expected {
                let names: Vec<&str> = def.fields.iter().map(|f| f.name.as_str()).collect();
                return Err(err(format!(
                    "struct `{name}` has {expected} fields ({}), {} given",
                    names.join(", "),
                    items.len()
                )));
            }
            for (i, (field, item)) in def.fields.iter().zip(&items).enumerate() {
                encode(module, &field.ty, item, out, at + field.offset as usize, &format!("{path}.fields[{i}]"))?;
            }
            Ok(())
        }
        Type::Pointer { .. } => Err(err(format!(
            "unsupported: a pointer (`{name}`) inside a by-value argument; pass the buffer as its own parameter"
        ))),
        Type::Void => Err(err("unsupported: a `void` value".to_string())),
    }
}
