//! Built-ins and the built-in headers through the whole front end
//! (preprocess → parse → sema → validate).

use crate::ir::{Block, ShuffleMode, StmtKind, WarpOp};
use crate::source::SourceFile;
use crate::{check, Checked, Options};

fn run(src: &str) -> Checked {
    check(SourceFile::new("t.cu", None, src), &Options::default())
}

fn ok(src: &str) -> Checked {
    let c = run(src);
    assert!(!c.has_errors(), "{}", c.render_diagnostics());
    c
}

/// Counts statements (recursively) that satisfy `pred`.
fn count(block: &Block, pred: &dyn Fn(&StmtKind) -> bool) -> usize {
    block
        .iter()
        .map(|s| {
            let own = usize::from(pred(&s.kind));
            own + match &s.kind {
                StmtKind::If { accept, reject, .. } => count(accept, pred) + count(reject, pred),
                StmtKind::Loop {
                    body, continuing, ..
                } => count(body, pred) + count(continuing, pred),
                StmtKind::Block(b) => count(b, pred),
                StmtKind::Switch { cases, .. } => cases.iter().map(|c| count(&c.body, pred)).sum(),
                _ => 0,
            }
        })
        .sum()
}

fn count_all(c: &Checked, pred: &dyn Fn(&StmtKind) -> bool) -> usize {
    c.module.as_ref().map_or(0, |m| {
        m.functions.iter().map(|f| count(&f.body, pred)).sum()
    })
}

#[test]
fn cooperative_groups_tile_reduction() {
    let c = ok(r#"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

__global__ void sum(const float* in, float* out, int n) {
    cooperative_groups::thread_block block = cooperative_groups::this_thread_block();
    cooperative_groups::thread_block_tile<32> tile =
        cooperative_groups::tiled_partition<32>(block);
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float v = i < n ? in[i] : 0.0f;
    v = cooperative_groups::reduce(tile, v, cooperative_groups::plus<float>());
    if (tile.thread_rank() == 0) atomicAdd(out, v);
    block.sync();
    cooperative_groups::sync(tile);
}
"#);
    let shuffles = count_all(&c, &|s| {
        matches!(
            s,
            StmtKind::Warp {
                op: WarpOp::Shuffle(ShuffleMode::Xor),
                ..
            }
        )
    });
    assert!(shuffles >= 1, "no xor shuffle");
    assert_eq!(count_all(&c, &|s| matches!(s, StmtKind::Atomic { .. })), 1);
    assert!(count_all(&c, &|s| matches!(s, StmtKind::Barrier { .. })) >= 2);
    if std::env::var_os("DUMP_IR").is_some() {
        if let Some(m) = &c.module {
            for f in &m.functions {
                eprintln!("fn {} {:?}", f.name, f.params);
                for s in &f.body {
                    eprintln!("  {:?}", s.kind);
                }
            }
        }
    }
}

#[test]
fn cooperative_groups_tile_queries_and_coalesced_groups() {
    ok(r#"
#include <cooperative_groups.h>
using namespace cooperative_groups;

__global__ void k(unsigned int* out) {
    thread_block block = this_thread_block();
    thread_block_tile<16> tile = tiled_partition<16>(block);
    unsigned int r = tile.thread_rank() + tile.meta_group_rank() * 100u + tile.size();
    int up = tile.shfl_up((int)r, 1u);
    int down = tile.shfl_down((int)r, 2u);
    int any = tile.any(up > 3);
    unsigned int b = tile.ballot(down > 1);
    coalesced_group active = coalesced_threads();
    unsigned int ar = active.thread_rank() + active.size() + active.ballot(1);
    float s = active.shfl(1.0f, 0u);
    active.sync();
    dim3 t = block.thread_index();
    out[block.thread_rank()] = r + (unsigned int)any + b + ar + (unsigned int)s + t.x;
}
"#);
}

#[test]
fn builtins_in_a_kernel() {
    let c = ok(r#"
#include <cuda_fp16.h>
__global__ void k(float* x, int* c, half2* h, double* d) {
    int i = threadIdx.x;
    float s, co;
    sincosf(x[i], &s, &co);
    x[i] = sqrtf(i) + __expf(s) + fminf(co, 1.0f) + __shfl_xor_sync(0xffffffff, x[i], 1);
    atomicAdd(&c[0], __popc(i));
    h[i] = __hadd2(h[i], __float2half2_rn(1.0f));
    h[i] = __hmul2(h[i], __halves2half2(CUDART_ONE_FP16, __float2half(2.0f)));
    d[i] = sqrt(d[i]) + pow(2.0, (double)i) + (double)min(i, 3);
    __syncthreads();
    x[i] = __ldg(&x[i + 1]) + __int_as_float(__float_as_int(x[i]) & 0x7fffffff);
}
"#);
    assert_eq!(count_all(&c, &|s| matches!(s, StmtKind::Atomic { .. })), 1);
}

#[test]
fn builtin_errors_point_at_the_call() {
    let c = run(r#"
__constant__ int table[4];
__global__ void k(long long* p) {
    atomicAdd(&table[0], 1);
}
"#);
    let text = c.render_diagnostics();
    assert!(
        text.contains("cannot apply `atomicAdd` to a pointer into constant memory"),
        "{text}"
    );
    let c = run(r#"
__global__ void k(long long* p) {
    atomicAdd(p, 1ll);
}
"#);
    let text = c.render_diagnostics();
    assert!(
        text.contains("no matching function for call to `atomicAdd`"),
        "{text}"
    );
    assert!(
        text.contains("candidate: `int atomicAdd(int*, int)`"),
        "{text}"
    );
}

#[test]
fn legacy_shuffle_warns() {
    let c = ok(r#"
__global__ void k(float* x) {
    x[threadIdx.x] = __shfl(x[threadIdx.x], 0);
}
"#);
    let text = c.render_diagnostics();
    assert!(text.contains("`__shfl` was removed in CUDA 9"), "{text}");
}

#[test]
#[ignore = "needs `namespace cg = cooperative_groups;` (no AST item for namespace aliases yet)"]
fn cooperative_groups_through_a_namespace_alias() {
    let c = ok(r#"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
__global__ void k(float* x) {
    cg::thread_block b = cg::this_thread_block();
    auto t = cg::tiled_partition<32>(b);
    x[b.thread_rank()] = cg::reduce(t, x[b.thread_rank()], cg::greater<float>());
}
"#);
    assert!(c.module.is_some());
}

#[test]
fn printf_warns_and_compiles_to_nothing() {
    let c = ok(r#"
#include <cstdio>
__global__ void k(int n) {
    printf("n = %d\n", n);
}
"#);
    let text = c.render_diagnostics();
    assert!(
        text.contains("`printf` in device code has no effect yet"),
        "{text}"
    );
}
