// static_assert_failure.cu: a failing `static_assert` on a constexpr block size; the error points
// at the condition.
// EXPECT-ERROR: 6:15: static assertion failed: block size must be a multiple of 32

constexpr int kBlock = 100;
static_assert(kBlock % 32 == 0, "block size must be a multiple of 32");

__global__ void k(float *y) { y[threadIdx.x] = kBlock; }
