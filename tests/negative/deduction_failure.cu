// deduction_failure.cu: template argument deduction fails: `T` is `float` from one argument
// and `int` from the other.
// EXPECT-ERROR: 11:23: no matching function for call to `max_of`

template <typename T>
__device__ T max_of(T a, T b) { return a > b ? a : b; }

__global__ void relu(float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = max_of(x[i], 0);
}
