// excess_initializers.cu: an array initialiser with more elements than the array.
// EXPECT-ERROR: 6:39: excess elements in array initializer

__global__ void weights(float *y)
{
    float w[3] = {0.25f, 0.5f, 0.25f, 0.125f};
    y[threadIdx.x] = w[threadIdx.x % 3];
}
