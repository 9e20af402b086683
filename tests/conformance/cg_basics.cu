// cg_basics.cu: the cooperative-groups introduction examples: block-wide sum
// through a thread_block handle, warp tiles with shfl_down, ballot/any/all.
// Exercises: `using namespace cooperative_groups`, thread_block passed by
// value to a __device__ function, g.sync(), g.size(), g.thread_rank(),
// thread_block_tile<32>::shfl_down/ballot/any/all, `auto` for a group,
// int4 loads through a cast pointer, extern __shared__ int[].
// EXPECT-KERNELS: sum_kernel_block, sum_kernel_tiles, vote_kernel

#include <cooperative_groups.h>

using namespace cooperative_groups;

__device__ int thread_sum(int *input, int n)
{
    int sum = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n / 4; i += blockDim.x * gridDim.x) {
        int4 in = ((int4 *)input)[i];
        sum += in.x + in.y + in.z + in.w;
    }
    return sum;
}

__device__ int reduce_sum(thread_block g, int *temp, int val)
{
    int lane = g.thread_rank();
    for (int i = g.size() / 2; i > 0; i /= 2) {
        temp[lane] = val;
        g.sync();
        if (lane < i) val += temp[lane + i];
        g.sync();
    }
    return val;  // only thread 0 holds the full sum
}

__device__ int tile_reduce(thread_block_tile<32> g, int val)
{
    for (int i = g.size() / 2; i > 0; i /= 2) {
        val += g.shfl_down(val, i);
    }
    return val;
}

__global__ void sum_kernel_block(int *sum, int *input, int n)
{
    int my_sum = thread_sum(input, n);
    extern __shared__ int temp[];
    auto g = this_thread_block();
    int block_sum = reduce_sum(g, temp, my_sum);
    if (g.thread_rank() == 0) atomicAdd(sum, block_sum);
}

__global__ void sum_kernel_tiles(int *sum, int *input, int n)
{
    int my_sum = thread_sum(input, n);
    thread_block block = this_thread_block();
    thread_block_tile<32> tile32 = tiled_partition<32>(block);
    int tile_sum = tile_reduce(tile32, my_sum);
    if (tile32.thread_rank() == 0) atomicAdd(sum, tile_sum);
}

__global__ void vote_kernel(const int *flags, int *out, int n)
{
    thread_block_tile<32> warp = tiled_partition<32>(this_thread_block());
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int f = (i < n) ? flags[i] : 0;
    unsigned int bits = warp.ballot(f != 0);
    int any = warp.any(f != 0);
    int all = warp.all(f != 0);
    if (warp.thread_rank() == 0) {
        int w = i / 32;
        out[3 * w] = __popc(bits);
        out[3 * w + 1] = any;
        out[3 * w + 2] = all;
    }
}
