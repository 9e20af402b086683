// call_non_function.cu: calling a local `int` variable as if it were a function.
// EXPECT-ERROR: 7:22: expected function, found `int`

__global__ void k(const float *x, float *y)
{
    int scale = 2;
    y[threadIdx.x] = scale(x[threadIdx.x]);
}
