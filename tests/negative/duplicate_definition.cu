// duplicate_definition.cu: a `__device__` function defined twice.
// EXPECT-ERROR: 5:18: redefinition of `sq`

__device__ float sq(float x) { return x * x; }
__device__ float sq(float x) { return x * x + 0.0f; }

__global__ void k(float *y) { y[threadIdx.x] = sq(y[threadIdx.x]); }
