// elif_after_else.cu: `#elif` after the `#else` of the same `#if`.
// EXPECT-ERROR: 10:1: `#elif` after `#else`

#define BLOCK 128

#if BLOCK == 256
#define ITEMS 2
#else
#define ITEMS 4
#elif BLOCK == 128
#define ITEMS 8
#endif

__global__ void k(float *y) { y[threadIdx.x] = ITEMS; }
