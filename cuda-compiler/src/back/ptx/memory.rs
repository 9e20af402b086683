//! Memory: addresses in each state space, loads and stores with cache
//! hints, `ld.global.nc` for read-only data, vector accesses.
//!
//! A pointer value is a `.b64` register holding an address in its IR
//! address space's window: `.shared`, `.local` and `.const` pointers hold
//! window addresses (converted with `cvta` when they are stored to memory
//! or become generic), global pointers hold generic addresses, which the
//! global window maps one to one (`cvta.to.global` is applied where a
//! global pointer enters the kernel, as nvcc does).

use super::emit::{Emitter, Home, R};
use super::regs::{component_offset, component_range, leaves, mem_ty, LeafKind, Reg, RegClass};
use crate::ir::{AddrSpace, CacheHint, ExprId, ExprKind, Literal, Type};

/// Where a pointer points, as the emitter sees it.
#[derive(Debug, Clone)]
pub(super) enum Place {
    /// Leaves `[start, start + len)` of a local kept in registers.
    Regs {
        /// The registers.
        regs: Vec<Reg>,
    },
    /// `[base + off]` in a state space.
    Mem {
        /// The base address register.
        base: Reg,
        /// Constant byte offset.
        off: i64,
        /// The state space.
        space: AddrSpace,
    },
}

/// The `ld`/`st`/`atom` state-space qualifier.
pub(super) fn space_qual(space: AddrSpace) -> &'static str {
    match space {
        AddrSpace::Global => ".global",
        AddrSpace::Shared => ".shared",
        AddrSpace::Constant => ".const",
        AddrSpace::Local => ".local",
        AddrSpace::Generic => "",
    }
}

/// The address space of a pointer type.
pub(super) fn space_of(ty: &Type) -> AddrSpace {
    match ty {
        Type::Pointer { space, .. } => *space,
        _ => AddrSpace::Generic,
    }
}

/// `[base+off]`
fn addr(base: Reg, off: i64) -> String {
    if off == 0 {
        format!("[{base}]")
    } else {
        format!("[{base}+{off}]")
    }
}

impl Emitter<'_> {
    /// Where pointer expression `e` points.
    pub(super) fn place(&mut self, e: ExprId) -> R<Place> {
        let expr = self.expr(e)?.clone();
        match &expr.kind {
            ExprKind::LocalPtr(l) => match self.home(*l)? {
                Home::Regs(regs) => Ok(Place::Regs { regs }),
                Home::Memory(sym) => {
                    let base = self.fresh(RegClass::B64);
                    self.ins(format!("mov.u64 \t{base}, {sym}"));
                    Ok(Place::Mem {
                        base,
                        off: 0,
                        space: AddrSpace::Local,
                    })
                }
            },
            ExprKind::GlobalPtr(g) => {
                self.used_globals.insert(*g);
                let sym = self.global_syms[g.0 as usize].clone();
                let space = self.module.globals[g.0 as usize].space;
                let base = self.fresh(RegClass::B64);
                self.ins(format!("mov.u64 \t{base}, {sym}"));
                Ok(Place::Mem {
                    base,
                    off: 0,
                    space,
                })
            }
            ExprKind::MemberPtr { ptr, index } => {
                let agg = self.pointee(*ptr)?;
                match self.place(*ptr)? {
                    Place::Regs { regs } => {
                        let (s, n) = component_range(self.module, &agg, u64::from(*index));
                        Ok(Place::Regs {
                            regs: regs.get(s..s + n).map(<[Reg]>::to_vec).unwrap_or_default(),
                        })
                    }
                    Place::Mem { base, off, space } => Ok(Place::Mem {
                        base,
                        off: off + i64::from(component_offset(self.module, &agg, *index)),
                        space,
                    }),
                }
            }
            ExprKind::ElementPtr { ptr, index } => {
                let agg = self.pointee(*ptr)?;
                let Type::Array(elem, _) = &agg else {
                    return Err(self.unsupported("internal: element of a non-array"));
                };
                let elem = (**elem).clone();
                self.indexed(*ptr, *index, &elem, Some(&agg))
            }
            ExprKind::PtrOffset { ptr, offset } => {
                let elem = self.pointee(*ptr)?;
                self.indexed(*ptr, *offset, &elem, None)
            }
            ExprKind::PtrCast { ptr } => match self.place(*ptr)? {
                Place::Regs { .. } => Err(self.unsupported("internal: cast of a register local")),
                m => Ok(m),
            },
            _ => {
                let base = self.eval1(e)?;
                Ok(Place::Mem {
                    base,
                    off: 0,
                    space: space_of(&expr.ty),
                })
            }
        }
    }

    /// The pointee type of a pointer expression.
    pub(super) fn pointee(&self, ptr: ExprId) -> R<Type> {
        self.expr(ptr)?
            .ty
            .pointee()
            .cloned()
            .ok_or_else(|| self.unsupported("internal: not a pointer"))
    }

    /// `ptr + index` elements of `elem` (for an array element when `agg`).
    fn indexed(&mut self, ptr: ExprId, index: ExprId, elem: &Type, agg: Option<&Type>) -> R<Place> {
        let (size, _) = self.module.size_align(elem);
        let lit = match &self.expr(index)?.kind {
            ExprKind::Literal(Literal::Int(v, _)) => Some(*v),
            _ => None,
        };
        let base = self.place(ptr)?;
        match (base, lit) {
            (Place::Regs { regs }, Some(i)) => {
                let range = match agg {
                    Some(a) => component_range(self.module, a, i as u64),
                    None if i == 0 => (0, regs.len()),
                    None => return Err(self.unsupported("internal: offset of a register local")),
                };
                Ok(Place::Regs {
                    regs: regs
                        .get(range.0..range.0 + range.1)
                        .map(<[Reg]>::to_vec)
                        .unwrap_or_default(),
                })
            }
            (Place::Regs { .. }, None) => {
                Err(self.unsupported("internal: variable index into a register local"))
            }
            (Place::Mem { base, off, space }, Some(i)) => Ok(Place::Mem {
                base,
                off: off + (i as i64) * i64::from(size),
                space,
            }),
            (Place::Mem { base, off, space }, None) => {
                let idx = self.eval1(index)?;
                let signed = self
                    .expr(index)?
                    .ty
                    .element_scalar()
                    .is_some_and(|s| s.is_signed_int());
                let scaled = self.fresh(RegClass::B64);
                match idx.class {
                    RegClass::B64 => {
                        self.ins(format!("mul.lo.s64 \t{scaled}, {idx}, {size}"));
                    }
                    _ => {
                        let t = if signed { "s32" } else { "u32" };
                        self.ins(format!("mul.wide.{t} \t{scaled}, {idx}, {size}"));
                    }
                }
                let sum = self.fresh(RegClass::B64);
                self.ins(format!("add.s64 \t{sum}, {base}, {scaled}"));
                Ok(Place::Mem {
                    base: sum,
                    off,
                    space,
                })
            }
        }
    }

    /// The value of a pointer expression as an address register.
    pub(super) fn address_of(&mut self, e: ExprId) -> R<Reg> {
        match self.place(e)? {
            Place::Mem { base, off: 0, .. } => Ok(base),
            Place::Mem { base, off, .. } => {
                let d = self.fresh(RegClass::B64);
                self.ins(format!("add.s64 \t{d}, {base}, {off}"));
                Ok(d)
            }
            Place::Regs { .. } => {
                Err(self.unsupported("internal: the address of a register local was taken"))
            }
        }
    }

    /// `*ptr` as a value of type `ty`.
    pub(super) fn load(
        &mut self,
        ptr: ExprId,
        ty: &Type,
        hint: CacheHint,
        volatile: bool,
    ) -> R<Vec<Reg>> {
        let pty = self.expr(ptr)?.ty.clone();
        let nc = matches!(
            pty,
            Type::Pointer {
                space: AddrSpace::Global,
                read_only: true,
                restrict: true,
                ..
            }
        );
        let hint = if nc && hint == CacheHint::Default {
            CacheHint::ReadOnly
        } else {
            hint
        };
        match self.place(ptr)? {
            Place::Regs { regs } => Ok(regs),
            Place::Mem { base, off, space } => {
                let q = self.access_qual(space, hint, volatile, true)?;
                self.read_mem(base, off, &q, ty)
            }
        }
    }

    /// `*ptr = value`.
    pub(super) fn store(
        &mut self,
        ptr: ExprId,
        value: &[Reg],
        ty: &Type,
        hint: CacheHint,
        volatile: bool,
    ) -> R<()> {
        match self.place(ptr)? {
            Place::Regs { regs } => {
                self.mov_regs(&regs, value);
                Ok(())
            }
            Place::Mem { base, off, space } => {
                let q = self.access_qual(space, hint, volatile, false)?;
                self.write_mem(base, off, &q, ty, value)
            }
        }
    }

    /// The qualifiers after `ld`/`st`: space, `.volatile`, cache operator.
    fn access_qual(
        &mut self,
        space: AddrSpace,
        hint: CacheHint,
        volatile: bool,
        is_load: bool,
    ) -> R<String> {
        let vol_shared = self.frame()?.volatile_shared
            && matches!(space, AddrSpace::Shared | AddrSpace::Generic);
        let sq = space_qual(space);
        if volatile || vol_shared {
            return Ok(format!(".volatile{sq}"));
        }
        let cache = match (hint, space) {
            (_, AddrSpace::Shared | AddrSpace::Local | AddrSpace::Constant) => "",
            (CacheHint::ReadOnly, AddrSpace::Global) if is_load => ".nc",
            (CacheHint::Global, _) => ".cg",
            (CacheHint::Streaming, _) => ".cs",
            (CacheHint::LastUse, _) if is_load => ".lu",
            (CacheHint::Volatile, _) if is_load => ".cv",
            (CacheHint::WriteThrough, _) if !is_load => ".wt",
            _ => "",
        };
        Ok(format!("{sq}{cache}"))
    }

    /// Reads a value of type `ty` at `[base+off]`.
    pub(super) fn read_mem(&mut self, base: Reg, off: i64, q: &str, ty: &Type) -> R<Vec<Reg>> {
        if let Some((s, n)) = vector_access(ty, off) {
            let regs: Vec<Reg> = (0..n).map(|_| self.fresh_for(s)).collect();
            let names: Vec<String> = regs.iter().map(ToString::to_string).collect();
            self.ins(format!(
                "ld{q}.v{n}.{} \t{{{}}}, {}",
                mem_ty(s),
                names.join(", "),
                addr(base, off)
            ));
            return Ok(regs);
        }
        let mut out = Vec::new();
        for leaf in leaves(self.module, ty) {
            let o = off + i64::from(leaf.offset);
            let s = leaf.kind.scalar();
            match &leaf.kind {
                LeafKind::Scalar(crate::ir::Scalar::Bool) => {
                    let w = self.fresh(RegClass::B32);
                    self.ins(format!("ld{q}.u8 \t{w}, {}", addr(base, o)));
                    let p = self.fresh(RegClass::Pred);
                    self.ins(format!("setp.ne.u32 \t{p}, {w}, 0"));
                    out.push(p);
                }
                LeafKind::Pointer(pty) => {
                    let r = self.fresh(RegClass::B64);
                    self.ins(format!("ld{q}.u64 \t{r}, {}", addr(base, o)));
                    out.push(self.window_of(r, space_of(pty)));
                }
                LeafKind::Scalar(_) => {
                    let r = self.fresh_for(s);
                    self.ins(format!("ld{q}.{} \t{r}, {}", mem_ty(s), addr(base, o)));
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// Writes `value` of type `ty` at `[base+off]`.
    pub(super) fn write_mem(
        &mut self,
        base: Reg,
        off: i64,
        q: &str,
        ty: &Type,
        value: &[Reg],
    ) -> R<()> {
        if let Some((s, n)) = vector_access(ty, off) {
            let names: Vec<String> = value.iter().map(ToString::to_string).collect();
            self.ins(format!(
                "st{q}.v{n}.{} \t{}, {{{}}}",
                mem_ty(s),
                addr(base, off),
                names.join(", ")
            ));
            return Ok(());
        }
        for (leaf, r) in leaves(self.module, ty).iter().zip(value) {
            let o = off + i64::from(leaf.offset);
            match &leaf.kind {
                LeafKind::Scalar(crate::ir::Scalar::Bool) => {
                    let w = self.fresh(RegClass::B32);
                    self.ins(format!("selp.u32 \t{w}, 1, 0, {r}"));
                    self.ins(format!("st{q}.u8 \t{}, {w}", addr(base, o)));
                }
                LeafKind::Pointer(pty) => {
                    let g = self.generic_of(*r, space_of(pty));
                    self.ins(format!("st{q}.u64 \t{}, {g}", addr(base, o)));
                }
                LeafKind::Scalar(s) => {
                    self.ins(format!("st{q}.{} \t{}, {r}", mem_ty(*s), addr(base, o)));
                }
            }
        }
        Ok(())
    }

    /// A window address of `space` as a generic address.
    pub(super) fn generic_of(&mut self, r: Reg, space: AddrSpace) -> Reg {
        let q = match space {
            AddrSpace::Shared => "shared",
            AddrSpace::Local => "local",
            AddrSpace::Constant => "const",
            AddrSpace::Global | AddrSpace::Generic => return r,
        };
        let d = self.fresh(RegClass::B64);
        self.ins(format!("cvta.{q}.u64 \t{d}, {r}"));
        d
    }

    /// A generic address as a window address of `space`.
    pub(super) fn window_of(&mut self, r: Reg, space: AddrSpace) -> Reg {
        let q = match space {
            AddrSpace::Shared => "shared",
            AddrSpace::Local => "local",
            AddrSpace::Constant => "const",
            AddrSpace::Global | AddrSpace::Generic => return r,
        };
        let d = self.fresh(RegClass::B64);
        self.ins(format!("cvta.to.{q}.u64 \t{d}, {r}"));
        d
    }
}

/// A vector type accessed with one `ld.vN`/`st.vN` (2 or 4 elements,
/// naturally aligned offset, at most 16 bytes, not bool).
fn vector_access(ty: &Type, off: i64) -> Option<(crate::ir::Scalar, u8)> {
    match ty {
        Type::Vector(s, n @ (2 | 4)) if *s != crate::ir::Scalar::Bool => {
            let size = i64::from(s.size()) * i64::from(*n);
            (size <= 16 && off % size == 0).then_some((*s, *n))
        }
        _ => None,
    }
}
