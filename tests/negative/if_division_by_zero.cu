// if_division_by_zero.cu: an `#if` expression that divides by zero; the error points at the `/`.
// EXPECT-ERROR: 6:12: division by zero in `#if` expression

#define BLOCK 256

#if (BLOCK / (BLOCK - 256)) > 1
#define WIDE 1
#endif

__global__ void k(float *y) { y[threadIdx.x] = 1.0f; }
