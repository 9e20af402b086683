//! Idioms from real benchmark suites (written for these tests).

use super::support::*;
use crate::parse::ast::*;

const SUITE_IDIOMS: &str = r#"
namespace cg = cooperative_groups;

template <class T> struct SharedMemory {
    __device__ inline operator T *() {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }
    __device__ inline operator const T *() const {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }
};

template <> struct SharedMemory<double> {
    __device__ inline operator double *() {
        extern __shared__ double __smem_d[];
        return (double *)__smem_d;
    }
};

__device__ inline float2 operator+(float2 a, float2 b) { return make_float2(a.x + b.x, a.y + b.y); }

__device__ static inline void atomicMaxf(float *address, float val) {
    int *address_as_int = (int *)address;
    int old = *address_as_int, assumed;
    while (val > __int_as_float(old)) {
        assumed = old;
        old = atomicCAS(address_as_int, assumed, __float_as_int(val));
    }
}

__inline__ __device__ float warpReduceSum(float val) {
    for (int offset = warpSize / 2; offset > 0; offset /= 2)
        val += __shfl_down_sync(0xffffffff, val, offset);
    return val;
}

template <typename T, unsigned int blockSize>
__global__ void reduce(const T *__restrict__ g_idata, T *__restrict__ g_odata, unsigned int n) {
    cg::thread_block cta = cg::this_thread_block();
    T *sdata = SharedMemory<T>();
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * (blockSize * 2) + threadIdx.x;
    T mySum = (i < n) ? g_idata[i] : 0;
    if (i + blockSize < n) mySum += g_idata[i + blockSize];
    sdata[tid] = mySum;
    cg::sync(cta);
    for (unsigned int s = blockDim.x / 2; s > 32; s >>= 1) {
        if (tid < s) sdata[tid] = mySum = mySum + sdata[tid + s];
        cg::sync(cta);
    }
    cg::thread_block_tile<32> tile32 = cg::tiled_partition<32>(cta);
    if (cta.thread_rank() < 32) {
        if (blockSize >= 64) mySum += sdata[tid + 32];
        for (int offset = tile32.size() / 2; offset > 0; offset /= 2) {
            mySum += tile32.shfl_down(mySum, offset);
        }
    }
    if (cta.thread_rank() == 0) g_odata[blockIdx.x] = mySum;
}

template <int BLOCK_SIZE>
__global__ void MatrixMulCUDA(float *C, float *A, float *B, int wA, int wB) {
    int bx = blockIdx.x, by = blockIdx.y;
    int tx = threadIdx.x, ty = threadIdx.y;
    int aBegin = wA * BLOCK_SIZE * by;
    int aEnd = aBegin + wA - 1;
    int aStep = BLOCK_SIZE;
    int bBegin = BLOCK_SIZE * bx;
    int bStep = BLOCK_SIZE * wB;
    float Csub = 0;
    for (int a = aBegin, b = bBegin; a <= aEnd; a += aStep, b += bStep) {
        __shared__ float As[BLOCK_SIZE][BLOCK_SIZE];
        __shared__ float Bs[BLOCK_SIZE][BLOCK_SIZE];
        As[ty][tx] = A[a + wA * ty + tx];
        Bs[ty][tx] = B[b + wB * ty + tx];
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BLOCK_SIZE; ++k) {
            Csub += As[ty][k] * Bs[k][tx];
        }
        __syncthreads();
    }
    int c = wB * BLOCK_SIZE * by + BLOCK_SIZE * bx;
    C[c + wB * ty + tx] = Csub;
}

__global__ void vec4copy(const float *in, float *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n / 4) {
        float4 v = reinterpret_cast<const float4 *>(in)[i];
        reinterpret_cast<float4 *>(out)[i] = v;
    }
    unsigned mask = __ballot_sync(0xffffffffu, i < n);
    int (*rows)[4] = (int (*)[4])out;
    (void)mask;
    (void)rows;
}

texture<float, 2, cudaReadModeElementType> texRef;
__device__ __constant__ float d_coeffs[10];

static double now() {
    struct timeval tv;
    gettimeofday(&tv, 0);
    return tv.tv_sec + tv.tv_usec * 1e-6;
}

int main(int argc, char **argv) {
    const int N = 1 << 20;
    size_t bytes = N * sizeof(float);
    float *h_a = (float *)malloc(bytes);
    for (int i = 0; i < N; i++) h_a[i] = rand() / (float)2147483647;
    float *d_a, *d_b;
    checkCudaErrors(cudaMalloc((void **)&d_a, bytes));
    cudaMalloc(&d_b, bytes);
    cudaMemcpyToSymbol(d_coeffs, h_a, sizeof(float) * 10);
    cudaStream_t stream;
    cudaStreamCreate(&stream);
    dim3 threads(16, 16), grid((N + 15) / 16, (N + 15) / 16);
    int block_size = 32;
    if (block_size == 16) {
        MatrixMulCUDA<16><<<grid, threads, 0, stream>>>(d_a, d_a, d_b, 16, 16);
    } else {
        MatrixMulCUDA<32><<<grid, threads, 0, stream>>>(d_a, d_a, d_b, 32, 32);
    }
    reduce<float, 256><<<64, 256, 256 * sizeof(float)>>>(d_a, d_b, N);
    cudaEvent_t start, stop;
    float milliseconds = 0;
    cudaEventElapsedTime(&milliseconds, start, stop);
    std::vector<int> v(10);
    std::sort(v.begin(), v.end(), [](int a, int b) { return a < b; });
    auto t0 = std::chrono::steady_clock::now();
    std::cout << std::fixed << std::setprecision(3) << milliseconds << std::endl;
    printf("time %f ms\n", milliseconds);
    free(h_a);
    return 0;
}
"#;

#[test]
fn benchmark_suite_idioms() {
    let tu = parse_ok(SUITE_IDIOMS);
    let names: Vec<String> = tu
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Function(f) => format!(
                "fn {}{}",
                f.name.display(),
                if matches!(f.body, Some(FnBody::Host(_))) {
                    " (host body)"
                } else {
                    ""
                }
            ),
            ItemKind::Template(t) => match &t.item.kind {
                ItemKind::Function(f) => format!("template fn {}", f.name.display()),
                ItemKind::Struct(s) => format!(
                    "template struct {}{}",
                    s.name.as_ref().map_or("", |n| &n.name),
                    if s.spec_args.is_some() { " (spec)" } else { "" }
                ),
                _ => "template ?".into(),
            },
            ItemKind::Var(v) => format!("var {}", v[0].name.name),
            ItemKind::HostCode { .. } => "host code".into(),
            ItemKind::Namespace { name: Some(n), items } if matches!(&items[0].kind, ItemKind::UsingNamespace(p) if p.display() == "cooperative_groups") => format!("namespace {}", n.name),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "namespace cg",
            "template struct SharedMemory",
            "template struct SharedMemory (spec)",
            "fn operator+",
            "fn atomicMaxf",
            "fn warpReduceSum",
            "template fn reduce",
            "template fn MatrixMulCUDA",
            "fn vec4copy",
            "var texRef",
            "var d_coeffs",
            "fn now",
            "fn main",
        ]
    );
    let ItemKind::Template(t) = &tu.items[1].kind else {
        panic!()
    };
    let ItemKind::Struct(s) = &t.item.kind else {
        panic!()
    };
    let Some(Member::Method(conv)) = s.members.as_ref().and_then(|m| m.first()) else {
        panic!()
    };
    assert_eq!(conv.name.display(), "operator T*");
}

#[test]
fn thousand_line_file_parses_fast() {
    let mut src = String::new();
    let mut n = 0;
    while src.lines().count() < 1000 {
        src.push_str(&super::kernels_src::MATMUL.replace("matmul", &format!("matmul{n}")));
        n += 1;
    }
    let p = pp(&src);
    // Warm up, then time.
    let _ = crate::parse::parse(&p);
    let start = std::time::Instant::now();
    let tu = crate::parse::parse(&p).expect("parses");
    let elapsed = start.elapsed();
    assert_eq!(tu.items.len(), n);
    eprintln!("{} lines parsed in {elapsed:?}", src.lines().count());
    assert!(elapsed.as_millis() < 2000, "{elapsed:?}");
}
