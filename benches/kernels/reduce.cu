// reduce.cu: sum of n floats in one launch, in the style of Harris's
// "Optimizing Parallel Reduction in CUDA" with the warp-shuffle tail of the
// Kepler-era update: each thread sums a grid-stride slice, the block folds
// its partial sums through a shared-memory tree down to one warp, the warp
// finishes with __shfl_down_sync, and lane 0 adds the block's sum to *out.
// Bench size: n = 2^24, block 256, grid 1024 (64 elements per thread).

#define BLOCK 256
#define FULL_MASK 0xffffffffu

__global__ void reduce_sum(const float *__restrict__ in, float *out, unsigned int n)
{
    __shared__ float partial[BLOCK];
    unsigned int tid = threadIdx.x;

    float sum = 0.0f;
    for (unsigned int i = blockIdx.x * BLOCK + tid; i < n; i += BLOCK * gridDim.x) {
        sum += in[i];
    }
    partial[tid] = sum;
    __syncthreads();

    for (unsigned int s = BLOCK / 2; s >= 32; s >>= 1) {
        if (tid < s) {
            partial[tid] = sum = sum + partial[tid + s];
        }
        __syncthreads();
    }

    if (tid < 32) {
        for (int offset = 16; offset > 0; offset >>= 1) {
            sum += __shfl_down_sync(FULL_MASK, sum, offset);
        }
        if (tid == 0) {
            atomicAdd(out, sum);
        }
    }
}
