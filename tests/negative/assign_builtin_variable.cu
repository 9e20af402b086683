// assign_builtin_variable.cu: assigning to `threadIdx.x`.
// EXPECT-ERROR: 6:5: cannot assign to built-in variable `threadIdx`

__global__ void k(float *y)
{
    threadIdx.x = 0;
    y[threadIdx.x] = 1.0f;
}
