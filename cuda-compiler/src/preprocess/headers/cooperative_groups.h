// Built-in <cooperative_groups.h>: CUDA's cooperative groups written over
// the compiler's barrier and warp built-ins (`__syncthreads`, `__syncwarp`,
// `__shfl_*_sync`, `__ballot_sync`, ...).
//
// This header is parsed by cudawasm's own front end, so it sticks to plain
// C++: structs with methods, templates with type and non-type parameters,
// no SFINAE, no variadics. Supported: `thread_block` / `this_thread_block()`,
// `thread_block_tile<N>` (N a power of two up to 32) / `tiled_partition<N>()`,
// `coalesced_group` / `coalesced_threads()`, and the free `sync`,
// `thread_rank` and `num_threads`. Grid and multi-grid groups are not
// provided (they need a grid-wide barrier). `cg::reduce` and its functors
// are in <cooperative_groups/reduce.h>.
#pragma once
#ifndef _COOPERATIVE_GROUPS_H_
#define _COOPERATIVE_GROUPS_H_

namespace cooperative_groups {

namespace details {

// The thread's linear index in its block (x fastest, as CUDA numbers it).
__device__ __forceinline__ unsigned int block_thread_rank() {
    return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
}

// The number of threads in the block.
__device__ __forceinline__ unsigned int block_num_threads() {
    return blockDim.x * blockDim.y * blockDim.z;
}

// The thread's lane in its warp.
__device__ __forceinline__ unsigned int lane_id() {
    return block_thread_rank() & 31u;
}

// The lane of the `rank`-th set bit of `mask` (32 if there is none).
__device__ __forceinline__ unsigned int nth_set_lane(unsigned int mask, unsigned int rank) {
    unsigned int seen = 0u;
    for (unsigned int lane = 0u; lane < 32u; ++lane) {
        if ((mask >> lane) & 1u) {
            if (seen == rank) {
                return lane;
            }
            ++seen;
        }
    }
    return 32u;
}

} // namespace details

// All threads of the block.
struct thread_block {
    __device__ void sync() const { __syncthreads(); }
    __device__ unsigned int thread_rank() const { return details::block_thread_rank(); }
    __device__ unsigned int size() const { return details::block_num_threads(); }
    __device__ unsigned int num_threads() const { return details::block_num_threads(); }
    __device__ dim3 group_index() const { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
    __device__ dim3 thread_index() const { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
    __device__ dim3 dim_threads() const { return dim3(blockDim.x, blockDim.y, blockDim.z); }
    __device__ dim3 group_dim() const { return dim3(blockDim.x, blockDim.y, blockDim.z); }
};

__device__ __forceinline__ thread_block this_thread_block() {
    return thread_block();
}

// `Size` consecutive threads of the block (a power of two, at most 32), so
// a tile never spans two warps.
template <unsigned int Size>
struct thread_block_tile {
    // `Size` one bits.
    __device__ unsigned int tile_bits() const {
        return (Size == 32u) ? 0xffffffffu : ((1u << (Size & 31u)) - 1u);
    }
    // The lane of the tile's first thread.
    __device__ unsigned int first_lane() const { return details::lane_id() & ~(Size - 1u); }
    // The tile's lanes within the warp.
    __device__ unsigned int build_mask() const { return tile_bits() << first_lane(); }
    __device__ void sync() const { __syncwarp(build_mask()); }
    __device__ unsigned int thread_rank() const { return details::block_thread_rank() & (Size - 1u); }
    __device__ unsigned int size() const { return Size; }
    __device__ unsigned int num_threads() const { return Size; }
    __device__ unsigned int meta_group_rank() const { return details::block_thread_rank() / Size; }
    __device__ unsigned int meta_group_size() const {
        return (details::block_num_threads() + Size - 1u) / Size;
    }
    template <typename T>
    __device__ T shfl(T var, int src_rank) const {
        return __shfl_sync(build_mask(), var, src_rank, Size);
    }
    template <typename T>
    __device__ T shfl_up(T var, unsigned int delta) const {
        return __shfl_up_sync(build_mask(), var, delta, Size);
    }
    template <typename T>
    __device__ T shfl_down(T var, unsigned int delta) const {
        return __shfl_down_sync(build_mask(), var, delta, Size);
    }
    template <typename T>
    __device__ T shfl_xor(T var, unsigned int lane_mask) const {
        return __shfl_xor_sync(build_mask(), var, lane_mask, Size);
    }
    __device__ int any(int predicate) const { return __any_sync(build_mask(), predicate); }
    __device__ int all(int predicate) const { return __all_sync(build_mask(), predicate); }
    // Bit i is the predicate of the tile's thread i.
    __device__ unsigned int ballot(int predicate) const {
        return (__ballot_sync(build_mask(), predicate) >> first_lane()) & tile_bits();
    }
};

template <unsigned int Size, typename ParentT>
__device__ __forceinline__ thread_block_tile<Size> tiled_partition(const ParentT& parent) {
    return thread_block_tile<Size>();
}

// The threads of the warp active at the point of creation.
struct coalesced_group {
    unsigned int mask;
    __device__ void sync() const { __syncwarp(mask); }
    __device__ unsigned int thread_rank() const { return __popc(mask & __lanemask_lt()); }
    __device__ unsigned int size() const { return __popc(mask); }
    __device__ unsigned int num_threads() const { return __popc(mask); }
    __device__ unsigned int meta_group_rank() const { return 0u; }
    __device__ unsigned int meta_group_size() const { return 1u; }
    __device__ int any(int predicate) const { return __any_sync(mask, predicate); }
    __device__ int all(int predicate) const { return __all_sync(mask, predicate); }
    // Bit i is the predicate of the group's thread of rank i.
    __device__ unsigned int ballot(int predicate) const {
        unsigned int warp_bits = __ballot_sync(mask, predicate);
        unsigned int bits = 0u;
        unsigned int rank = 0u;
        for (unsigned int lane = 0u; lane < 32u; ++lane) {
            if ((mask >> lane) & 1u) {
                if ((warp_bits >> lane) & 1u) {
                    bits |= 1u << rank;
                }
                ++rank;
            }
        }
        return bits;
    }
    template <typename T>
    __device__ T shfl(T var, unsigned int src_rank) const {
        return __shfl_sync(mask, var, (int)details::nth_set_lane(mask, src_rank), 32);
    }
};

__device__ __forceinline__ coalesced_group coalesced_threads() {
    coalesced_group g;
    g.mask = __activemask();
    return g;
}

template <typename GroupT>
__device__ __forceinline__ void sync(const GroupT& g) {
    g.sync();
}

template <typename GroupT>
__device__ __forceinline__ unsigned int thread_rank(const GroupT& g) {
    return g.thread_rank();
}

template <typename GroupT>
__device__ __forceinline__ unsigned int num_threads(const GroupT& g) {
    return g.num_threads();
}

} // namespace cooperative_groups

#endif
