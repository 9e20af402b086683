// jacobi_2d.cu: PolyBench/GPU Jacobi-2D (two kernels per time step) and a
// Jacobi iteration for a dense linear system (Rodinia/HeCBench style).
// Exercises: DATA_TYPE macro, chained && bounds checks, float literal 0.2f,
// inner loop skipping the diagonal with `continue`, division by the diagonal.
// EXPECT-KERNELS: runJacobiCUDA_kernel1, runJacobiCUDA_kernel2, jacobi_linear

#define DATA_TYPE float

__global__ void runJacobiCUDA_kernel1(int n, DATA_TYPE *A, DATA_TYPE *B)
{
    int i = blockIdx.y * blockDim.y + threadIdx.y;
    int j = blockIdx.x * blockDim.x + threadIdx.x;

    if ((i >= 1) && (i < (n - 1)) && (j >= 1) && (j < (n - 1))) {
        B[i * n + j] = 0.2f * (A[i * n + j] + A[i * n + (j - 1)] + A[i * n + (1 + j)] +
                               A[(1 + i) * n + j] + A[(i - 1) * n + j]);
    }
}

__global__ void runJacobiCUDA_kernel2(int n, DATA_TYPE *A, DATA_TYPE *B)
{
    int i = blockIdx.y * blockDim.y + threadIdx.y;
    int j = blockIdx.x * blockDim.x + threadIdx.x;

    if ((i >= 1) && (i < (n - 1)) && (j >= 1) && (j < (n - 1))) {
        A[i * n + j] = B[i * n + j];
    }
}

__global__ void jacobi_linear(const float *A, const float *b, const float *x_old, float *x_new, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;

    float sigma = 0.0f;
    for (int j = 0; j < n; j++) {
        if (j == i) continue;
        sigma += A[i * n + j] * x_old[j];
    }
    x_new[i] = (b[i] - sigma) / A[i * n + i];
}
