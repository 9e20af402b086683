// no_matching_overload.cu: overloads for `float` and `int` called with a pointer.
// EXPECT-ERROR: 10:23: no matching function for call to `scale`

__device__ float scale(float x, float s) { return x * s; }
__device__ int scale(int x, int s) { return x * s; }

__global__ void apply(float *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] = scale(p, 2);
}
