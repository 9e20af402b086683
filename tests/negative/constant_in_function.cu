// constant_in_function.cu: a `__constant__` variable declared inside a kernel body.
// EXPECT-ERROR: 6:24: `__constant__` variables cannot be declared inside a function

__global__ void k(float *y)
{
    __constant__ float c_gain = 2.0f;
    y[threadIdx.x] *= c_gain;
}
