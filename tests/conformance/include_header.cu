// include_header.cu: kernels that use helpers and configuration from headers
// found through -I, a header included twice (guarded), a struct defined in a
// header and used as a kernel parameter.
// Exercises: #include "…" resolved via -I include, #pragma once, include
// guards, __host__ __device__ inline functions from a header, macros from a
// header used as sizes and in __launch_bounds__.
// ARGS: -I include
// EXPECT-KERNELS: lerp_ranges, smooth_threshold
// EXPECT-SHARED: lerp_ranges=2048

#include "config.h"
#include "common_math.h"
#include "config.h"

__global__ void __launch_bounds__(THREADS) lerp_ranges(const float *a, const float *b, float *out, Range r, float t)
{
    __shared__ float tile[THREADS * ELEMS_PER_THREAD];
    int base = blockIdx.x * THREADS * ELEMS_PER_THREAD + r.begin;
    for (int k = 0; k < ELEMS_PER_THREAD; ++k) {
        int i = base + k * THREADS + threadIdx.x;
        tile[k * THREADS + threadIdx.x] = (i < r.end) ? lerp(a[i], b[i], t) : 0.0f;
    }
    __syncthreads();
    for (int k = 0; k < ELEMS_PER_THREAD; ++k) {
        int i = base + k * THREADS + threadIdx.x;
        if (i < r.end) out[i] = tile[k * THREADS + threadIdx.x];
    }
}

__global__ void smooth_threshold(const float *x, float *y, int n, float lo, float hi)
{
    int blocks = div_up(n, THREADS);
    for (int b = blockIdx.x; b < blocks; b += gridDim.x) {
        int i = b * THREADS + threadIdx.x;
        if (i < n) y[i] = smoothstep(lo, hi, x[i]);
    }
}
