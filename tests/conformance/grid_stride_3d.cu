// grid_stride_3d.cu: grid-stride loops in 1-D and 3-D, 64-bit grid-stride
// indices, a dim3 parameter, and linearised 3-D block/thread ids.
// Exercises: blockIdx/threadIdx/blockDim/gridDim .x/.y/.z, `dim3` values
// copied from threadIdx/blockIdx, dim3 passed by value, size_t loop index
// with a (size_t) cast of the stride, triple-nested grid-stride loops.
// EXPECT-KERNELS: saxpy_grid_stride, saxpy_grid_stride_64, fill3d, add3d_grid_stride, linear_ids

__global__ void saxpy_grid_stride(int n, float a, const float *x, float *y)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        y[i] = a * x[i] + y[i];
}

__global__ void saxpy_grid_stride_64(size_t n, float a, const float *x, float *y)
{
    size_t stride = (size_t)blockDim.x * gridDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        y[i] = a * x[i] + y[i];
}

__global__ void fill3d(float *vol, dim3 dims, float value)
{
    unsigned int x = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned int y = blockIdx.y * blockDim.y + threadIdx.y;
    unsigned int z = blockIdx.z * blockDim.z + threadIdx.z;
    if (x < dims.x && y < dims.y && z < dims.z)
        vol[(z * dims.y + y) * dims.x + x] = value;
}

__global__ void add3d_grid_stride(float *a, const float *b, int nx, int ny, int nz)
{
    for (int z = blockIdx.z * blockDim.z + threadIdx.z; z < nz; z += blockDim.z * gridDim.z)
        for (int y = blockIdx.y * blockDim.y + threadIdx.y; y < ny; y += blockDim.y * gridDim.y)
            for (int x = blockIdx.x * blockDim.x + threadIdx.x; x < nx; x += blockDim.x * gridDim.x) {
                int idx = (z * ny + y) * nx + x;
                a[idx] += b[idx];
            }
}

__global__ void linear_ids(int *out)
{
    dim3 t = threadIdx;
    dim3 b = blockIdx;
    int linear_block = b.x + b.y * gridDim.x + b.z * gridDim.x * gridDim.y;
    int threads_per_block = blockDim.x * blockDim.y * blockDim.z;
    int linear_thread = t.x + t.y * blockDim.x + t.z * blockDim.x * blockDim.y;
    out[linear_block * threads_per_block + linear_thread] = linear_block;
}
