// auto_without_initializer.cu: an `auto` local without an initialiser.
// EXPECT-ERROR: 6:10: `auto` variable `v` needs an initializer

__global__ void k(float *y)
{
    auto v;
    y[threadIdx.x] = v;
}
