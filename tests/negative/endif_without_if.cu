// endif_without_if.cu: an `#endif` with no open conditional.
// EXPECT-ERROR: 5:1: `#endif` without `#if`

#define BLOCK 128
#endif

__global__ void k(float *y) { y[threadIdx.x] = BLOCK; }
