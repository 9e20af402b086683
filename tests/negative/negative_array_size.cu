// negative_array_size.cu: a local array with a negative constant size.
// EXPECT-ERROR: 8:13: array size is negative

#define N (-4)

__global__ void k(float *y)
{
    float a[N * 2 + 4 - 4];
    y[threadIdx.x] = a[0];
}
