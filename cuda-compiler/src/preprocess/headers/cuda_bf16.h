// Built-in <cuda_bf16.h>: the bfloat16 type itself (`__nv_bfloat16`) and
// its intrinsics are known to the compiler.
#pragma once
typedef __nv_bfloat16 nv_bfloat16;
