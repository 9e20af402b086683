// pointer_to_int.cu: initialising an `int` from a `float*` (the example of the message style).
// EXPECT-ERROR: 6:19: cannot convert `float*` to `int`

__global__ void k(float *p, int *out)
{
    int address = p;
    out[threadIdx.x] = address;
}
