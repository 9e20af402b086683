// pointer_to_float.cu: initialising a `float` from a `float*`.
// EXPECT-ERROR: 6:15: cannot convert `float*` to `float`

__global__ void first_value(float *x, float *out)
{
    float v = x;
    out[threadIdx.x] = v;
}
