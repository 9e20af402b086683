//! Inputs and timing helpers for the cudawasm benchmarks.
//!
//! [`generated_kernels`] writes a large translation unit out of realistic
//! kernels (the conformance corpus's style: saxpy, tiled GEMM, shared-memory
//! reduction, stencil, histogram, transpose) with unique names, so the
//! front end can be timed on a file of a given size.
//!
//! The CPU back-end bench (`cargo bench -p cudawasm-benches --bench
//! cpu_backends`) times the four workloads of [`workloads`] three ways: the
//! hand-written Rust of [`hand`], the executor and the generated Rust of
//! [`generated`], both launched through `cuda_rt` by [`launch`].

pub mod hand;
pub mod launch;
pub mod workloads;

/// The four benchmark kernels printed as Rust by the CPU back end at build
/// time (`build.rs`): one module per workload (named as
/// [`workloads::Kind::name`]) with `kernel() -> Result<Arc<dyn CpuKernel>,
/// &'static str>`; the `Err` says why the back end could not print it.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

use std::fmt::Write as _;
use std::time::Instant;

/// One kernel family; `{N}` is replaced by a unique number.
const KERNELS: &[&str] = &[
    r#"// saxpy with a grid-stride loop
__global__ void saxpy_{N}(int n, float a, const float* __restrict__ x, float* __restrict__ y)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        y[i] = a * x[i] + y[i];
    }
}
"#,
    r#"// tiled single-precision GEMM
__global__ void sgemm_{N}(int M, int N, int K, float alpha, const float* A, const float* B,
                          float beta, float* C)
{
    __shared__ float As[TILE][TILE];
    __shared__ float Bs[TILE][TILE];
    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty;
    int col = blockIdx.x * TILE + tx;
    float acc = 0.0f;
    for (int t = 0; t < (K + TILE - 1) / TILE; ++t) {
        int a_col = t * TILE + tx;
        int b_row = t * TILE + ty;
        As[ty][tx] = (row < M && a_col < K) ? A[IDX(row, a_col, K)] : 0.0f;
        Bs[ty][tx] = (b_row < K && col < N) ? B[IDX(b_row, col, N)] : 0.0f;
        __syncthreads();
#pragma unroll
        for (int k = 0; k < TILE; ++k) {
            acc += As[ty][k] * Bs[k][tx];
        }
        __syncthreads();
    }
    if (row < M && col < N) {
        C[IDX(row, col, N)] = alpha * acc + beta * C[IDX(row, col, N)];
    }
}
"#,
    r#"// shared-memory tree reduction
__global__ void reduce_{N}(const float* in, float* out, unsigned int n)
{
    __shared__ float sdata[BLOCK];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * (blockDim.x * 2) + threadIdx.x;
    float sum = (i < n) ? in[i] : 0.0f;
    if (i + blockDim.x < n) {
        sum += in[i + blockDim.x];
    }
    sdata[tid] = sum;
    __syncthreads();
    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) {
            sdata[tid] = sum = sum + sdata[tid + s];
        }
        __syncthreads();
    }
    if (tid == 0) {
        out[blockIdx.x] = sum;
    }
}
"#,
    r#"// 2-D five-point stencil
__global__ void stencil_{N}(int nx, int ny, const float* in, float* out, float c0, float c1)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x > 0 && y > 0 && x < nx - 1 && y < ny - 1) {
        float center = in[IDX(y, x, nx)];
        float around = in[IDX(y - 1, x, nx)] + in[IDX(y + 1, x, nx)]
                     + in[IDX(y, x - 1, nx)] + in[IDX(y, x + 1, nx)];
        out[IDX(y, x, nx)] = c0 * center + c1 * around;
    }
}
"#,
    r#"// histogram with shared atomics
__global__ void histogram_{N}(const unsigned char* data, int n, unsigned int* bins)
{
    __shared__ unsigned int local[256];
    for (int b = threadIdx.x; b < 256; b += blockDim.x) {
        local[b] = 0;
    }
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        atomicAdd(&local[data[i]], 1u);
    }
    __syncthreads();
    for (int b = threadIdx.x; b < 256; b += blockDim.x) {
        atomicAdd(&bins[b], local[b]);
    }
}
"#,
    r#"// transpose through a padded shared tile
__global__ void transpose_{N}(float* out, const float* in, int width, int height)
{
    __shared__ float tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    if (x < width && y < height) {
        tile[threadIdx.y][threadIdx.x] = in[IDX(y, x, width)];
    }
    __syncthreads();
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    if (x < height && y < width) {
        out[IDX(y, x, height)] = tile[threadIdx.x][threadIdx.y];
    }
}
"#,
];

/// The macros the kernels use.
const PRELUDE: &str =
    "#define TILE 16\n#define BLOCK 256\n#define IDX(r, c, ld) ((r) * (ld) + (c))\n\n";

/// A translation unit of at least `min_lines` lines, made of the kernel
/// families above repeated with unique names.
pub fn generated_kernels(min_lines: usize) -> String {
    let mut out = String::from(PRELUDE);
    let mut n = 0usize;
    while out.lines().count() < min_lines {
        let kernel = KERNELS[n % KERNELS.len()];
        let _ = writeln!(out, "{}", kernel.replace("{N}", &n.to_string()));
        n += 1;
    }
    out
}

/// Mean and median of timing samples in milliseconds.
pub fn mean_median(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0);
    }
    samples.sort_by(f64::total_cmp);
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    let mid = samples.len() / 2;
    let median = if samples.len() & 1 == 0 {
        (samples[mid - 1] + samples[mid]) / 2.0
    } else {
        samples[mid]
    };
    (mean, median)
}

/// Runs `f` and returns its result and the elapsed milliseconds.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let value = f();
    (value, t.elapsed().as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_at_least_the_requested_lines_with_unique_kernels() {
        let text = generated_kernels(1000);
        assert!(text.lines().count() >= 1000);
        assert!(text.lines().count() < 1100);
        assert!(text.contains("__global__ void saxpy_0("));
        assert!(text.contains("__global__ void transpose_5("));
        assert!(text.contains("__global__ void saxpy_6("));
    }

    #[test]
    fn statistics() {
        assert_eq!(mean_median(&mut [3.0, 1.0, 2.0]), (2.0, 2.0));
        assert_eq!(mean_median(&mut [4.0, 1.0, 2.0, 3.0]), (2.5, 2.5));
        assert_eq!(mean_median(&mut []), (0.0, 0.0));
    }
}
