// scalar_to_vector.cu: initialising a `float4` from a `float` (CUDA vectors have no
// conversion from scalars).
// EXPECT-ERROR: 7:16: cannot convert `float` to `float4`

__global__ void k(float4 *y)
{
    float4 v = 1.0f;
    y[threadIdx.x] = v;
}
