// vector_member_out_of_range.cu: `.w` on a `float3`.
// EXPECT-ERROR: 7:32: no field `w` on type `float3`

__global__ void k(const float3 *p, float *out)
{
    float3 v = p[threadIdx.x];
    out[threadIdx.x] = v.x + v.w;
}
