// unknown_type.cu: a declaration whose type name is misspelt.
// EXPECT-ERROR: 8:5: unknown type name `flaot4`

__global__ void copy4(const float4 *in, float4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    flaot4 v = in[i];
    out[i] = v;
}
