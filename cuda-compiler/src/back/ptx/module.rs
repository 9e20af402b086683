//! The PTX module around one entry: header, module-scope variables (with
//! their initial bytes), the `.entry` with its parameters in the launch
//! ABI of [`cuda_abi::PtxKernel`], and register declarations.

use super::emit::{Emitter, R};
use super::memory::space_of;
use super::regs::{leaves, mem_ty, LeafKind, Reg, RegClass};
use crate::ir::{AddrSpace, ConstValue, Kernel, Literal, Module, Scalar, Type};

/// The PTX ISA version written for a target.
pub(super) fn isa_version(sm: u32) -> &'static str {
    if sm >= 100 {
        "8.7"
    } else {
        "7.8"
    }
}

/// PTX symbols of the module-scope variables (their names made valid and
/// unique).
pub(super) fn global_symbols(module: &Module) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    module
        .globals
        .iter()
        .map(|g| {
            let mut s: String = g
                .name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
                s.insert(0, '_');
            }
            let base = s.clone();
            let mut n = 1;
            while !seen.insert(s.clone()) {
                n += 1;
                s = format!("{base}_{n}");
            }
            s
        })
        .collect()
}

/// The declaration of one module-scope variable.
pub(super) fn global_decl(module: &Module, index: usize, sym: &str) -> String {
    let g = &module.globals[index];
    let (size, align) = module.size_align(&g.ty);
    // At least 16 (4 for small variables): kernels cast byte arrays to
    // wider types (`(uint4 *)s_bytes`), which needs the wider alignment.
    let floor = if size >= 16 {
        16
    } else if size >= 4 {
        4
    } else {
        1
    };
    let align = g.align.max(align).max(floor);
    let space = match g.space {
        AddrSpace::Shared => ".shared",
        AddrSpace::Constant => ".const",
        _ => ".global",
    };
    if g.dynamic {
        return format!(".extern .shared .align 16 .b8 {sym}[];\n");
    }
    let vis = if g.space == AddrSpace::Shared {
        ""
    } else {
        ".visible "
    };
    let mut decl = format!("{vis}{space} .align {align} .b8 {sym}[{}]", size.max(1));
    if let (Some(init), false) = (&g.init, g.space == AddrSpace::Shared) {
        let mut bytes = vec![0u8; size as usize];
        write_const(module, &g.ty, init, &mut bytes, 0);
        if bytes.iter().any(|b| *b != 0) {
            let list: Vec<String> = bytes.iter().map(u8::to_string).collect();
            decl.push_str(&format!(" = {{{}}}", list.join(", ")));
        }
    }
    decl.push_str(";\n");
    decl
}

/// Writes an initialiser's bytes (little-endian, nvcc layout).
fn write_const(module: &Module, ty: &Type, v: &ConstValue, out: &mut [u8], at: usize) {
    match (v, ty) {
        (ConstValue::Zero, _) => {}
        (ConstValue::Scalar(lit), _) => {
            let s = ty.element_scalar().unwrap_or(Scalar::U64);
            let bytes: Vec<u8> = match (lit, s) {
                (Literal::Bool(b), _) => vec![u8::from(*b)],
                (_, Scalar::F32) => (lit_f64(lit) as f32).to_le_bytes().to_vec(),
                (_, Scalar::F64) => lit_f64(lit).to_le_bytes().to_vec(),
                (_, Scalar::F16) => {
                    let f = lit_f64(lit) as f32;
                    super::expr::f16_bits(f64::from(f)).to_le_bytes().to_vec()
                }
                (_, Scalar::BF16) => (((lit_f64(lit) as f32).to_bits() >> 16) as u16)
                    .to_le_bytes()
                    .to_vec(),
                (Literal::Int(i, _), s) => {
                    let all = (*i as u128).to_le_bytes();
                    all[..s.size() as usize].to_vec()
                }
                (Literal::Float(f, _), s) => {
                    let all = (*f as i128 as u128).to_le_bytes();
                    all[..s.size() as usize].to_vec()
                }
            };
            for (i, b) in bytes.iter().enumerate() {
                if let Some(slot) = out.get_mut(at + i) {
                    *slot = *b;
                }
            }
        }
        (ConstValue::Aggregate(items), _) => {
            for (i, item) in items.iter().enumerate() {
                let i = i as u32;
                let Some(cty) = super::regs::component_type(module, ty, i) else {
                    continue;
                };
                let off = super::regs::component_offset(module, ty, i) as usize;
                write_const(module, &cty, item, out, at + off);
            }
        }
    }
}

fn lit_f64(lit: &Literal) -> f64 {
    match lit {
        Literal::Bool(b) => f64::from(u8::from(*b)),
        Literal::Int(i, _) => *i as f64,
        Literal::Float(f, _) => *f,
    }
}

/// The `.param` declaration of kernel parameter `i`, and its name.
pub(super) fn param_decl(module: &Module, entry: &str, i: usize, ty: &Type) -> (String, String) {
    let name = format!("{entry}_param_{i}");
    let decl = match ty {
        Type::Pointer { .. } => format!(".param .u64 {name}"),
        Type::Scalar(s) => format!(".param .{} {name}", mem_ty(*s)),
        other => {
            let (size, align) = module.size_align(other);
            format!(".param .align {align} .b8 {name}[{}]", size.max(1))
        }
    };
    (decl, name)
}

impl Emitter<'_> {
    /// Loads the kernel's parameters into registers (pointers to global
    /// memory go through `cvta.to.global`).
    pub(super) fn load_params(&mut self, kernel: &Kernel, names: &[String]) -> R<Vec<Vec<Reg>>> {
        let mut out = Vec::new();
        for (p, name) in kernel.params.iter().zip(names) {
            let mut regs = Vec::new();
            for leaf in leaves(self.module, &p.ty) {
                let at = if leaf.offset == 0 {
                    format!("[{name}]")
                } else {
                    format!("[{name}+{}]", leaf.offset)
                };
                match &leaf.kind {
                    LeafKind::Pointer(pty) => {
                        let r = self.fresh(RegClass::B64);
                        self.ins(format!("ld.param.u64 \t{r}, {at}"));
                        let r = if space_of(pty) == AddrSpace::Global {
                            let g = self.fresh(RegClass::B64);
                            self.ins(format!("cvta.to.global.u64 \t{g}, {r}"));
                            g
                        } else {
                            self.window_of(r, space_of(pty))
                        };
                        regs.push(r);
                    }
                    LeafKind::Scalar(Scalar::Bool) => {
                        let w = self.fresh(RegClass::B32);
                        self.ins(format!("ld.param.u8 \t{w}, {at}"));
                        let b = self.fresh(RegClass::Pred);
                        self.ins(format!("setp.ne.u32 \t{b}, {w}, 0"));
                        regs.push(b);
                    }
                    LeafKind::Scalar(s) => {
                        let r = self.fresh_for(*s);
                        self.ins(format!("ld.param.{} \t{r}, {at}", mem_ty(*s)));
                        regs.push(r);
                    }
                }
            }
            out.push(regs);
        }
        Ok(out)
    }
}
