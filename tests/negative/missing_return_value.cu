// missing_return_value.cu: a bare `return;` in a function returning `float`.
// EXPECT-ERROR: 7:5: non-void function `safe_inv` should return a value

__device__ float safe_inv(float x)
{
    if (x != 0.0f) return 1.0f / x;
    return;
}

__global__ void inv(float *y) { y[threadIdx.x] = safe_inv(y[threadIdx.x]); }
