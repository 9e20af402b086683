// Built-in <cuda_runtime_api.h>: the runtime version; host declarations are
// not needed because host code is never compiled.
#pragma once
#define CUDART_VERSION 12040
#define CUDART_CB
#define CUDARTAPI
