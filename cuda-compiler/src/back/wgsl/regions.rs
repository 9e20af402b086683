//! Memory regions: every piece of addressable memory a kernel touches is a
//! WGSL array of 32-bit words, addressed by byte offset. A pointer is the
//! pair (region number, byte offset), a `vec2<u32>` at run time.
//!
//! This module decides which regions exist (one storage binding per
//! pointer parameter, one workgroup array for all `__shared__` memory, one
//! private array per local whose address escapes, one private array per
//! initialised `__constant__` variable, and the uniform parameter block),
//! which locals live in memory, which pointers point into one statically
//! known region, and which regions are written or need atomic words.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::analysis::walk::{for_each_stmt, operands, stmt_exprs};
use crate::ir::{
    AddrSpace, ExprId, ExprKind, FuncId, Function, FunctionKind, GlobalId, LocalId, Module,
    StmtKind, Type,
};

/// What a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RegionKind {
    /// The storage buffer of kernel parameter `param`.
    Binding { param: u32 },
    /// All of the block's `__shared__` memory, static then dynamic.
    Shared,
    /// A local variable whose address escapes.
    Private { func: FuncId, local: LocalId },
    /// An initialised `__constant__` variable.
    Constant { global: GlobalId },
}

/// One region.
#[derive(Debug, Clone)]
pub(super) struct Region {
    /// What it is.
    pub kind: RegionKind,
    /// Its address space in the IR (decides which pointers may point here).
    pub space: AddrSpace,
    /// Size in 32-bit words (static part for shared memory; 0 for bindings).
    pub words: u32,
    /// Written by a store or an atomic.
    pub written: bool,
    /// Needs `atomic<u32>` words (atomics or sub-word stores race-free).
    pub atomic: bool,
}

/// Static facts about one function's pointers and locals.
#[derive(Debug, Clone, Default)]
pub(super) struct FnRegions {
    /// Locals that live in a private word array (their address escapes).
    pub memory_locals: HashSet<LocalId>,
    /// Per expression: the one region a pointer value points into, when
    /// known at compile time.
    pub static_region: Vec<Option<u32>>,
}

/// The regions of one kernel and the per-function facts.
#[derive(Debug, Clone, Default)]
pub(super) struct Regions {
    /// All regions; the index is the region number.
    pub list: Vec<Region>,
    /// Per reachable function.
    pub funcs: HashMap<FuncId, FnRegions>,
    /// Byte offset of each static `__shared__` variable in the shared region.
    pub shared_offsets: HashMap<GlobalId, u32>,
    /// Byte offset of dynamic shared memory in the shared region.
    pub dynamic_offset: u32,
    /// The kernel uses `extern __shared__` memory.
    pub uses_dynamic: bool,
}

impl Regions {
    /// The region of a kernel pointer parameter.
    pub fn binding_of(&self, param: u32) -> Option<u32> {
        self.find(|k| k == RegionKind::Binding { param })
    }

    /// The shared region.
    pub fn shared(&self) -> Option<u32> {
        self.find(|k| k == RegionKind::Shared)
    }

    /// The region of an escaping local.
    pub fn private(&self, func: FuncId, local: LocalId) -> Option<u32> {
        self.find(|k| k == RegionKind::Private { func, local })
    }

    /// The region of an initialised constant.
    pub fn constant(&self, global: GlobalId) -> Option<u32> {
        self.find(|k| k == RegionKind::Constant { global })
    }

    fn find(&self, f: impl Fn(RegionKind) -> bool) -> Option<u32> {
        self.list.iter().position(|r| f(r.kind)).map(|i| i as u32)
    }

    /// Regions a pointer of this address space may point into.
    pub fn candidates(&self, space: AddrSpace) -> Vec<u32> {
        (0..self.list.len() as u32)
            .filter(|&i| space == AddrSpace::Generic || self.list[i as usize].space == space)
            .collect()
    }
}

/// The IR address space of a pointer type (`Generic` when not a pointer).
pub(super) fn space_of(ty: &Type) -> AddrSpace {
    match ty {
        Type::Pointer { space, .. } => *space,
        _ => AddrSpace::Generic,
    }
}

/// Does a stored value of this type contain bytes narrower than a word?
fn has_subword(module: &Module, ty: &Type) -> bool {
    match ty {
        Type::Scalar(s) | Type::Vector(s, _) => s.size() < 4,
        Type::Array(e, _) => has_subword(module, e),
        Type::Struct(id) => module
            .structs
            .get(id.0 as usize)
            .is_some_and(|s| s.fields.iter().any(|f| has_subword(module, &f.ty))),
        Type::Pointer { .. } | Type::Void => false,
    }
}

/// Locals whose address is used other than to load, store or index them.
fn memory_locals(module: &Module, func: &Function) -> HashSet<LocalId> {
    let root = |mut e: ExprId| -> Option<LocalId> {
        loop {
            match &func.exprs[e].kind {
                ExprKind::LocalPtr(l) => return Some(*l),
                ExprKind::ElementPtr { ptr, .. } | ExprKind::MemberPtr { ptr, .. } => e = *ptr,
                _ => return None,
            }
        }
    };
    let mut out = HashSet::new();
    for (i, l) in func.locals.iter().enumerate() {
        let is_union = matches!(&l.ty, Type::Struct(id)
            if module.structs.get(id.0 as usize).is_some_and(|s| s.is_union));
        if is_union {
            out.insert(LocalId(i as u32));
        }
    }
    for (_, e) in func.exprs.iter() {
        let allowed: Vec<ExprId> = match &e.kind {
            ExprKind::Load { ptr, .. }
            | ExprKind::ElementPtr { ptr, .. }
            | ExprKind::MemberPtr { ptr, .. } => vec![*ptr],
            _ => Vec::new(),
        };
        for op in operands(&e.kind) {
            if !allowed.contains(&op) {
                if let Some(l) = root(op) {
                    out.insert(l);
                }
            }
        }
    }
    for_each_stmt(&func.body, &mut |s| {
        let store_ptr = match &s.kind {
            StmtKind::Store { ptr, .. } => Some(*ptr),
            _ => None,
        };
        for op in stmt_exprs(&s.kind) {
            if Some(op) != store_ptr {
                if let Some(l) = root(op) {
                    out.insert(l);
                }
            }
        }
    });
    out
}

/// A compile-time region lattice value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lat {
    Unset,
    One(u32),
    Many,
}

fn join(a: Lat, b: Lat) -> Lat {
    match (a, b) {
        (Lat::Unset, x) | (x, Lat::Unset) => x,
        (Lat::One(x), Lat::One(y)) if x == y => Lat::One(x),
        _ => Lat::Many,
    }
}

/// Infers the static region of each pointer expression of `func`.
fn infer_static(
    regions: &Regions,
    module: &Module,
    fid: FuncId,
    func: &Function,
    memory: &HashSet<LocalId>,
) -> Vec<Option<u32>> {
    let is_kernel = func.kind == FunctionKind::Kernel;
    let mut local_lat = vec![Lat::Unset; func.locals.len()];
    let mut lat = vec![Lat::Unset; func.exprs.len()];
    for _round in 0..16 {
        for (h, e) in func.exprs.iter() {
            let v = match &e.kind {
                ExprKind::Param(i) if is_kernel && e.ty.is_pointer() => {
                    regions.binding_of(*i).map_or(Lat::Many, Lat::One)
                }
                ExprKind::LocalPtr(l) if memory.contains(l) => {
                    regions.private(fid, *l).map_or(Lat::Many, Lat::One)
                }
                ExprKind::GlobalPtr(g) => match module.globals.get(g.0 as usize) {
                    Some(gl) if gl.space == AddrSpace::Shared => {
                        regions.shared().map_or(Lat::Many, Lat::One)
                    }
                    _ => regions.constant(*g).map_or(Lat::Many, Lat::One),
                },
                ExprKind::PtrOffset { ptr, .. }
                | ExprKind::ElementPtr { ptr, .. }
                | ExprKind::MemberPtr { ptr, .. }
                | ExprKind::PtrCast { ptr } => lat[ptr.index()],
                ExprKind::Load { ptr, .. } if e.ty.is_pointer() => match &func.exprs[*ptr].kind {
                    ExprKind::LocalPtr(l) if !memory.contains(l) => local_lat[l.0 as usize],
                    _ => Lat::Many,
                },
                ExprKind::Select { accept, reject, .. } if e.ty.is_pointer() => {
                    join(lat[accept.index()], lat[reject.index()])
                }
                _ => Lat::Many,
            };
            lat[h.index()] = v;
        }
        let before = local_lat.clone();
        for_each_stmt(&func.body, &mut |s| {
            if let StmtKind::Store { ptr, value, .. } = &s.kind {
                if let ExprKind::LocalPtr(l) = &func.exprs[*ptr].kind {
                    if !memory.contains(l) && func.exprs[*value].ty.is_pointer() {
                        let slot = &mut local_lat[l.0 as usize];
                        *slot = join(*slot, lat[value.index()]);
                    }
                }
            }
        });
        if before == local_lat {
            break;
        }
    }
    lat.into_iter()
        .map(|l| match l {
            Lat::One(r) => Some(r),
            _ => None,
        })
        .collect()
}

impl Regions {
    /// Computes the regions of a kernel: `kernel` is its function, `reach`
    /// the functions it reaches (itself included).
    pub fn build(module: &Module, kernel: FuncId, reach: &[FuncId]) -> Regions {
        let mut r = Regions::default();
        let kfunc = module.function(kernel);
        for (i, p) in kfunc.params.iter().enumerate() {
            if p.ty.is_pointer() {
                r.list.push(Region {
                    kind: RegionKind::Binding { param: i as u32 },
                    space: AddrSpace::Global,
                    words: 0,
                    written: false,
                    atomic: false,
                });
            }
        }
        // Shared and constant globals reached.
        let mut used: BTreeSet<u32> = BTreeSet::new();
        for &f in reach {
            for (_, e) in module.function(f).exprs.iter() {
                if let ExprKind::GlobalPtr(g) = e.kind {
                    used.insert(g.0);
                }
            }
        }
        let mut offset = 0u32;
        let mut dyn_align = 4u32;
        for &g in &used {
            let Some(gl) = module.globals.get(g as usize) else {
                continue;
            };
            if gl.space == AddrSpace::Shared {
                if gl.dynamic {
                    r.uses_dynamic = true;
                    dyn_align = dyn_align.max(gl.align);
                } else {
                    let (size, align) = module.size_align(&gl.ty);
                    let align = gl.align.max(align).max(1);
                    offset = offset.div_ceil(align) * align;
                    r.shared_offsets.insert(GlobalId(g), offset);
                    offset += size;
                }
            }
        }
        r.dynamic_offset = offset.div_ceil(dyn_align) * dyn_align;
        if !r.shared_offsets.is_empty() || r.uses_dynamic {
            r.list.push(Region {
                kind: RegionKind::Shared,
                space: AddrSpace::Shared,
                words: r.dynamic_offset.div_ceil(4).max(1),
                written: true,
                atomic: false,
            });
        }
        for &g in &used {
            if let Some(gl) = module.globals.get(g as usize) {
                if gl.space == AddrSpace::Constant && gl.init.is_some() {
                    r.list.push(Region {
                        kind: RegionKind::Constant {
                            global: GlobalId(g),
                        },
                        space: AddrSpace::Constant,
                        words: module.size_align(&gl.ty).0.div_ceil(4).max(1),
                        written: false,
                        atomic: false,
                    });
                }
            }
        }
        let mut memory = HashMap::new();
        for &f in reach {
            let func = module.function(f);
            let mem = memory_locals(module, func);
            let mut sorted: Vec<_> = mem.iter().copied().collect();
            sorted.sort();
            for l in sorted {
                let ty = &func.locals[l.0 as usize].ty;
                r.list.push(Region {
                    kind: RegionKind::Private { func: f, local: l },
                    space: AddrSpace::Local,
                    words: module.size_align(ty).0.div_ceil(4).max(1),
                    written: true,
                    atomic: false,
                });
            }
            memory.insert(f, mem);
        }
        for &f in reach {
            let func = module.function(f);
            let mem = memory.remove(&f).unwrap_or_default();
            let static_region = infer_static(&r, module, f, func, &mem);
            r.funcs.insert(
                f,
                FnRegions {
                    memory_locals: mem,
                    static_region,
                },
            );
        }
        r.mark_writes(module, reach);
        r
    }

    /// Marks regions written by stores and atomics, and those that need
    /// atomic words.
    fn mark_writes(&mut self, module: &Module, reach: &[FuncId]) {
        let mut marks: Vec<(u32, bool)> = Vec::new();
        for &f in reach {
            let func = module.function(f);
            let Some(info) = self.funcs.get(&f) else {
                continue;
            };
            let is_place = |mut e: ExprId| loop {
                match &func.exprs[e].kind {
                    ExprKind::LocalPtr(l) => return !info.memory_locals.contains(l),
                    ExprKind::ElementPtr { ptr, .. } | ExprKind::MemberPtr { ptr, .. } => e = *ptr,
                    _ => return false,
                }
            };
            for_each_stmt(&func.body, &mut |s| {
                let (ptr, atomic) = match &s.kind {
                    StmtKind::Store { ptr, value, .. } if !is_place(*ptr) => {
                        (*ptr, has_subword(module, &func.exprs[*value].ty))
                    }
                    StmtKind::Atomic { ptr, .. } => (*ptr, true),
                    _ => return,
                };
                let targets = match info.static_region[ptr.index()] {
                    Some(r) => vec![r],
                    None => self.candidates(space_of(&func.exprs[ptr].ty)),
                };
                for t in targets {
                    marks.push((t, atomic));
                }
            });
        }
        for (t, atomic) in marks {
            if let Some(reg) = self.list.get_mut(t as usize) {
                reg.written = true;
                if atomic && matches!(reg.space, AddrSpace::Global | AddrSpace::Shared) {
                    reg.atomic = true;
                }
            }
        }
    }
}
