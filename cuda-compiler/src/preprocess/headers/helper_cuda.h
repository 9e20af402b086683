// Built-in <helper_cuda.h> (cuda-samples): host-side error checking, which
// only ever appears in host code.
#pragma once
#include <helper_string.h>
#define checkCudaErrors(val) (val)
#define getLastCudaError(msg) ((void)0)
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
