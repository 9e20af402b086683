// assign_through_const.cu: a store through a `const float*` parameter.
// EXPECT-ERROR: 7:16: cannot assign to a value of type `const float`

__global__ void clear(const float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = 0.0f;
}
