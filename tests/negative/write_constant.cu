// write_constant.cu: a kernel storing into `__constant__` memory.
// EXPECT-ERROR: 8:27: cannot write to constant memory from device code

__constant__ float c_scale[4];

__global__ void set_scale(float s)
{
    if (threadIdx.x == 0) c_scale[0] = s;
}
