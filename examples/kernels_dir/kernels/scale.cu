#include "common.cuh"

// y[i] = SCALE * x[i] (SCALE from build.rs)
__global__ void scale(const int* x, int* y, int n) {
    int i = global_index();
    if (i < n) y[i] = SCALE * x[i];
}
