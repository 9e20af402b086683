// common_math.h: helpers shared by several kernels (included with -I).
#pragma once

#include "config.h"

#define CUDA_HD __host__ __device__

struct Range {
    int begin;
    int end;
};

CUDA_HD inline float lerp(float a, float b, float t) { return a + t * (b - a); }

CUDA_HD inline int div_up(int a, int b) { return (a + b - 1) / b; }

__device__ __forceinline__ float smoothstep(float edge0, float edge1, float x)
{
    float t = fminf(fmaxf((x - edge0) / (edge1 - edge0), 0.0f), 1.0f);
    return t * t * (3.0f - 2.0f * t);
}
