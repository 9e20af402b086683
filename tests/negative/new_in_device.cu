// new_in_device.cu: `new` in a kernel (device-side heap allocation).
// EXPECT-ERROR: 6:18: unsupported: `new` in device code

__global__ void scratch(float *out, int n)
{
    float *tmp = new float[n];
    for (int i = 0; i < n; ++i) tmp[i] = i;
    out[threadIdx.x] = tmp[threadIdx.x % n];
}
