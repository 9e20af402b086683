// wrong_arg_count_builtin.cu: a call to the `atomicAdd` built-in with one argument.
// EXPECT-ERROR: 7:28: no matching function for call to `atomicAdd`

__global__ void count_hits(const int *flags, int *count, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && flags[i]) atomicAdd(&count[0]);
}
