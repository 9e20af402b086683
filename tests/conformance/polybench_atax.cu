// polybench_atax.cu: PolyBench/GPU ATAX (y = A^T * (A * x)) as two kernels.
// Exercises: DATA_TYPE typedef, 1-D grids, loops over rows and columns,
// compile-time size configuration overridden with -D.
// ARGS: -DNX=1024 -DNY=1024
// EXPECT-KERNELS: atax_kernel1, atax_kernel2

#ifndef NX
#define NX 4096
#endif
#ifndef NY
#define NY 4096
#endif

typedef float DATA_TYPE;

__global__ void atax_kernel1(DATA_TYPE *A, DATA_TYPE *x, DATA_TYPE *tmp)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;

    if (i < NX) {
        int j;
        for (j = 0; j < NY; j++) {
            tmp[i] += A[i * NY + j] * x[j];
        }
    }
}

__global__ void atax_kernel2(DATA_TYPE *A, DATA_TYPE *y, DATA_TYPE *tmp)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;

    if (j < NY) {
        int i;
        for (i = 0; i < NX; i++) {
            y[j] += A[i * NY + j] * tmp[i];
        }
    }
}
