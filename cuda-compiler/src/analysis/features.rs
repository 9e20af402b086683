//! Which target-relevant features each kernel uses.
//!
//! Every back end states what it supports (WebGPU has no `f64` or 64-bit
//! atomics, subgroups are optional, …). A kernel's [`FeatureSet`] covers the
//! kernel function and every device function it reaches, and keeps the first
//! span where each feature appears, so an unsupported combination is
//! reported naming the feature, the source line and the target.

use super::call_graph::CallGraph;
use super::walk::for_each_stmt;
use crate::ir::{
    AddrSpace, BuiltinValue, CacheHint, ExprKind, FuncId, Module, Scalar, StmtKind, Type, WarpOp,
};
use crate::source::Span;
use std::collections::BTreeMap;

/// A feature a kernel may use that some target lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// `double` values.
    F64,
    /// `half` values.
    F16,
    /// `__nv_bfloat16` values.
    BF16,
    /// 64-bit integers.
    I64,
    /// Loads or stores of 8- or 16-bit integers (WGSL has no such storage).
    SmallIntMemory,
    /// Any atomic read-modify-write (WGSL needs `atomic<…>` storage).
    Atomics,
    /// Atomics on floating-point values.
    FloatAtomics,
    /// Atomics on 64-bit values.
    Atomics64,
    /// Atomics on shared memory.
    SharedAtomics,
    /// `__shfl*_sync`.
    WarpShuffle,
    /// `__all/any/uni/ballot_sync`, `__activemask`.
    WarpVote,
    /// `__reduce_*_sync`, `__match_*_sync`.
    WarpReduce,
    /// `__syncthreads` and its reductions.
    BlockBarrier,
    /// `__syncwarp`.
    WarpBarrier,
    /// `__threadfence*`.
    Fences,
    /// `extern __shared__` arrays.
    DynamicShared,
    /// `__constant__` variables.
    ConstantMemory,
    /// `__device__` variables.
    DeviceGlobals,
    /// Calls of device functions.
    DeviceCalls,
    /// Pointers whose address space is only known at run time.
    GenericPointers,
    /// `volatile` accesses.
    Volatile,
    /// `__ldg`, `const __restrict__` loads and other cache hints.
    CacheHints,
    /// `#pragma unroll`.
    Unroll,
}

impl Feature {
    /// Every feature, in display order.
    pub const ALL: [Feature; 23] = [
        Feature::F64,
        Feature::F16,
        Feature::BF16,
        Feature::I64,
        Feature::SmallIntMemory,
        Feature::Atomics,
        Feature::FloatAtomics,
        Feature::Atomics64,
        Feature::SharedAtomics,
        Feature::WarpShuffle,
        Feature::WarpVote,
        Feature::WarpReduce,
        Feature::BlockBarrier,
        Feature::WarpBarrier,
        Feature::Fences,
        Feature::DynamicShared,
        Feature::ConstantMemory,
        Feature::DeviceGlobals,
        Feature::DeviceCalls,
        Feature::GenericPointers,
        Feature::Volatile,
        Feature::CacheHints,
        Feature::Unroll,
    ];

    /// A stable identifier for JSON and command lines (`f64`,
    /// `warp_shuffle`, …).
    pub fn name(self) -> &'static str {
        match self {
            Feature::F64 => "f64",
            Feature::F16 => "f16",
            Feature::BF16 => "bf16",
            Feature::I64 => "i64",
            Feature::SmallIntMemory => "i8_i16_memory",
            Feature::Atomics => "atomics",
            Feature::FloatAtomics => "float_atomics",
            Feature::Atomics64 => "atomics_64",
            Feature::SharedAtomics => "shared_atomics",
            Feature::WarpShuffle => "warp_shuffle",
            Feature::WarpVote => "warp_vote",
            Feature::WarpReduce => "warp_reduce",
            Feature::BlockBarrier => "block_barrier",
            Feature::WarpBarrier => "warp_barrier",
            Feature::Fences => "fences",
            Feature::DynamicShared => "dynamic_shared",
            Feature::ConstantMemory => "constant_memory",
            Feature::DeviceGlobals => "device_globals",
            Feature::DeviceCalls => "device_calls",
            Feature::GenericPointers => "generic_pointers",
            Feature::Volatile => "volatile",
            Feature::CacheHints => "cache_hints",
            Feature::Unroll => "pragma_unroll",
        }
    }

    /// A phrase for people (`double precision`, `warp shuffles`).
    pub fn description(self) -> &'static str {
        match self {
            Feature::F64 => "double precision (`double`)",
            Feature::F16 => "half precision (`half`)",
            Feature::BF16 => "bfloat16 (`__nv_bfloat16`)",
            Feature::I64 => "64-bit integers",
            Feature::SmallIntMemory => "8- and 16-bit integers in memory",
            Feature::Atomics => "atomics",
            Feature::FloatAtomics => "floating-point atomics",
            Feature::Atomics64 => "64-bit atomics",
            Feature::SharedAtomics => "shared-memory atomics",
            Feature::WarpShuffle => "warp shuffles",
            Feature::WarpVote => "warp votes",
            Feature::WarpReduce => "warp reductions and matches",
            Feature::BlockBarrier => "block barriers (`__syncthreads`)",
            Feature::WarpBarrier => "warp barriers (`__syncwarp`)",
            Feature::Fences => "memory fences",
            Feature::DynamicShared => "dynamic shared memory (`extern __shared__`)",
            Feature::ConstantMemory => "constant memory (`__constant__`)",
            Feature::DeviceGlobals => "device globals (`__device__` variables)",
            Feature::DeviceCalls => "device function calls",
            Feature::GenericPointers => "generic pointers",
            Feature::Volatile => "`volatile` accesses",
            Feature::CacheHints => "cache hints (`__ldg`, `const __restrict__`)",
            Feature::Unroll => "`#pragma unroll`",
        }
    }
}

/// The features a kernel uses, each with the first place it appears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureSet {
    used: BTreeMap<Feature, Span>,
}

impl FeatureSet {
    /// Does the kernel use `f`?
    pub fn contains(&self, f: Feature) -> bool {
        self.used.contains_key(&f)
    }

    /// Where `f` first appears (a span of the preprocessed text).
    pub fn span(&self, f: Feature) -> Option<Span> {
        self.used.get(&f).copied()
    }

    /// The features used, in [`Feature::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = Feature> + '_ {
        self.used.keys().copied()
    }

    /// The stable names of the features used.
    pub fn names(&self) -> Vec<&'static str> {
        self.iter().map(Feature::name).collect()
    }

    /// No features at all?
    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }

    fn add(&mut self, f: Feature, span: Span) {
        self.used.entry(f).or_insert(span);
    }

    fn add_type(&mut self, module: &Module, ty: &Type, span: Span) {
        let mut seen = Vec::new();
        scalars_of(module, ty, &mut seen, &mut |s| match s {
            Scalar::F64 => self.add(Feature::F64, span),
            Scalar::F16 => self.add(Feature::F16, span),
            Scalar::BF16 => self.add(Feature::BF16, span),
            Scalar::I64 | Scalar::U64 => self.add(Feature::I64, span),
            _ => {}
        });
        if has_generic_pointer(ty) {
            self.add(Feature::GenericPointers, span);
        }
    }
}

/// Calls `f` on every scalar inside `ty` (through pointers, arrays, struct
/// fields); `seen` stops cycles through struct ids.
fn scalars_of(module: &Module, ty: &Type, seen: &mut Vec<u32>, f: &mut impl FnMut(Scalar)) {
    match ty {
        Type::Void => {}
        Type::Scalar(s) | Type::Vector(s, _) => f(*s),
        Type::Pointer { pointee, .. } => scalars_of(module, pointee, seen, f),
        Type::Array(elem, _) => scalars_of(module, elem, seen, f),
        Type::Struct(id) => {
            if seen.contains(&id.0) {
                return;
            }
            seen.push(id.0);
            if let Some(def) = module.structs.get(id.0 as usize) {
                for field in &def.fields {
                    scalars_of(module, &field.ty, seen, f);
                }
            }
        }
    }
}

fn has_generic_pointer(ty: &Type) -> bool {
    match ty {
        Type::Pointer { pointee, space, .. } => {
            *space == AddrSpace::Generic || has_generic_pointer(pointee)
        }
        Type::Array(elem, _) => has_generic_pointer(elem),
        _ => false,
    }
}

/// Is a loaded or stored value made of 8/16-bit integers?
fn is_small_int(module: &Module, ty: &Type) -> bool {
    if ty.is_pointer() {
        return false;
    }
    let mut small = false;
    scalars_of(module, ty, &mut Vec::new(), &mut |s| {
        small |= matches!(s, Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16);
    });
    small
}

/// The features of the kernel implemented by `kernel` and every function it
/// reaches.
pub fn kernel_features(module: &Module, graph: &CallGraph, kernel: FuncId) -> FeatureSet {
    let mut set = FeatureSet::default();
    for f in graph.reachable(kernel) {
        let Some(func) = module.functions.get(f.0 as usize) else {
            continue;
        };
        for p in &func.params {
            set.add_type(module, &p.ty, p.span);
        }
        for l in &func.locals {
            set.add_type(module, &l.ty, l.span);
        }
        for (h, e) in func.exprs.iter() {
            let span = func.exprs.span(h);
            set.add_type(module, &e.ty, span);
            match &e.kind {
                ExprKind::Load { hint, volatile, .. } => {
                    if is_small_int(module, &e.ty) {
                        set.add(Feature::SmallIntMemory, span);
                    }
                    if *volatile {
                        set.add(Feature::Volatile, span);
                    }
                    if *hint != CacheHint::Default {
                        set.add(Feature::CacheHints, span);
                    }
                }
                ExprKind::GlobalPtr(g) => {
                    if let Some(global) = module.globals.get(g.0 as usize) {
                        set.add_type(module, &global.ty, span);
                        match global.space {
                            AddrSpace::Shared if global.dynamic => {
                                set.add(Feature::DynamicShared, span)
                            }
                            AddrSpace::Constant => set.add(Feature::ConstantMemory, span),
                            AddrSpace::Global => set.add(Feature::DeviceGlobals, span),
                            _ => {}
                        }
                    }
                }
                ExprKind::Builtin(BuiltinValue::DynamicSharedBytes) => {
                    set.add(Feature::DynamicShared, span)
                }
                _ => {}
            }
        }
        for_each_stmt(&func.body, &mut |s| {
            let span = s.span;
            let value_ty = |e: crate::ir::ExprId| func.exprs.try_get(e).map(|x| &x.ty);
            match &s.kind {
                StmtKind::Store {
                    value,
                    hint,
                    volatile,
                    ..
                } => {
                    if value_ty(*value).is_some_and(|t| is_small_int(module, t)) {
                        set.add(Feature::SmallIntMemory, span);
                    }
                    if *volatile {
                        set.add(Feature::Volatile, span);
                    }
                    if *hint != CacheHint::Default {
                        set.add(Feature::CacheHints, span);
                    }
                }
                StmtKind::Loop {
                    unroll: Some(_), ..
                } => set.add(Feature::Unroll, span),
                StmtKind::Call { .. } => set.add(Feature::DeviceCalls, span),
                StmtKind::Atomic { ptr, .. } => {
                    set.add(Feature::Atomics, span);
                    if let Some(Type::Pointer { pointee, space, .. }) = value_ty(*ptr) {
                        if pointee.element_scalar().is_some_and(Scalar::is_float) {
                            set.add(Feature::FloatAtomics, span);
                        }
                        if module.size_align(pointee).0 == 8 {
                            set.add(Feature::Atomics64, span);
                        }
                        if *space == AddrSpace::Shared {
                            set.add(Feature::SharedAtomics, span);
                        }
                    }
                }
                StmtKind::Warp { op, .. } => {
                    let feature = match op {
                        WarpOp::Shuffle(_) => Feature::WarpShuffle,
                        WarpOp::All
                        | WarpOp::Any
                        | WarpOp::Uni
                        | WarpOp::Ballot
                        | WarpOp::ActiveMask => Feature::WarpVote,
                        WarpOp::MatchAny
                        | WarpOp::MatchAll
                        | WarpOp::ReduceAdd
                        | WarpOp::ReduceMin
                        | WarpOp::ReduceMax
                        | WarpOp::ReduceAnd
                        | WarpOp::ReduceOr
                        | WarpOp::ReduceXor => Feature::WarpReduce,
                    };
                    set.add(feature, span);
                }
                StmtKind::Barrier { kind, .. } => set.add(
                    match kind {
                        crate::ir::BarrierKind::Block => Feature::BlockBarrier,
                        crate::ir::BarrierKind::Warp => Feature::WarpBarrier,
                    },
                    span,
                ),
                StmtKind::BarrierReduce { .. } => set.add(Feature::BlockBarrier, span),
                StmtKind::Fence(_) => set.add(Feature::Fences, span),
                _ => {}
            }
        });
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_support::*;

    #[test]
    fn saxpy_uses_nothing_special() {
        let (_, map) = identity_source(SAXPY);
        let m = saxpy(&map);
        let set = kernel_features(&m, &CallGraph::new(&m), FuncId(0));
        assert!(set.is_empty(), "{:?}", set.names());
    }

    #[test]
    fn finds_doubles_atomics_and_calls() {
        let map = crate::source::ExpansionMap::new();
        let mut b = crate::sema::builder::FnBuilder::new(
            &map,
            "k".into(),
            crate::ir::FunctionKind::Kernel,
            Span::default(),
        );
        let p = param(
            &mut b,
            "p",
            Type::ptr(Type::Scalar(Scalar::F64), AddrSpace::Shared),
        );
        let one = b.float(1.0, Scalar::F64, sp(10, 13));
        b.emit(
            StmtKind::Atomic {
                op: crate::ir::AtomicOp::Add,
                ptr: p,
                value: one,
                compare: None,
                scope: crate::ir::Scope::Device,
                result: None,
            },
            sp(20, 30),
        );
        b.emit(call(1), sp(40, 45));
        let m = module_of(vec![b.finish(), function("dev", Vec::new())]);
        let set = kernel_features(&m, &CallGraph::new(&m), FuncId(0));
        assert_eq!(
            set.names(),
            vec![
                "f64",
                "atomics",
                "float_atomics",
                "atomics_64",
                "shared_atomics",
                "device_calls"
            ]
        );
        assert_eq!(set.span(Feature::Atomics64), Some(sp(20, 30)));
        assert_eq!(set.span(Feature::DeviceCalls), Some(sp(40, 45)));
    }
}
