// unterminated_if.cu: an `#if` without its `#endif`.
// EXPECT-ERROR: 6:1: unterminated `#if`

#define BLOCK 128

#if BLOCK > 64
__global__ void big(float *y) { y[threadIdx.x] = 1.0f; }

__global__ void other(float *y) { y[threadIdx.x] = 2.0f; }
