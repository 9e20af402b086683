// pointer_type_mismatch.cu: initialising an `int*` from a `float*` without a cast.
// EXPECT-ERROR: 6:14: cannot convert `float*` to `int*`

__global__ void as_bits(float *p, int *out, int n)
{
    int *q = p;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = q[i];
}
