// add_two_pointers.cu: adding two pointers; the error points at the operator.
// EXPECT-ERROR: 6:18: invalid operands to binary `+`: `float*` and `float*`

__global__ void k(float *a, float *b, float **out)
{
    float *c = a + b;
    out[threadIdx.x] = c;
}
