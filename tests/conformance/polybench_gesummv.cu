// polybench_gesummv.cu: PolyBench/GPU GESUMMV (y = alpha*A*x + beta*B*x).
// Exercises: DATA_TYPE as double via -D, scalar parameters, several
// accumulators in global memory, literal constants of double type.
// ARGS: -DDATA_TYPE=double
// EXPECT-KERNELS: gesummv_kernel

#define N 4096

#ifndef DATA_TYPE
#define DATA_TYPE float
#endif

__global__ void gesummv_kernel(DATA_TYPE alpha, DATA_TYPE beta, DATA_TYPE *a,
                               DATA_TYPE *b, DATA_TYPE *x, DATA_TYPE *y, DATA_TYPE *tmp)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;

    if (i < N) {
        int j;
        for (j = 0; j < N; j++) {
            tmp[i] += a[i * N + j] * x[j];
            y[i] += b[i * N + j] * x[j];
        }
        y[i] = alpha * tmp[i] + beta * y[i];
    }
}
