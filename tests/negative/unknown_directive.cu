// unknown_directive.cu: a misspelt preprocessing directive.
// EXPECT-ERROR: 6:1: unknown preprocessing directive `#pragam`

__global__ void k(float *y)
{
#pragam unroll
    for (int i = 0; i < 4; ++i) y[threadIdx.x * 4 + i] = 0.0f;
}
