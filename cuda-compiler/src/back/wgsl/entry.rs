//! The whole kernel: device functions (callees first) as naga functions,
//! the kernel as the `@compute` entry point whose prologue unfolds the
//! dispatched grid into `blockIdx` and returns past the last block, and
//! the launch ABI that goes with it.

use cuda_abi::{WgslBinding, WgslKernel, WgslParam};
use naga::{BinaryOperator as B, Binding, Block, BuiltIn, Expression, Statement};

use super::func::FnCtx;
use super::memory::PARAMS_REGION;
use super::module::ModCtx;
use super::regions::{RegionKind, Regions};
use super::{Unsupported, BLOCK_DIM_OVERRIDES, DYNAMIC_SHARED_OVERRIDE, ENTRY_POINT};
use crate::analysis::call_graph::CallGraph;
use crate::ir::{FuncId, Kernel, Module, Type};

/// Compiles one kernel to WGSL and its ABI.
pub(super) fn compile_kernel(
    module: &Module,
    kernel: &Kernel,
    graph: &CallGraph,
) -> Result<WgslKernel, Unsupported> {
    let reach = graph.reachable(kernel.func);
    let regions = Regions::build(module, kernel.func, &reach);
    let (mut m, params_size) = ModCtx::new(module, kernel.func, regions)?;
    m.warp_funcs = warp_functions(module, graph);
    for f in graph.callees_first() {
        if f != kernel.func && reach.contains(&f) {
            let h = device_function(&mut m, f)?;
            m.functions.insert(f, h);
        }
    }
    let function = kernel_function(&mut m, kernel.func)?;
    let overrides = m.block_dim.map(|o| {
        Some(
            m.out
                .global_expressions
                .append(Expression::Override(o), naga::Span::UNDEFINED),
        )
    });
    m.out.entry_points.push(naga::EntryPoint {
        name: ENTRY_POINT.into(),
        stage: naga::ShaderStage::Compute,
        early_depth_test: None,
        workgroup_size: [1, 1, 1],
        workgroup_size_overrides: Some(overrides),
        function,
        mesh_info: None,
        task_payload: None,
        incoming_ray_payload: None,
    });
    let source = super::validate_and_write(&m.out, &kernel.name)?;
    Ok(abi(&m, module, kernel.func, source, params_size))
}

fn abi(
    m: &ModCtx<'_>,
    module: &Module,
    kfid: FuncId,
    source: String,
    params_size: u32,
) -> WgslKernel {
    let mut bindings = Vec::new();
    let mut binding_of_param = std::collections::HashMap::new();
    for reg in &m.regions.list {
        if let RegionKind::Binding { param } = reg.kind {
            binding_of_param.insert(param, bindings.len() as u32);
            bindings.push(WgslBinding {
                binding: bindings.len() as u32,
                params: vec![param],
                read_only: !reg.written,
            });
        }
    }
    let kfunc = module.function(kfid);
    let params = kfunc
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let slot = m.param_slots.get(i).copied().unwrap_or(0);
            match binding_of_param.get(&(i as u32)) {
                Some(&b) => WgslParam::Buffer {
                    binding: b,
                    offset_slot: slot,
                },
                None => WgslParam::Value {
                    offset: slot,
                    size: module.size_align(&p.ty).0,
                },
            }
        })
        .collect();
    let shared_words = m
        .regions
        .list
        .iter()
        .find(|r| r.kind == RegionKind::Shared)
        .map_or(0, |r| r.words);
    let scratch = if m.warp_scratch.is_some() { 4096 } else { 0 };
    let counter = if m.sync_counter.is_some() { 4 } else { 0 };
    WgslKernel {
        source,
        entry_point: ENTRY_POINT.into(),
        params_binding: bindings.len() as u32,
        bindings,
        params_size,
        grid_offset: 0,
        params,
        block_dim_overrides: BLOCK_DIM_OVERRIDES.map(String::from),
        dynamic_shared_override: m
            .dynamic_shared
            .map(|_| DYNAMIC_SHARED_OVERRIDE.to_string()),
        workgroup_bytes: shared_words * 4 + scratch + counter,
        needs_subgroups: false,
        needs_f16: false,
    }
}

fn device_function(
    m: &mut ModCtx<'_>,
    fid: FuncId,
) -> Result<naga::Handle<naga::Function>, Unsupported> {
    let func = m.ir.function(fid);
    let mut args = Vec::new();
    for p in &func.params {
        let ty = m
            .value_type(&p.ty)
            .map_err(|e| Unsupported::at(e, p.span))?;
        args.push(naga::FunctionArgument {
            name: Some(p.name.clone()),
            ty,
            binding: None,
        });
    }
    let result = if func.result == Type::Void {
        None
    } else {
        let ty = m
            .value_type(&func.result)
            .map_err(|e| Unsupported::at(e, func.span))?;
        Some(naga::FunctionResult { ty, binding: None })
    };
    let mut c = FnCtx::new(m, fid, false);
    c.nf.name = Some(func.name.clone());
    c.nf.arguments = args;
    c.nf.result = result;
    c.stmts(&func.body)?;
    let nf = finish(c);
    Ok(m.out.functions.append(nf, naga::Span::UNDEFINED))
}

fn finish(mut c: FnCtx<'_, '_>) -> naga::Function {
    let body = c.blocks.pop().unwrap_or_default();
    let mut nf = std::mem::take(&mut c.nf);
    nf.body = body;
    nf
}

fn kernel_function(m: &mut ModCtx<'_>, kfid: FuncId) -> Result<naga::Function, Unsupported> {
    let func = m.ir.function(kfid);
    let vec3 = m.ty(
        naga::TypeInner::Vector {
            size: naga::VectorSize::Tri,
            scalar: naga::Scalar::U32,
        },
        12,
        16,
    );
    let mut c = FnCtx::new(m, kfid, true);
    c.nf.name = Some(func.name.clone());
    for (name, b) in [
        ("local_id", BuiltIn::LocalInvocationId),
        ("group_id", BuiltIn::WorkGroupId),
        ("num_groups", BuiltIn::NumWorkGroups),
    ] {
        c.nf.arguments.push(naga::FunctionArgument {
            name: Some(name.into()),
            ty: vec3,
            binding: Some(Binding::BuiltIn(b)),
        });
    }
    prologue(&mut c, vec3)?;
    c.stmts(&func.body)?;
    Ok(finish(c))
}

/// Unfolds the grid, sets the built-in variables, returns past the last
/// block.
fn prologue(c: &mut FnCtx<'_, '_>, vec3: naga::Handle<naga::Type>) -> Result<(), Unsupported> {
    let lid = c.push(Expression::FunctionArgument(0));
    let wid = c.push(Expression::FunctionArgument(1));
    let nwg = c.push(Expression::FunctionArgument(2));
    let mut grid = Vec::new();
    for i in 0..3 {
        let w = c.u32(i);
        grid.push(c.load_word(PARAMS_REGION, w)?);
    }
    let [wx, wy, wz] = [0, 1, 2].map(|i| c.field(wid, i));
    let [nx, ny] = [0, 1].map(|i| c.field(nwg, i));
    let t = c.bin(B::Multiply, ny, wz);
    let t = c.bin(B::Add, wy, t);
    let t = c.bin(B::Multiply, nx, t);
    let lin = c.bin(B::Add, wx, t);
    let gxy = c.bin(B::Multiply, grid[0], grid[1]);
    let total = c.bin(B::Multiply, gxy, grid[2]);
    let past = c.bin(B::GreaterEqual, lin, total);
    let mut ret = Block::new();
    ret.push(Statement::Return { value: None }, naga::Span::UNDEFINED);
    c.stmt(Statement::If {
        condition: past,
        accept: ret,
        reject: Block::new(),
    });
    let bx = c.bin(B::Modulo, lin, grid[0]);
    let by = c.bin(B::Divide, lin, grid[0]);
    let by = c.bin(B::Modulo, by, grid[1]);
    let bz = c.bin(B::Divide, lin, gxy);
    let block_idx = c.push(Expression::Compose {
        ty: vec3,
        components: vec![bx, by, bz],
    });
    let grid_dim = c.push(Expression::Compose {
        ty: vec3,
        components: grid.clone(),
    });
    let [lx, ly, lz] = [0, 1, 2].map(|i| c.field(lid, i));
    let [dx, dy] = [0, 1].map(|i| c.push(Expression::Override(c.m.block_dim[i])));
    let t = c.bin(B::Multiply, dy, lz);
    let t = c.bin(B::Add, ly, t);
    let t = c.bin(B::Multiply, dx, t);
    let tid = c.bin(B::Add, lx, t);
    for (var, v) in [
        (c.m.thread_idx, lid),
        (c.m.block_idx, block_idx),
        (c.m.grid_dim, grid_dim),
        (c.m.linear_tid, tid),
    ] {
        let p = c.global_ptr(var);
        c.store(p, v);
    }
    Ok(())
}

/// Functions that run a warp collective or `__syncwarp`, themselves or in
/// a callee.
fn warp_functions(module: &Module, graph: &CallGraph) -> std::collections::HashSet<FuncId> {
    use crate::analysis::walk::for_each_stmt;
    use crate::ir::{BarrierKind, StmtKind};
    let mut out = std::collections::HashSet::new();
    for f in graph.callees_first() {
        let mut uses = graph.callees(f).iter().any(|c| out.contains(c));
        for_each_stmt(&module.function(f).body, &mut |s| {
            if matches!(
                s.kind,
                StmtKind::Warp { .. }
                    | StmtKind::Barrier {
                        kind: BarrierKind::Warp,
                        ..
                    }
            ) {
                uses = true;
            }
        });
        if uses {
            out.insert(f);
        }
    }
    out
}
