// undeclared_identifier.cu: a kernel that reads a variable that was never declared.
// EXPECT-ERROR: 7:30: use of undeclared identifier `bias`

__global__ void add_bias(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] + bias;
}
