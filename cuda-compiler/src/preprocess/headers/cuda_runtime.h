// Built-in <cuda_runtime.h>.
//
// nvcc includes this header in every .cu file. Host API declarations
// (cudaMalloc, ...) are not needed because host code is never compiled, and
// device built-ins (threadIdx, float4, __syncthreads, math functions) are
// known to the compiler itself, so only macros remain.
#pragma once
#include <cuda_runtime_api.h>
#include <device_launch_parameters.h>
#include <device_functions.h>
#include <math.h>
