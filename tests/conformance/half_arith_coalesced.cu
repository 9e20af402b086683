// half_arith_coalesced.cu: half-precision arithmetic with C++ operators (as
// cuda_fp16.hpp provides them), half/float mixing, and cooperative groups'
// coalesced_threads() for warp-aggregated atomics in divergent code.
// Exercises: `half a * half b + half c`, comparisons of halves, __float2half
// constants, half -> float promotion in mixed expressions, coalesced_group
// from coalesced_threads() with thread_rank/size, cg::this_thread_block in a
// divergent branch helper, atomicAdd returning the old value.
// EXPECT-KERNELS: half_poly, compact_positive_cg

#include <cuda_fp16.h>
#include <cooperative_groups.h>

namespace cg = cooperative_groups;

__global__ void half_poly(const half *x, half *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    half a = __float2half(0.5f);
    half b = __float2half(-1.25f);
    half v = x[i];
    half r = a * v * v + b * v + a;
    if (r < __float2half(0.0f)) r = -r;
    float check = __half2float(r) * 2.0f;
    y[i] = (check > 100.0f) ? __float2half(100.0f) : r;
}

__device__ int aggregated_increment(int *counter)
{
    cg::coalesced_group active = cg::coalesced_threads();
    int base = 0;
    if (active.thread_rank() == 0) base = atomicAdd(counter, (int)active.size());
    base = active.shfl(base, 0);
    return base + active.thread_rank();
}

__global__ void compact_positive_cg(const int *in, int *out, int *count, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && in[i] > 0) {
        out[aggregated_increment(count)] = in[i];
    }
}
