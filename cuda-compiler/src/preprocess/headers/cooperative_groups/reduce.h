// Built-in <cooperative_groups/reduce.h>: `cg::reduce(tile, value, op)`
// and the functors CUDA defines for it.
//
// `reduce` is a butterfly over `shfl_xor`: after log2(N) steps every thread
// of a `thread_block_tile<N>` holds the reduction of the whole tile. It
// needs a group whose threads are consecutive lanes of one warp, that is a
// `thread_block_tile`; `coalesced_group` has no `shfl_xor` here. Plain C++
// only (the header is parsed by cudawasm's own front end).
#pragma once
#ifndef _COOPERATIVE_GROUPS_REDUCE_H_
#define _COOPERATIVE_GROUPS_REDUCE_H_

#include <cooperative_groups.h>

namespace cooperative_groups {

template <typename T>
struct plus {
    __device__ T operator()(T a, T b) const { return a + b; }
};

template <typename T>
struct less {
    __device__ T operator()(T a, T b) const { return (b < a) ? b : a; }
};

template <typename T>
struct greater {
    __device__ T operator()(T a, T b) const { return (a < b) ? b : a; }
};

template <typename T>
struct bit_and {
    __device__ T operator()(T a, T b) const { return a & b; }
};

template <typename T>
struct bit_or {
    __device__ T operator()(T a, T b) const { return a | b; }
};

template <typename T>
struct bit_xor {
    __device__ T operator()(T a, T b) const { return a ^ b; }
};

template <typename GroupT, typename T, typename OpT>
__device__ T reduce(const GroupT& group, T value, OpT op) {
    for (unsigned int offset = group.num_threads() / 2u; offset > 0u; offset /= 2u) {
        value = op(value, group.shfl_xor(value, offset));
    }
    return value;
}

} // namespace cooperative_groups

#endif
