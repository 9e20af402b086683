// header_error.cu: an error inside an included header is reported in the header.
// EXPECT-ERROR: include/bad_helper.h:4:16: use of undeclared identifier `gain`

#include "include/bad_helper.h"

__global__ void k(float *y) { y[threadIdx.x] = apply_gain(y[threadIdx.x]); }
