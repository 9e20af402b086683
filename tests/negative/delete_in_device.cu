// delete_in_device.cu: `delete[]` in a `__device__` helper.
// EXPECT-ERROR: 4:37: unsupported: `delete` in device code

__device__ void release(float *p) { delete[] p; }

__global__ void cleanup(float **bufs)
{
    release(bufs[threadIdx.x]);
}
