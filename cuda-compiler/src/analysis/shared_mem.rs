//! Shared memory per kernel: the static bytes of the `__shared__` variables
//! it reaches, laid out with their alignment, and whether it uses dynamic
//! (`extern __shared__`) memory.
//!
//! Launch code checks the total against the device limit (48 KiB on CUDA
//! by default, 16 KiB on WebGPU by default) and places the dynamic region
//! after the static one, aligned to `dynamic_align`.

use super::call_graph::CallGraph;
use crate::ir::{AddrSpace, BuiltinValue, ExprKind, FuncId, Module};

/// Shared memory used by one kernel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SharedMemory {
    /// Bytes of the static `__shared__` variables the kernel reaches, in
    /// module order, each aligned (the layout nvcc uses).
    pub static_bytes: u64,
    /// Does the kernel use `extern __shared__` memory (sized at launch)?
    pub uses_dynamic: bool,
    /// The largest alignment any dynamic shared array asks for (1 if none).
    pub dynamic_align: u32,
}

/// Computes the shared memory of the kernel implemented by `kernel`.
pub fn kernel_shared_memory(module: &Module, graph: &CallGraph, kernel: FuncId) -> SharedMemory {
    let mut used = vec![false; module.globals.len()];
    let mut out = SharedMemory {
        dynamic_align: 1,
        ..SharedMemory::default()
    };
    for f in graph.reachable(kernel) {
        let Some(func) = module.functions.get(f.0 as usize) else {
            continue;
        };
        for (_, e) in func.exprs.iter() {
            match e.kind {
                ExprKind::GlobalPtr(g) => {
                    if let Some(slot) = used.get_mut(g.0 as usize) {
                        *slot = true;
                    }
                }
                ExprKind::Builtin(BuiltinValue::DynamicSharedBytes) => out.uses_dynamic = true,
                _ => {}
            }
        }
    }
    let mut offset: u64 = 0;
    for (g, is_used) in module.globals.iter().zip(used) {
        if !is_used || g.space != AddrSpace::Shared {
            continue;
        }
        let (size, type_align) = module.size_align(&g.ty);
        let align = u64::from(g.align.max(type_align).max(1));
        if g.dynamic {
            out.uses_dynamic = true;
            out.dynamic_align = out.dynamic_align.max(align as u32);
            continue;
        }
        offset = offset.div_ceil(align).saturating_mul(align);
        offset = offset.saturating_add(u64::from(size));
    }
    out.static_bytes = offset;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_support::*;
    use crate::ir::{Global, Scalar, Type};
    use crate::source::Span;

    fn shared(name: &str, ty: Type, align: u32, dynamic: bool) -> Global {
        Global {
            name: name.into(),
            ty,
            space: AddrSpace::Shared,
            init: None,
            dynamic,
            align,
            span: Span::default(),
        }
    }

    #[test]
    fn sums_reachable_shared_with_alignment() {
        let map = crate::source::ExpansionMap::new();
        let arr = |s, n| Type::Array(Box::new(Type::Scalar(s)), n);
        let mut m = module_of(vec![
            function("k", vec![call(1)]),
            function("dev", Vec::new()),
        ]);
        m.globals = vec![
            shared("flag", Type::Scalar(Scalar::U8), 1, false),
            shared("tile", arr(Scalar::F32, 32 * 33), 4, false),
            shared("unused", arr(Scalar::F64, 100), 8, false),
            shared("vals", arr(Scalar::F64, 3), 8, false),
            shared("dyn", arr(Scalar::F32, 0), 16, true),
        ];
        let gptr = |g: u32, ty: &Type, b: &mut crate::sema::builder::FnBuilder<'_>| {
            b.expr(
                ExprKind::GlobalPtr(crate::ir::GlobalId(g)),
                Type::ptr(ty.clone(), AddrSpace::Shared),
                Span::default(),
            );
        };
        for (f, globals) in [(0usize, vec![0u32, 1]), (1, vec![3, 4])] {
            let mut b = crate::sema::builder::FnBuilder::new(
                &map,
                "x".into(),
                crate::ir::FunctionKind::Device,
                Span::default(),
            );
            for g in globals {
                let ty = m.globals[g as usize].ty.clone();
                gptr(g, &ty, &mut b);
            }
            m.functions[f].exprs = b.finish().exprs;
        }
        let s = kernel_shared_memory(&m, &CallGraph::new(&m), FuncId(0));
        // flag at 0 (1 byte), tile at 4 (4224 bytes), vals at 4232 (24 bytes)
        assert_eq!(
            s,
            SharedMemory {
                static_bytes: 4256,
                uses_dynamic: true,
                dynamic_align: 16
            }
        );
        let s = kernel_shared_memory(&m, &CallGraph::new(&m), FuncId(1));
        assert_eq!(s.static_bytes, 24);
    }
}
