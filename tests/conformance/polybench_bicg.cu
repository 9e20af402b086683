// polybench_bicg.cu: PolyBench/GPU BiCG sub-kernels (s = A^T r, q = A p).
// Exercises: DATA_TYPE typedef, 1-D grids, two kernels with row/column walks,
// `unsigned int` loop counters compared against int macros.
// EXPECT-KERNELS: bicg_kernel1, bicg_kernel2

#define NX 4096
#define NY 4096

typedef float DATA_TYPE;

// s = r * A  (one thread per column)
__global__ void bicg_kernel1(DATA_TYPE *A, DATA_TYPE *r, DATA_TYPE *s)
{
    int j = blockDim.x * blockIdx.x + threadIdx.x;

    if (j < NY) {
        s[j] = 0.0f;
        for (unsigned int i = 0; i < NX; i++) {
            s[j] += r[i] * A[i * NY + j];
        }
    }
}

// q = A * p  (one thread per row)
__global__ void bicg_kernel2(DATA_TYPE *A, DATA_TYPE *p, DATA_TYPE *q)
{
    int i = blockDim.x * blockIdx.x + threadIdx.x;

    if (i < NX) {
        q[i] = 0.0f;
        for (unsigned int j = 0; j < NY; j++) {
            q[i] += A[i * NY + j] * p[j];
        }
    }
}
