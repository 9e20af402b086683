// dynamic_parallelism.cu: a kernel launching another kernel (dynamic parallelism).
// EXPECT-ERROR: 9:9: unsupported: launching a kernel from device code (dynamic parallelism)

__global__ void child(float *y) { y[threadIdx.x] *= 2.0f; }

__global__ void parent(float *y, int chunks)
{
    if (threadIdx.x < chunks) {
        child<<<1, 32>>>(y + threadIdx.x * 32);
    }
}
