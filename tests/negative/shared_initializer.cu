// shared_initializer.cu: a `__shared__` variable with an initialiser (CUDA forbids it).
// EXPECT-ERROR: 6:22: initializer not allowed for `__shared__` variable

__global__ void block_total(const float *x, float *out)
{
    __shared__ float total = 0.0f;
    atomicAdd(&total, x[threadIdx.x]);
    __syncthreads();
    if (threadIdx.x == 0) out[blockIdx.x] = total;
}
