// softmax_rows.cu: row-wise softmax (HeCBench/Apex style): one block per
// row, max and sum reduced first within warps with __shfl_xor_sync and then
// across warps through shared memory; templated over the block size.
// Exercises: template <int BLOCK> kernel with explicit instantiations,
// __shfl_xor_sync butterflies, -INFINITY and fmaxf, expf/__expf, a
// __device__ template helper taking a shared array by pointer, `#pragma
// unroll` over a constant, `const float* __restrict__ row = x + r * cols`.
// EXPECT-KERNELS: softmax_rows<128>, softmax_rows<256>
// EXPECT-SHARED: softmax_rows<128>=16, softmax_rows<256>=32

#include <math.h>

__device__ __forceinline__ float warp_max(float v)
{
#pragma unroll
    for (int mask = 16; mask > 0; mask >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, mask));
    return v;
}

__device__ __forceinline__ float warp_sum(float v)
{
#pragma unroll
    for (int mask = 16; mask > 0; mask >>= 1) v += __shfl_xor_sync(0xffffffffu, v, mask);
    return v;
}

template <int WARPS>
__device__ float block_all_reduce_max(float v, float *scratch)
{
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_max(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = (lane < WARPS) ? scratch[lane] : -INFINITY;
    v = warp_max(v);
    __syncthreads();
    return v;
}

template <int WARPS>
__device__ float block_all_reduce_sum(float v, float *scratch)
{
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = (lane < WARPS) ? scratch[lane] : 0.0f;
    v = warp_sum(v);
    __syncthreads();
    return v;
}

template <int BLOCK>
__global__ void softmax_rows(const float *__restrict__ x, float *__restrict__ y, int cols)
{
    constexpr int WARPS = BLOCK / 32;
    __shared__ float scratch[WARPS];

    const float *__restrict__ row = x + (size_t)blockIdx.x * cols;
    float *__restrict__ out = y + (size_t)blockIdx.x * cols;

    float m = -INFINITY;
    for (int c = threadIdx.x; c < cols; c += BLOCK) m = fmaxf(m, row[c]);
    m = block_all_reduce_max<WARPS>(m, scratch);

    float s = 0.0f;
    for (int c = threadIdx.x; c < cols; c += BLOCK) s += __expf(row[c] - m);
    s = block_all_reduce_sum<WARPS>(s, scratch);

    float inv = 1.0f / s;
    for (int c = threadIdx.x; c < cols; c += BLOCK) out[c] = expf(row[c] - m) * inv;
}

template __global__ void softmax_rows<128>(const float *__restrict__, float *__restrict__, int);
template __global__ void softmax_rows<256>(const float *__restrict__, float *__restrict__, int);
