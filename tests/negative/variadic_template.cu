// variadic_template.cu: a variadic function template used from a kernel.
// EXPECT-ERROR: 4:11: unsupported: variadic templates

template <typename... Ts>
__device__ int count_args(Ts... args) { return sizeof...(args); }

__global__ void k(int *out)
{
    out[threadIdx.x] = count_args(1, 2.0f, 'c');
}
