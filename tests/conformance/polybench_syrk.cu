// polybench_syrk.cu: PolyBench/GPU SYRK (C = alpha*A*A^T + beta*C).
// Exercises: DATA_TYPE typedef, 2-D grid, compound assignment, #define'd
// constants of float type, early bounds check with &&.
// EXPECT-KERNELS: syrk_kernel

#define N 1024
#define M 1024
#define alpha 12435.0f
#define beta 4546.0f

typedef float DATA_TYPE;

__global__ void syrk_kernel(DATA_TYPE ALPHA, DATA_TYPE BETA, DATA_TYPE *a, DATA_TYPE *c)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;

    if ((i < N) && (j < N)) {
        c[i * N + j] *= beta;
        int k;
        for (k = 0; k < M; k++) {
            c[i * N + j] += alpha * a[i * M + k] * a[j * M + k];
        }
    }
}
