// inline_asm.cu: inline PTX assembly reading the lane id.
// EXPECT-ERROR: 7:5: unsupported: inline PTX assembly (`asm`)

__global__ void lane_ids(unsigned int *out)
{
    unsigned int lane;
    asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
    out[threadIdx.x] = lane;
}
