// gemm_naive.cu: PolyBench/GPU-style naive GEMM, one thread per output element.
// Exercises: DATA_TYPE macro, #define'd problem sizes and launch shape,
// double-precision literals mixed with float (usual arithmetic conversions),
// a for loop accumulating into global memory.
// EXPECT-KERNELS: gemm_kernel

#define NI 512
#define NJ 512
#define NK 512
#define DIM_THREAD_BLOCK_X 32
#define DIM_THREAD_BLOCK_Y 8

#define ALPHA 32412.0f
#define BETA 2123.0f

typedef float DATA_TYPE;

__global__ void gemm_kernel(DATA_TYPE *a, DATA_TYPE *b, DATA_TYPE *c)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;

    if ((i < NI) && (j < NJ)) {
        c[i * NJ + j] *= BETA;
        int k;
        for (k = 0; k < NK; k++) {
            c[i * NJ + j] += ALPHA * a[i * NK + k] * b[k * NJ + j];
        }
    }
}
