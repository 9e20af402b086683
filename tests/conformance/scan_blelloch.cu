// scan_blelloch.cu: work-efficient (Blelloch) exclusive scan with
// bank-conflict avoidance macros, plus the uniform add of block sums.
// Exercises: function-like macros chosen by #ifdef (the -D comes from ARGS),
// shadowing of `ai`/`bi` in inner blocks, up-sweep/down-sweep loops with
// barriers, extern __shared__, writing the block total to a second array.
// ARGS: -DZERO_BANK_CONFLICTS
// EXPECT-KERNELS: prescan, add_block_sums

#define NUM_BANKS 32
#define LOG_NUM_BANKS 5

#ifdef ZERO_BANK_CONFLICTS
#define CONFLICT_FREE_OFFSET(n) (((n) >> LOG_NUM_BANKS) + ((n) >> (2 * LOG_NUM_BANKS)))
#else
#define CONFLICT_FREE_OFFSET(n) ((n) >> LOG_NUM_BANKS)
#endif

// Scans 2 * blockDim.x elements per block; n is the per-block element count.
__global__ void prescan(float *g_odata, const float *g_idata, float *g_blockSums, int n)
{
    extern __shared__ float temp[];
    int thid = threadIdx.x;
    int base = blockIdx.x * n;
    int offset = 1;

    int ai = thid;
    int bi = thid + (n / 2);
    int bankOffsetA = CONFLICT_FREE_OFFSET(ai);
    int bankOffsetB = CONFLICT_FREE_OFFSET(bi);
    temp[ai + bankOffsetA] = g_idata[base + ai];
    temp[bi + bankOffsetB] = g_idata[base + bi];

    // Up-sweep (reduce) phase.
    for (int d = n >> 1; d > 0; d >>= 1) {
        __syncthreads();
        if (thid < d) {
            int ai = offset * (2 * thid + 1) - 1;
            int bi = offset * (2 * thid + 2) - 1;
            ai += CONFLICT_FREE_OFFSET(ai);
            bi += CONFLICT_FREE_OFFSET(bi);
            temp[bi] += temp[ai];
        }
        offset *= 2;
    }

    if (thid == 0) {
        int last = n - 1 + CONFLICT_FREE_OFFSET(n - 1);
        g_blockSums[blockIdx.x] = temp[last];
        temp[last] = 0.0f;
    }

    // Down-sweep phase.
    for (int d = 1; d < n; d *= 2) {
        offset >>= 1;
        __syncthreads();
        if (thid < d) {
            int ai = offset * (2 * thid + 1) - 1;
            int bi = offset * (2 * thid + 2) - 1;
            ai += CONFLICT_FREE_OFFSET(ai);
            bi += CONFLICT_FREE_OFFSET(bi);
            float t = temp[ai];
            temp[ai] = temp[bi];
            temp[bi] += t;
        }
    }
    __syncthreads();

    g_odata[base + ai] = temp[ai + bankOffsetA];
    g_odata[base + bi] = temp[bi + bankOffsetB];
}

__global__ void add_block_sums(float *g_data, const float *g_scannedSums, int n)
{
    __shared__ float blockOffset;
    if (threadIdx.x == 0) blockOffset = g_scannedSums[blockIdx.x];
    __syncthreads();

    int base = blockIdx.x * n;
    g_data[base + threadIdx.x] += blockOffset;
    g_data[base + threadIdx.x + blockDim.x] += blockOffset;
}
