// break_outside_loop.cu: `break` in a kernel outside any loop or switch.
// EXPECT-ERROR: 7:17: `break` outside of a loop or `switch`

__global__ void k(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) break;
    y[i] = 0.0f;
}
