// explicit_instantiation_unknown_type.cu: an explicit instantiation naming a misspelt type.
// EXPECT-ERROR: 11:31: unknown type name `flot`

template <typename T>
__global__ void fill(T *y, T v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = v;
}

template __global__ void fill<flot>(flot *y, flot v, int n);
