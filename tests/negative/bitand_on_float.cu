// bitand_on_float.cu: `&` with a `float` operand.
// EXPECT-ERROR: 6:37: invalid operands to binary `&`: `float` and `int`

__global__ void k(const float *x, int *y)
{
    y[threadIdx.x] = x[threadIdx.x] & 1;
}
