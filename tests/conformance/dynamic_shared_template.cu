// dynamic_shared_template.cu: dynamic shared memory in templated kernels via
// the SharedMemory<T> struct (with its double specialisation), and two
// arrays carved out of one `extern __shared__ char[]` buffer.
// Exercises: #include "include/..." relative to this file, template kernel
// with explicit instantiations for float, double and int, conversion
// operator of a template struct and of its full specialisation,
// reinterpret_cast of a shared char pointer, pointer + sizeof arithmetic.
// EXPECT-KERNELS: block_sum_dyn<float>, block_sum_dyn<double>, block_sum_dyn<int>, two_arrays_dyn
// EXPECT-SHARED: block_sum_dyn<double>=0, two_arrays_dyn=0

#include "include/shared_memory.h"

template <typename T>
__global__ void block_sum_dyn(const T *in, T *out, int n)
{
    T *sdata = SharedMemory<T>();
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = (i < n) ? in[i] : (T)0;
    __syncthreads();
    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) sdata[tid] += sdata[tid + s];
        __syncthreads();
    }
    if (tid == 0) out[blockIdx.x] = sdata[0];
}

template __global__ void block_sum_dyn<float>(const float *in, float *out, int n);
template __global__ void block_sum_dyn<double>(const double *in, double *out, int n);
template __global__ void block_sum_dyn<int>(const int *in, int *out, int n);

__global__ void two_arrays_dyn(const float *a, const int *b, float *out, int n)
{
    extern __shared__ char smem[];
    float *fs = reinterpret_cast<float *>(smem);
    int *is = reinterpret_cast<int *>(smem + blockDim.x * sizeof(float));

    int i = blockIdx.x * blockDim.x + threadIdx.x;
    fs[threadIdx.x] = (i < n) ? a[i] : 0.0f;
    is[threadIdx.x] = (i < n) ? b[i] : 0;
    __syncthreads();

    unsigned int partner = blockDim.x - 1 - threadIdx.x;
    if (i < n) out[i] = fs[partner] * is[partner];
}
