// Built-in <cuda.h>: the driver API version; host declarations are not
// needed because host code is never compiled.
#pragma once
#define CUDA_VERSION 12040
#define CUDAAPI
