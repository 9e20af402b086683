// nonconst_array_size.cu: a local array whose size is a kernel parameter.
// EXPECT-ERROR: 6:15: array size is not a constant expression

__global__ void local_copy(const float *in, float *out, int n)
{
    float buf[n];
    for (int i = 0; i < n; ++i) buf[i] = in[i];
    out[threadIdx.x] = buf[threadIdx.x % n];
}
