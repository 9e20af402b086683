// double_precision.cu: double-precision BLAS-like kernels: column-major DGEMV
// (cuBLAS layout with lda), a dot product reduced in shared memory and
// accumulated with atomicAdd(double*), and DAXPY with fma.
// Exercises: double parameters and locals, 0.0 literals, fma(double),
// atomicAdd on double (sm_60+), __shared__ double[256], `size_t` offsets.
// EXPECT-KERNELS: dgemv_n, ddot_atomic, daxpy_fma
// EXPECT-SHARED: dgemv_n=0, ddot_atomic=2048, daxpy_fma=0

#define DOT_THREADS 256

__global__ void dgemv_n(int m, int n, double alpha, const double *A, int lda,
                        const double *x, double beta, double *y)
{
    int row = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= m) return;
    double sum = 0.0;
    for (int j = 0; j < n; ++j) {
        sum += A[row + (size_t)j * lda] * x[j];
    }
    y[row] = alpha * sum + beta * y[row];
}

__global__ void ddot_atomic(const double *x, const double *y, double *result, int n)
{
    __shared__ double cache[DOT_THREADS];
    int tid = threadIdx.x;
    double temp = 0.0;
    for (int i = blockIdx.x * blockDim.x + tid; i < n; i += blockDim.x * gridDim.x) {
        temp += x[i] * y[i];
    }
    cache[tid] = temp;
    __syncthreads();

    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) cache[tid] += cache[tid + s];
        __syncthreads();
    }
    if (tid == 0) atomicAdd(result, cache[0]);
}

__global__ void daxpy_fma(int n, double a, const double *x, double *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = fma(a, x[i], y[i]);
}
