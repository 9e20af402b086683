// host_function_from_kernel.cu: a kernel calling a function without `__device__` (a host function).
// EXPECT-ERROR: 9:23: calling a `__host__` function `host_scale` from a `__global__` function is not allowed

float host_scale(float x) { return 2.0f * x; }

__global__ void scale_all(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = host_scale(y[i]);
}
