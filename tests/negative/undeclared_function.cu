// undeclared_function.cu: a call to a function that is neither declared nor a CUDA built-in.
// EXPECT-ERROR: 7:23: use of undeclared identifier `sigmoid`

__global__ void activate(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = sigmoid(x[i]);
}
