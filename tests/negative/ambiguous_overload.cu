// ambiguous_overload.cu: an `int` argument converts equally well to the `float` and the
// `double` overload.
// EXPECT-ERROR: 11:25: call to `half_of` is ambiguous

__device__ float half_of(float x) { return 0.5f * x; }
__device__ double half_of(double x) { return 0.5 * x; }

__global__ void halves(float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = half_of(i);
}
