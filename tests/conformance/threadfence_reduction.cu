// threadfence_reduction.cu: single-pass reduction where the last block to
// finish sums the partial results (cuda-samples threadFenceReduction).
// Exercises: __threadfence(), atomicInc on a __device__ unsigned counter
// used as a ticket, a `__shared__ bool amLast`, __syncthreads after a
// shared flag write, reset of the counter by the last block, templated
// block reduction helper with `volatile` shared memory.
// EXPECT-KERNELS: reduceSinglePass
// EXPECT-SHARED: reduceSinglePass=1025

#define BLOCK 256

__device__ unsigned int retirementCount = 0;

template <unsigned int blockSize>
__device__ void reduceBlock(volatile float *sdata, float mySum, const unsigned int tid)
{
    sdata[tid] = mySum;
    __syncthreads();
    if (blockSize >= 256) { if (tid < 128) sdata[tid] = mySum = mySum + sdata[tid + 128]; __syncthreads(); }
    if (blockSize >= 128) { if (tid < 64) sdata[tid] = mySum = mySum + sdata[tid + 64]; __syncthreads(); }
    if (tid < 32) {
        if (blockSize >= 64) sdata[tid] = mySum = mySum + sdata[tid + 32];
        for (int offset = 16; offset > 0; offset /= 2) mySum += __shfl_down_sync(0xffffffff, mySum, offset);
        if (tid == 0) sdata[0] = mySum;
    }
    __syncthreads();
}

__global__ void reduceSinglePass(const float *g_idata, float *g_odata, unsigned int n)
{
    __shared__ float sdata[BLOCK];
    __shared__ bool amLast;

    unsigned int tid = threadIdx.x;
    float mySum = 0.0f;
    for (unsigned int i = blockIdx.x * BLOCK + tid; i < n; i += BLOCK * gridDim.x) mySum += g_idata[i];
    reduceBlock<BLOCK>(sdata, mySum, tid);

    if (tid == 0) g_odata[blockIdx.x] = sdata[0];

    if (gridDim.x > 1) {
        // Make this block's partial sum visible before taking a ticket.
        __threadfence();
        if (tid == 0) {
            unsigned int ticket = atomicInc(&retirementCount, gridDim.x);
            amLast = (ticket == gridDim.x - 1);
        }
        __syncthreads();

        if (amLast) {
            float total = 0.0f;
            for (unsigned int i = tid; i < gridDim.x; i += BLOCK) total += g_odata[i];
            reduceBlock<BLOCK>(sdata, total, tid);
            if (tid == 0) {
                g_odata[0] = sdata[0];
                retirementCount = 0;
            }
        }
    }
}
