// bad_instance_option.cu: an `--instance` option that is not a template-id; the error has no
// source location.
// ARGS: --instance 'scale<'
// EXPECT-ERROR: -: invalid template instance `scale<`

template <typename T>
__global__ void scale(T *y, T a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] *= a;
}
