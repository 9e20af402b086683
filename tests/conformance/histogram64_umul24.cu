// histogram64_umul24.cu: the cuda-samples histogram64 idea: per-thread
// sub-histograms packed as bytes in shared memory with a shuffled thread
// layout to avoid bank conflicts, __umul24 index math, and a merge kernel.
// Exercises: `unsigned char` shared array, UMUL macro over __umul24,
// `(threadIdx.x & 15) << 2 | threadIdx.x >> 4` style bit shuffles, uint4
// loads of packed bytes, `>>` and `&` to extract bytes, `#pragma unroll 4`,
// explicit `unsigned int` casts, a merge kernel with a shared reduction.
// EXPECT-KERNELS: histogram64Kernel, mergeHistogram64Kernel
// EXPECT-SHARED: histogram64Kernel=4096, mergeHistogram64Kernel=1024

#define HISTOGRAM64_BIN_COUNT 64
#define HISTOGRAM64_THREADBLOCK_SIZE 64
#define MERGE_THREADBLOCK_SIZE 256
#define UMUL(a, b) __umul24((a), (b))
#define UMAD(a, b, c) (UMUL((a), (b)) + (c))

typedef unsigned int uint;
typedef unsigned char uchar;

__device__ inline void addByte(uchar *s_ThreadBase, uint data)
{
    s_ThreadBase[UMUL(data, HISTOGRAM64_THREADBLOCK_SIZE)]++;
}

__device__ inline void addWord(uchar *s_ThreadBase, uint data)
{
    // Only the top 6 bits of each byte select one of 64 bins.
    addByte(s_ThreadBase, (data >> 2) & 0x3FU);
    addByte(s_ThreadBase, (data >> 10) & 0x3FU);
    addByte(s_ThreadBase, (data >> 18) & 0x3FU);
    addByte(s_ThreadBase, (data >> 26) & 0x3FU);
}

__global__ void histogram64Kernel(uint *d_PartialHistograms, const uint4 *d_Data, uint dataCount)
{
    const uint threadPos = ((threadIdx.x & ~(16 * 4 - 1)) << 0) | ((threadIdx.x & 15) << 2) |
                           ((threadIdx.x & 48) >> 4);

    __shared__ uchar s_Hist[HISTOGRAM64_THREADBLOCK_SIZE * HISTOGRAM64_BIN_COUNT];
    uchar *s_ThreadBase = s_Hist + threadPos;

#pragma unroll
    for (uint i = 0; i < (HISTOGRAM64_BIN_COUNT / 4); i++)
        ((uint *)s_Hist)[threadIdx.x + i * HISTOGRAM64_THREADBLOCK_SIZE] = 0;
    __syncthreads();

#pragma unroll 4
    for (uint pos = UMAD(blockIdx.x, blockDim.x, threadIdx.x); pos < dataCount; pos += UMUL(blockDim.x, gridDim.x)) {
        uint4 data = d_Data[pos];
        addWord(s_ThreadBase, data.x);
        addWord(s_ThreadBase, data.y);
        addWord(s_ThreadBase, data.z);
        addWord(s_ThreadBase, data.w);
    }
    __syncthreads();

    if (threadIdx.x < HISTOGRAM64_BIN_COUNT) {
        uchar *s_HistBase = s_Hist + UMUL(threadIdx.x, HISTOGRAM64_THREADBLOCK_SIZE);
        uint sum = 0;
        uint pos = 4 * (threadIdx.x & 15);
#pragma unroll
        for (uint i = 0; i < (HISTOGRAM64_THREADBLOCK_SIZE / 4); i++) {
            sum += s_HistBase[pos + 0] + s_HistBase[pos + 1] + s_HistBase[pos + 2] + s_HistBase[pos + 3];
            pos = (pos + 4) & (HISTOGRAM64_THREADBLOCK_SIZE - 1);
        }
        d_PartialHistograms[blockIdx.x * HISTOGRAM64_BIN_COUNT + threadIdx.x] = sum;
    }
}

__global__ void mergeHistogram64Kernel(uint *d_Histogram, const uint *d_PartialHistograms, uint histogramCount)
{
    __shared__ uint data[MERGE_THREADBLOCK_SIZE];
    uint sum = 0;
    for (uint i = threadIdx.x; i < histogramCount; i += MERGE_THREADBLOCK_SIZE)
        sum += d_PartialHistograms[blockIdx.x + i * HISTOGRAM64_BIN_COUNT];
    data[threadIdx.x] = sum;

    for (uint stride = MERGE_THREADBLOCK_SIZE / 2; stride > 0; stride >>= 1) {
        __syncthreads();
        if (threadIdx.x < stride) data[threadIdx.x] += data[threadIdx.x + stride];
    }
    if (threadIdx.x == 0) d_Histogram[blockIdx.x] = data[0];
}
