// wrong_arg_count_user.cu: a call to a user `__device__` function with too many arguments.
// EXPECT-ERROR: 9:25: no matching function for call to `sq`

__device__ float sq(float x) { return x * x; }

__global__ void squares(const float *a, const float *b, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = sq(a[i], b[i]);
}
