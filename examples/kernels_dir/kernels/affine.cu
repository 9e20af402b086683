#include "common.cuh"

// A struct by value: y[i] = x[i] * p.scale + p.offset for i < p.count.
__global__ void affine(Affine p, const float* x, float* y) {
    int i = global_index();
    if (i < p.count) y[i] = (float)(x[i] * p.scale + p.offset);
}
