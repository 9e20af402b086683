// warp_aggregation.cu: warp-aggregated atomics and block votes: stream
// compaction with __activemask/__ffs/__popc leader election, the same with
// __ballot_sync prefix counts, and __syncthreads_count/_and/_or.
// Exercises: __activemask, __ffs, __popc, __ballot_sync, __shfl_sync with a
// computed source lane, lane masks `(1u << lane) - 1`, atomicAdd returning
// the old value, __syncthreads_count, __syncthreads_and, __syncthreads_or.
// EXPECT-KERNELS: filter_agg, filter_ballot, count_positive_blocks

__device__ int atomicAggInc(int *ctr)
{
    unsigned int active = __activemask();
    int leader = __ffs(active) - 1;
    int change = __popc(active);
    unsigned int lane = threadIdx.x & 31;
    unsigned int lane_mask_lt = (1u << lane) - 1;
    unsigned int rank = __popc(active & lane_mask_lt);
    int warp_res = 0;
    if (rank == 0) warp_res = atomicAdd(ctr, change);
    warp_res = __shfl_sync(active, warp_res, leader);
    return warp_res + rank;
}

__global__ void filter_agg(int *dst, int *nres, const int *src, int n)
{
    int i = threadIdx.x + blockIdx.x * blockDim.x;
    if (i < n && src[i] > 0) dst[atomicAggInc(nres)] = src[i];
}

__global__ void filter_ballot(int *dst, int *nres, const int *src, int n)
{
    int i = threadIdx.x + blockIdx.x * blockDim.x;
    int pred = (i < n) && src[i] > 0;
    unsigned int ballot = __ballot_sync(0xffffffff, pred);
    int lane = threadIdx.x % 32;
    int warp_count = __popc(ballot);

    int base = 0;
    if (lane == 0 && warp_count > 0) base = atomicAdd(nres, warp_count);
    base = __shfl_sync(0xffffffff, base, 0);

    unsigned int lower = ballot & ((1u << lane) - 1);
    if (pred) dst[base + __popc(lower)] = src[i];
}

__global__ void count_positive_blocks(const float *x, int *block_counts, int *all_positive,
                                      int *any_positive, int n)
{
    int i = threadIdx.x + blockIdx.x * blockDim.x;
    int p = (i < n) && x[i] > 0.0f;
    int count = __syncthreads_count(p);
    int all = __syncthreads_and(p);
    int any = __syncthreads_or(p);
    if (threadIdx.x == 0) {
        block_counts[blockIdx.x] = count;
        all_positive[blockIdx.x] = all;
        any_positive[blockIdx.x] = any != 0;
    }
}
