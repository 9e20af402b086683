// continue_outside_loop.cu: `continue` in a kernel outside any loop.
// EXPECT-ERROR: 7:17: `continue` outside of a loop

__global__ void k(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) continue;
    y[i] = 0.0f;
}
