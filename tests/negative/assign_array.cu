// assign_array.cu: assigning one local array to another.
// EXPECT-ERROR: 8:5: array type `float[4]` is not assignable

__global__ void k(float *y)
{
    float a[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    float b[4];
    b = a;
    y[threadIdx.x] = b[threadIdx.x % 4];
}
