// const_without_initializer.cu: a `const` local without an initialiser.
// EXPECT-ERROR: 6:17: `const` variable `scale` needs an initializer

__global__ void k(float *y)
{
    const float scale;
    y[threadIdx.x] *= scale;
}
