// reduce_warp_shuffle.cu: warp-shuffle reduction in the style of the NVIDIA
// "Faster Parallel Reductions on Kepler" blog post, updated to *_sync.
// Exercises: __shfl_down_sync with a full mask, warpSize, lane/warp ids via
// % and /, a __shared__ array declared inside a __device__ function (counted
// toward the calling kernel), grid-stride loops, atomicAdd on float.
// EXPECT-KERNELS: deviceReduceKernel, deviceReduceWarpAtomicKernel
// EXPECT-SHARED: deviceReduceKernel=128, deviceReduceWarpAtomicKernel=0

#define FULL_MASK 0xffffffffu

__inline__ __device__ float warpReduceSum(float val)
{
    for (int offset = warpSize / 2; offset > 0; offset /= 2)
        val += __shfl_down_sync(FULL_MASK, val, offset);
    return val;
}

__inline__ __device__ float blockReduceSum(float val)
{
    static __shared__ float shared[32];  // one partial sum per warp
    int lane = threadIdx.x % warpSize;
    int wid = threadIdx.x / warpSize;

    val = warpReduceSum(val);
    if (lane == 0) shared[wid] = val;
    __syncthreads();

    // Only the first warp reads the partial sums back.
    val = (threadIdx.x < blockDim.x / warpSize) ? shared[lane] : 0.0f;
    if (wid == 0) val = warpReduceSum(val);
    return val;
}

__global__ void deviceReduceKernel(const float *in, float *out, int N)
{
    float sum = 0.0f;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < N; i += blockDim.x * gridDim.x) {
        sum += in[i];
    }
    sum = blockReduceSum(sum);
    if (threadIdx.x == 0) out[blockIdx.x] = sum;
}

__global__ void deviceReduceWarpAtomicKernel(const float *in, float *out, int N)
{
    float sum = 0.0f;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < N; i += blockDim.x * gridDim.x) {
        sum += in[i];
    }
    sum = warpReduceSum(sum);
    if ((threadIdx.x & (warpSize - 1)) == 0) atomicAdd(out, sum);
}
