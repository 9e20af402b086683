// missing_include.cu: a quoted `#include` of a header that does not exist; the error points
// at the file name.
// EXPECT-ERROR: 5:10: `#include` file `kernels_common.h` not found

#include "kernels_common.h"

__global__ void k(float *y) { y[threadIdx.x] = 1.0f; }
