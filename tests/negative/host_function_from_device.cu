// host_function_from_device.cu: a `__device__` helper calling an explicitly `__host__` function.
// EXPECT-ERROR: 8:5: calling a `__host__` function `log_value` from a `__device__` function is not allowed

__host__ void log_value(float v) {}

__device__ float checked(float v)
{
    log_value(v);
    return v;
}

__global__ void run(float *y) { y[threadIdx.x] = checked(y[threadIdx.x]); }
