// return_value_in_kernel.cu: a kernel (which returns `void`) returning a value.
// EXPECT-ERROR: 7:17: void function `fill` should not return a value

__global__ void fill(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return -1;
    y[i] = 1.0f;
}
