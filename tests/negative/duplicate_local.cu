// duplicate_local.cu: a local variable declared twice in the same block.
// EXPECT-ERROR: 7:9: redefinition of `i`

__global__ void k(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int i = threadIdx.x;
    if (i < n) y[i] = 0.0f;
}
