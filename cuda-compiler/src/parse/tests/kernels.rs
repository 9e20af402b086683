//! Whole real-world-style files.

use super::support::*;
use crate::parse::ast::*;

pub(super) const MATMUL: &str = r#"
#define TILE 16
__global__ void matmul(const float* __restrict__ A, const float* __restrict__ B,
                       float* C, int N) {
    __shared__ float As[16][16];
    __shared__ float Bs[16][16];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * 16 + ty;
    int col = blockIdx.x * 16 + tx;
    float sum = 0.0f;
    for (int t = 0; t < (N + 16 - 1) / 16; ++t) {
        As[ty][tx] = (row < N && t * 16 + tx < N) ? A[row * N + t * 16 + tx] : 0.0f;
        Bs[ty][tx] = (col < N && t * 16 + ty < N) ? B[(t * 16 + ty) * N + col] : 0.0f;
        __syncthreads();
#pragma unroll
        for (int k = 0; k < 16; ++k)
            sum += As[ty][k] * Bs[k][tx];
        __syncthreads();
    }
    if (row < N && col < N) C[row * N + col] = sum;
}
"#;

#[test]
fn tiled_matmul() {
    let tu = parse_ok(MATMUL);
    assert_eq!(tu.items.len(), 1);
    let ItemKind::Function(f) = &tu.items[0].kind else {
        panic!("not a function")
    };
    assert!(f.quals.global);
    assert_eq!(f.name.display(), "matmul");
    assert_eq!(f.params.len(), 4);
    assert_eq!(show_ty(&f.params[0].ty), "ptr restrict(const Float)");
    assert_eq!(show_ty(&f.params[2].ty), "ptr(Float)");
    let Some(FnBody::Block(b)) = &f.body else {
        panic!("no body")
    };
    let StmtKind::Decl(d) = &b.stmts[0].kind else {
        panic!("not a decl")
    };
    assert!(d[0].quals.shared);
    assert_eq!(show_ty(&d[0].ty), "array[16](array[16](Float))");
    let StmtKind::Decl(d) = &b.stmts[2].kind else {
        panic!("not a decl")
    };
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].name.name, "ty");
    let StmtKind::For { body, .. } = &b.stmts[6].kind else {
        panic!("not a for")
    };
    let StmtKind::Block(inner) = &body.kind else {
        panic!("not a block")
    };
    assert!(matches!(inner.stmts[3].kind, StmtKind::PragmaUnroll(None)));
    assert!(matches!(inner.stmts[4].kind, StmtKind::For { .. }));
}

pub(super) const REDUCTION: &str = r#"
template <typename T, unsigned int blockSize>
__device__ void warpReduce(volatile T* sdata, unsigned int tid) {
    if (blockSize >= 64) sdata[tid] += sdata[tid + 32];
    if (blockSize >= 32) sdata[tid] += sdata[tid + 16];
}

template <typename T, unsigned int blockSize, bool nIsPow2>
__global__ void reduce6(T* g_idata, T* g_odata, unsigned int n) {
    extern __shared__ T sdata[];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockSize * 2 + threadIdx.x;
    unsigned int gridSize = blockSize * 2 * gridDim.x;
    T mySum = 0;
    while (i < n) {
        mySum += g_idata[i];
        if (nIsPow2 || i + blockSize < n) mySum += g_idata[i + blockSize];
        i += gridSize;
    }
    sdata[tid] = mySum;
    __syncthreads();
    if (blockSize >= 512) { if (tid < 256) { sdata[tid] = mySum = mySum + sdata[tid + 256]; } __syncthreads(); }
    if (tid < 32) warpReduce<T, blockSize>(sdata, tid);
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

template __global__ void reduce6<float, 256, true>(float*, float*, unsigned int);
"#;

#[test]
fn templated_reduction() {
    let tu = parse_ok(REDUCTION);
    assert_eq!(tu.items.len(), 3);
    let ItemKind::Template(t) = &tu.items[1].kind else {
        panic!("not a template")
    };
    assert_eq!(t.params.len(), 3);
    assert!(matches!(&t.params[0], TemplateParam::Type { name, .. } if name.name == "T"));
    match &t.params[1] {
        TemplateParam::Value { ty, name, .. } => {
            assert_eq!(name.name, "blockSize");
            assert_eq!(show_ty(ty), "UInt");
        }
        other => panic!("{other:?}"),
    }
    let ItemKind::Function(f) = &t.item.kind else {
        panic!("not a function")
    };
    let Some(FnBody::Block(b)) = &f.body else {
        panic!("no body")
    };
    let StmtKind::If { then, .. } = &b.stmts[9].kind else {
        panic!("{:?}", b.stmts[9].kind)
    };
    let StmtKind::Expr(call) = &then.kind else {
        panic!("not an expr")
    };
    assert_eq!(show(call), "warpReduce<T, blockSize>(sdata, tid)");
    let ItemKind::ExplicitInstantiation(inst) = &tu.items[2].kind else {
        panic!("not an instantiation")
    };
    let ItemKind::Function(f) = &inst.kind else {
        panic!("not a function")
    };
    assert_eq!(show_path(&f.name), "reduce6<type Float, 256, true>");
    assert!(f.body.is_none());
}

pub(super) const SAMPLE: &str = r#"
#include <cstdio>
#include <vector>
#include <iostream>

class Shape {
public:
    virtual ~Shape() {}
    virtual double area() const = 0;
};

class Square : public Shape {
    double s;
public:
    explicit Square(double s) : s(s) {}
    double area() const override { return s * s; }
};

__global__ void vecAdd(const float *A, const float *B, float *C, int numElements) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < numElements) {
        C[i] = A[i] + B[i] + 0.0f;
    }
}

static void check(cudaError_t err, const char* what) {
    if (err != cudaSuccess) {
        std::cerr << what << ": " << cudaGetErrorString(err) << std::endl;
        throw std::runtime_error(what);
    }
}

int main(int argc, char **argv) {
    int numElements = 50000;
    size_t size = numElements * sizeof(float);
    std::vector<float> h_A(numElements), h_B(numElements), h_C(numElements);
    for (auto& x : h_A) x = rand() / (float)RAND_MAX;
    float *d_A = nullptr, *d_B = nullptr, *d_C = nullptr;
    check(cudaMalloc((void **)&d_A, size), "malloc A");
    cudaMalloc(&d_B, size);
    cudaMalloc(&d_C, size);
    cudaMemcpy(d_A, h_A.data(), size, cudaMemcpyHostToDevice);
    int threadsPerBlock = 256;
    int blocksPerGrid = (numElements + threadsPerBlock - 1) / threadsPerBlock;
    vecAdd<<<blocksPerGrid, threadsPerBlock>>>(d_A, d_B, d_C, numElements);
    Shape* s = new Square(2.0);
    std::cout << "area " << s->area() << std::endl;
    delete s;
    cudaFree(d_A);
    printf("Done\n");
    return 0;
}
"#;

#[test]
fn cuda_samples_style_file() {
    let tu = parse_ok(SAMPLE);
    let kinds: Vec<String> = tu
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Function(f) => format!(
                "fn {} {}",
                f.name.display(),
                match f.body {
                    Some(FnBody::Block(_)) => "block",
                    Some(FnBody::Host(_)) => "host",
                    _ => "none",
                }
            ),
            ItemKind::Struct(s) => format!("struct {}", s.name.as_ref().map_or("", |n| &n.name)),
            ItemKind::HostCode { .. } => "host".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "struct Shape",
            "struct Square",
            "fn vecAdd block",
            "fn check block",
            "fn main block"
        ]
    );
    let ItemKind::Function(main) = &tu.items[4].kind else {
        panic!()
    };
    let Some(FnBody::Block(b)) = &main.body else {
        panic!()
    };
    let launch = b
        .stmts
        .iter()
        .find_map(|s| match &s.kind {
            StmtKind::Expr(e) if matches!(e.kind, ExprKind::Launch { .. }) => Some(show(e)),
            _ => None,
        })
        .expect("a launch");
    assert_eq!(
        launch,
        "vecAdd<<<blocksPerGrid, threadsPerBlock>>>(d_A, d_B, d_C, numElements)"
    );
}
