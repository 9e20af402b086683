// polybench_2mm.cu: PolyBench/GPU 2MM (D = alpha*A*B*C + beta*D) as two kernels.
// Exercises: DATA_TYPE switched by #ifdef, PolyBench size macros, 2-D thread
// indexing, two kernels in one file, float/double constants.
// EXPECT-KERNELS: mm2_kernel1, mm2_kernel2

#ifndef NI
#define NI 256
#define NJ 256
#define NK 256
#define NL 256
#endif

#ifdef USE_DOUBLE
typedef double DATA_TYPE;
#else
typedef float DATA_TYPE;
#endif

__global__ void mm2_kernel1(DATA_TYPE alpha, DATA_TYPE *tmp, DATA_TYPE *A, DATA_TYPE *B)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;

    if ((i < NI) && (j < NJ)) {
        tmp[i * NJ + j] = 0;
        for (int k = 0; k < NK; k++) {
            tmp[i * NJ + j] += alpha * A[i * NK + k] * B[k * NJ + j];
        }
    }
}

__global__ void mm2_kernel2(DATA_TYPE beta, DATA_TYPE *tmp, DATA_TYPE *C, DATA_TYPE *D)
{
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;

    if ((i < NI) && (j < NL)) {
        D[i * NL + j] *= beta;
        for (int k = 0; k < NJ; k++) {
            D[i * NL + j] += tmp[i * NJ + k] * C[k * NL + j];
        }
    }
}
