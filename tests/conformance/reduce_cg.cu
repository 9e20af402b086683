// reduce_cg.cu: block reductions written with cooperative groups, as in the
// cuda-samples reductionMultiBlockCG / HeCBench style.
// Exercises: namespace alias `cg`, this_thread_block(), tiled_partition<32>,
// thread_rank/size/meta_group_rank/meta_group_size, cg::reduce with
// cg::plus<float>() and cg::greater<float>(), block.sync(), atomicAdd on
// float, a __shared__ array per warp.
// EXPECT-KERNELS: reduce_sum_cg, reduce_max_cg
// EXPECT-SHARED: reduce_sum_cg=128, reduce_max_cg=128

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

namespace cg = cooperative_groups;

__global__ void reduce_sum_cg(const float *in, float *out, int n)
{
    __shared__ float warpSums[32];
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);

    float v = 0.0f;
    for (int i = blockIdx.x * blockDim.x + block.thread_rank(); i < n; i += gridDim.x * blockDim.x) {
        v += in[i];
    }
    v = cg::reduce(tile, v, cg::plus<float>());
    if (tile.thread_rank() == 0) warpSums[tile.meta_group_rank()] = v;
    block.sync();

    if (tile.meta_group_rank() == 0) {
        v = (tile.thread_rank() < tile.meta_group_size()) ? warpSums[tile.thread_rank()] : 0.0f;
        v = cg::reduce(tile, v, cg::plus<float>());
        if (tile.thread_rank() == 0) atomicAdd(out, v);
    }
}

__global__ void reduce_max_cg(const float *in, float *out, int n)
{
    __shared__ float warpMax[32];
    cg::thread_block block = cg::this_thread_block();
    auto tile = cg::tiled_partition<32>(block);

    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    float v = (i < n) ? in[i] : -3.402823466e+38f;
    v = cg::reduce(tile, v, cg::greater<float>());
    if (tile.thread_rank() == 0) warpMax[tile.meta_group_rank()] = v;
    cg::sync(block);

    if (block.thread_rank() == 0) {
        float m = warpMax[0];
        for (unsigned int w = 1; w < tile.meta_group_size(); ++w) m = fmaxf(m, warpMax[w]);
        out[blockIdx.x] = m;
    }
}
