// deref_non_pointer.cu: dereferencing an `int`.
// EXPECT-ERROR: 6:15: type `int` cannot be dereferenced

__global__ void k(float *y, int n)
{
    float v = *n;
    y[threadIdx.x] = v;
}
