// recursion.cu: a recursive `__device__` function reachable from a kernel.
// EXPECT-ERROR: 6:29: unsupported: recursion in device code

__device__ int factorial(int n)
{
    return n <= 1 ? 1 : n * factorial(n - 1);
}

__global__ void factorials(int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = factorial(i);
}
