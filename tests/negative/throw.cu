// throw.cu: throwing an exception from device code.
// EXPECT-ERROR: 8:22: unsupported: exceptions in device code

__global__ void checked_sqrt(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    if (x[i] < 0.0f) throw i;
    y[i] = sqrtf(x[i]);
}
