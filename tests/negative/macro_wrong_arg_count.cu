// macro_wrong_arg_count.cu: a function-like macro invoked with too few arguments.
// EXPECT-ERROR: 9:23: macro `MAX2` takes 2 arguments but 1 was given

#define MAX2(a, b) ((a) > (b) ? (a) : (b))

__global__ void relu(float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = MAX2(x[i]);
}
