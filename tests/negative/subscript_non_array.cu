// subscript_non_array.cu: indexing an `int`.
// EXPECT-ERROR: 6:22: cannot index into a value of type `int`

__global__ void k(float *y, int n)
{
    y[threadIdx.x] = n[0];
}
