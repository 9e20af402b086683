// Shared by every kernel of the folder.
#pragma once
__device__ inline int global_index() { return blockIdx.x * blockDim.x + threadIdx.x; }

struct Affine {
    float scale;
    double offset;
    int count;
};
