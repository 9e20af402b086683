//! Entry names: nvcc's Itanium C++ mangling of the kernel, so a run plan
//! can load nvcc's PTX for the same kernel and compare.
//!
//! Covered: plain and namespaced kernels whose parameters are builtin
//! scalars, pointers (with `const`/`volatile` pointees), CUDA vector types
//! and structs, with Itanium substitutions (`S_`, `S0_`, …). Template
//! instances (whose mangling refers to template parameters, `T_`, that the
//! IR no longer has) get a readable unique name instead:
//! `name<float, 256>` → `name_float_256`.

use crate::ir::{Kernel, Module, Scalar, Type};

/// The `.entry` name of a kernel.
pub(super) fn entry_name(module: &Module, kernel: &Kernel) -> String {
    if !kernel.template_args.is_empty() || kernel.base_name.contains(['<', '(', ' ']) {
        return readable(&kernel.name);
    }
    let mut m = Mangler {
        module,
        subs: Vec::new(),
    };
    let mut out = String::from("_Z");
    let parts: Vec<&str> = kernel.base_name.split("::").collect();
    if parts.len() > 1 {
        out.push('N');
        let mut prefix = String::new();
        for (i, p) in parts.iter().enumerate() {
            let piece = format!("{}{}", p.len(), p);
            out.push_str(&piece);
            prefix.push_str(&piece);
            if i + 1 < parts.len() {
                m.subs.push(prefix.clone());
            }
        }
        out.push('E');
    } else {
        out.push_str(&format!("{}{}", kernel.base_name.len(), kernel.base_name));
    }
    if kernel.params.is_empty() {
        out.push('v');
    }
    for p in &kernel.params {
        let hint = TypeHint::of(&p.cuda_type);
        out.push_str(&m.ty(&p.ty, &hint).1);
    }
    out
}

/// A readable PTX identifier for a name with template arguments.
fn readable(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    let s = s.trim_end_matches('_').to_string();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// What the CUDA spelling of a parameter type says that the IR type
/// does not: `char` vs `signed char`, `long` vs `long long`, `volatile`.
struct TypeHint {
    plain_char: bool,
    long_long: bool,
    volatile: bool,
}

impl TypeHint {
    fn of(cuda_type: &str) -> Self {
        let words: Vec<&str> = cuda_type
            .split(|c: char| c.is_whitespace() || c == '*' || c == '&')
            .filter(|w| !w.is_empty())
            .collect();
        Self {
            plain_char: words.contains(&"char")
                && !words.contains(&"signed")
                && !words.contains(&"unsigned"),
            long_long: cuda_type.contains("long long"),
            volatile: words.contains(&"volatile"),
        }
    }
}

struct Mangler<'m> {
    module: &'m Module,
    subs: Vec<String>,
}

impl Mangler<'_> {
    /// `(full form, emitted form)` of a type; registers substitutions.
    fn ty(&mut self, ty: &Type, hint: &TypeHint) -> (String, String) {
        match ty {
            Type::Scalar(s) => match builtin(*s, hint) {
                Some(b) => (b.to_string(), b.to_string()),
                None => self.named(if *s == Scalar::F16 {
                    "__half"
                } else {
                    "__nv_bfloat16"
                }),
            },
            Type::Vector(s, n) => {
                let name = vector_name(*s, *n);
                self.named(&name)
            }
            Type::Struct(id) => {
                let name = self
                    .module
                    .structs
                    .get(id.0 as usize)
                    .map_or("anon", |d| d.name.as_str())
                    .to_string();
                self.named(&name)
            }
            Type::Pointer {
                pointee, read_only, ..
            } => {
                let (inner_full, inner_out) = self.ty(pointee, hint);
                let mut quals = String::new();
                if hint.volatile {
                    quals.push('V');
                }
                if *read_only {
                    quals.push('K');
                }
                let (qual_full, qual_out) = if quals.is_empty() {
                    (inner_full, inner_out)
                } else {
                    let full = format!("{quals}{inner_full}");
                    let out = self.sub_or(&full, format!("{quals}{inner_out}"));
                    (full, out)
                };
                let full = format!("P{qual_full}");
                let out = self.sub_or(&full, format!("P{qual_out}"));
                (full, out)
            }
            Type::Array(elem, n) => {
                let (f, o) = self.ty(elem, hint);
                (format!("A{n}_{f}"), format!("A{n}_{o}"))
            }
            Type::Void => ("v".into(), "v".into()),
        }
    }

    /// A class name (`6float4`, `N2ns3FooE`).
    fn named(&mut self, name: &str) -> (String, String) {
        let parts: Vec<&str> = name.split("::").collect();
        let full = if parts.len() > 1 {
            let inner: String = parts.iter().map(|p| format!("{}{}", p.len(), p)).collect();
            format!("N{inner}E")
        } else {
            format!("{}{}", name.len(), name)
        };
        let out = self.sub_or(&full, full.clone());
        (full, out)
    }

    /// The substitution for `full` if it was seen, else `out` (and `full`
    /// becomes a candidate).
    fn sub_or(&mut self, full: &str, out: String) -> String {
        if let Some(i) = self.subs.iter().position(|s| s == full) {
            return if i == 0 {
                "S_".to_string()
            } else {
                format!("S{}_", base36(i - 1))
            };
        }
        self.subs.push(full.to_string());
        out
    }
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = Vec::new();
    loop {
        s.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn builtin(s: Scalar, hint: &TypeHint) -> Option<&'static str> {
    Some(match s {
        Scalar::Bool => "b",
        Scalar::I8 if hint.plain_char => "c",
        Scalar::I8 => "a",
        Scalar::U8 => "h",
        Scalar::I16 => "s",
        Scalar::U16 => "t",
        Scalar::I32 => "i",
        Scalar::U32 => "j",
        Scalar::I64 if hint.long_long => "x",
        Scalar::I64 => "l",
        Scalar::U64 if hint.long_long => "y",
        Scalar::U64 => "m",
        Scalar::F32 => "f",
        Scalar::F64 => "d",
        Scalar::F16 | Scalar::BF16 => return None,
    })
}

fn vector_name(s: Scalar, n: u8) -> String {
    let base = match s {
        Scalar::I8 => "char",
        Scalar::U8 => "uchar",
        Scalar::I16 => "short",
        Scalar::U16 => "ushort",
        Scalar::I32 => "int",
        Scalar::U32 => "uint",
        Scalar::I64 => "longlong",
        Scalar::U64 => "ulonglong",
        Scalar::F16 => return "__half2".to_string(),
        Scalar::BF16 => return "__nv_bfloat162".to_string(),
        Scalar::F64 => "double",
        _ => "float",
    };
    format!("{base}{n}")
}
