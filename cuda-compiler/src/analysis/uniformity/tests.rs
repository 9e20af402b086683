//! Uniformity tests on hand-built IR.

use super::*;
use crate::analysis::test_support::*;
use crate::ir::{BinaryOp, Dim, FunctionKind, Scalar, Type};
use crate::sema::builder::FnBuilder;
use crate::source::ExpansionMap;

fn u32t() -> Type {
    Type::Scalar(Scalar::U32)
}

fn tid(b: &mut FnBuilder<'_>) -> ExprId {
    b.expr(
        ExprKind::Builtin(BuiltinValue::ThreadIdx(Dim::X)),
        u32t(),
        sp(1, 2),
    )
}

fn lt(b: &mut FnBuilder<'_>, l: ExprId, r: ExprId, at: Span) -> ExprId {
    b.expr(
        ExprKind::Binary {
            op: BinaryOp::Lt,
            lhs: l,
            rhs: r,
        },
        Type::Scalar(Scalar::Bool),
        at,
    )
}

fn barrier(b: &mut FnBuilder<'_>, at: Span) {
    b.emit(
        StmtKind::Barrier {
            kind: BarrierKind::Block,
            mask: None,
        },
        at,
    );
}

fn kernel(map: &ExpansionMap) -> FnBuilder<'_> {
    FnBuilder::new(map, "k".into(), FunctionKind::Kernel, Span::default())
}

#[test]
fn tree_reduction_is_uniform() {
    // for (s = blockDim.x / 2; s > 0; s >>= 1) {
    //   if (tid < s) sdata[tid] += sdata[tid + s];
    //   __syncthreads();
    // }
    let map = ExpansionMap::new();
    let mut b = kernel(&map);
    let s = b.add_local("s", u32t(), Span::default());
    let sp_ = b.expr(
        ExprKind::LocalPtr(s),
        Type::ptr(u32t(), crate::ir::AddrSpace::Local),
        Span::default(),
    );
    let bd = b.expr(
        ExprKind::Builtin(BuiltinValue::BlockDim(Dim::X)),
        u32t(),
        Span::default(),
    );
    b.emit(store(sp_, bd), Span::default());
    b.push_block();
    let sv = load(&mut b, sp_);
    let zero = b.int(0, Scalar::U32, Span::default());
    let done = lt(&mut b, sv, zero, sp(5, 6));
    b.emit(
        StmtKind::If {
            cond: done,
            accept: vec![stmt(StmtKind::Break)],
            reject: Vec::new(),
        },
        Span::default(),
    );
    let t = tid(&mut b);
    let sv2 = load(&mut b, sp_);
    let active = lt(&mut b, t, sv2, sp(7, 8));
    b.emit(
        StmtKind::If {
            cond: active,
            accept: Vec::new(),
            reject: Vec::new(),
        },
        Span::default(),
    );
    barrier(&mut b, sp(9, 10));
    let body = b.pop_block();
    b.push_block();
    let sv3 = load(&mut b, sp_);
    let one = b.int(1, Scalar::U32, Span::default());
    let half = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Shr,
            lhs: sv3,
            rhs: one,
        },
        u32t(),
        Span::default(),
    );
    b.emit(store(sp_, half), Span::default());
    let continuing = b.pop_block();
    b.emit(
        StmtKind::Loop {
            body,
            continuing,
            unroll: None,
        },
        Span::default(),
    );
    let m = module_of(vec![b.finish()]);
    let u = analyze(&m);
    assert_eq!(u.divergent_barriers(), &[]);
    assert!(u.is_divergent(FuncId(0), active));
    assert!(!u.is_divergent(FuncId(0), done));
    assert_eq!(
        u.function(FuncId(0)).map(|f| f.divergent_locals.clone()),
        Some(vec![false])
    );
}

#[test]
fn barrier_under_thread_condition_and_in_divergent_loop() {
    let map = ExpansionMap::new();
    let mut b = kernel(&map);
    let t = tid(&mut b);
    let n = b.int(16, Scalar::U32, Span::default());
    let c = lt(&mut b, t, n, sp(3, 4));
    b.push_block();
    barrier(&mut b, sp(10, 11));
    let accept = b.pop_block();
    b.emit(
        StmtKind::If {
            cond: c,
            accept,
            reject: Vec::new(),
        },
        Span::default(),
    );
    // loop { barrier; if (tid < 16) break; }  — later iterations diverge.
    b.push_block();
    barrier(&mut b, sp(20, 21));
    b.emit(
        StmtKind::If {
            cond: c,
            accept: vec![stmt(StmtKind::Break)],
            reject: Vec::new(),
        },
        Span::default(),
    );
    let body = b.pop_block();
    b.emit(
        StmtKind::Loop {
            body,
            continuing: Vec::new(),
            unroll: None,
        },
        Span::default(),
    );
    let m = module_of(vec![b.finish()]);
    let spans: Vec<(Span, Option<Span>)> = analyze(&m)
        .divergent_barriers()
        .iter()
        .map(|d| (d.span, d.cause))
        .collect();
    assert_eq!(
        spans,
        vec![(sp(10, 11), Some(sp(3, 4))), (sp(20, 21), Some(sp(3, 4)))]
    );
}

#[test]
fn divergence_flows_through_locals_params_and_calls() {
    let map = ExpansionMap::new();
    // dev(x): if (x < 4) __syncthreads();
    let mut d = FnBuilder::new(&map, "dev".into(), FunctionKind::Device, Span::default());
    let x = param(&mut d, "x", u32t());
    let four = d.int(4, Scalar::U32, Span::default());
    let c = lt(&mut d, x, four, sp(30, 31));
    d.push_block();
    barrier(&mut d, sp(32, 33));
    let accept = d.pop_block();
    d.emit(
        StmtKind::If {
            cond: c,
            accept,
            reject: Vec::new(),
        },
        Span::default(),
    );
    // k: v = 0; if (tid < 2) v = 1; dev(v); if (tid < 2) dev(0);
    let mut b = kernel(&map);
    let v = b.add_local("v", u32t(), Span::default());
    let vp = b.expr(
        ExprKind::LocalPtr(v),
        Type::ptr(u32t(), crate::ir::AddrSpace::Local),
        Span::default(),
    );
    let zero = b.int(0, Scalar::U32, Span::default());
    b.emit(store(vp, zero), Span::default());
    let t = tid(&mut b);
    let two = b.int(2, Scalar::U32, Span::default());
    let c2 = lt(&mut b, t, two, sp(40, 41));
    let one = b.int(1, Scalar::U32, Span::default());
    b.emit(
        StmtKind::If {
            cond: c2,
            accept: vec![stmt(store(vp, one))],
            reject: Vec::new(),
        },
        Span::default(),
    );
    let vv = load(&mut b, vp);
    b.emit(
        StmtKind::Call {
            func: FuncId(1),
            args: vec![vv],
            result: None,
        },
        sp(50, 51),
    );
    b.emit(
        StmtKind::If {
            cond: c2,
            accept: vec![crate::ir::Stmt {
                kind: StmtKind::Call {
                    func: FuncId(1),
                    args: vec![zero],
                    result: None,
                },
                span: sp(60, 61),
            }],
            reject: Vec::new(),
        },
        Span::default(),
    );
    let m = module_of(vec![b.finish(), d.finish()]);
    let u = analyze(&m);
    assert!(u.is_divergent(FuncId(0), vv));
    assert_eq!(
        u.function(FuncId(1)).map(|f| f.divergent_params.clone()),
        Some(vec![true])
    );
    let found: Vec<(FuncId, Span, BarrierSite)> = u
        .divergent_barriers()
        .iter()
        .map(|d| (d.func, d.span, d.site))
        .collect();
    assert_eq!(
        found,
        vec![
            (FuncId(0), sp(60, 61), BarrierSite::Call("__syncthreads()")),
            (
                FuncId(1),
                sp(32, 33),
                BarrierSite::Barrier("__syncthreads()")
            ),
        ]
    );
}

/// The whole pipeline on real CUDA: the warning fires exactly for the
/// barriers that only some threads reach.
#[test]
fn barrier_warnings_through_the_pipeline() {
    let src = "__device__ void sync_all() { __syncthreads(); }
__global__ void early_return(float* x, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    x[i] = 1.0f;
    __syncthreads();
}
__global__ void grid_stride(float* x, int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        x[i] = 0.0f;
        __syncthreads();
    }
}
__global__ void uniform_loops(float* x, int n) {
    __shared__ float s[256];
    unsigned tid = threadIdx.x;
    s[tid] = x[tid];
    __syncthreads();
    for (unsigned k = blockDim.x / 2; k > 0; k >>= 1) {
        if (tid < k) s[tid] += s[tid + k];
        __syncthreads();
    }
    int count = __syncthreads_count(tid < 5);
    if (count > 3) __syncthreads();
    if (tid == 0) x[blockIdx.x] = s[0];
}
__global__ void via_call(float* x) {
    if (threadIdx.x < 32) sync_all();
    float v = x[threadIdx.x];
    while (v > 1.0f) { v = v * 0.5f; __syncthreads(); }
}
";
    let checked = crate::check(
        crate::source::SourceFile::new("u.cu", None, src),
        &crate::Options::default(),
    );
    assert!(!checked.has_errors(), "{}", checked.render_diagnostics());
    let found: Vec<(String, u32, u32, Option<u32>)> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let (_, line, col) = d.location(&checked.files).unwrap_or_default();
            let cause_line = d
                .labels
                .first()
                .map(|l| checked.files.get(l.span.file).line_col(l.span.lo).0);
            (d.message.clone(), line, col, cause_line)
        })
        .collect();
    let msg = "`__syncthreads()` may be reached by only some threads of the block".to_string();
    assert_eq!(
        found,
        vec![
            (msg.clone(), 6, 5, Some(4)),
            (msg.clone(), 11, 9, Some(9)),
            (msg.clone(), 28, 27, Some(28)),
            (msg, 30, 38, Some(30)),
        ]
    );
}
