// unknown_instance_option.cu: an `--instance` naming a kernel template that does not exist.
// ARGS: --instance 'scael<float>'
// EXPECT-ERROR: -: no kernel template named `scael`

template <typename T>
__global__ void scale(T *y, T a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] *= a;
}
