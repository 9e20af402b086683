// shift_by_float.cu: a shift whose right operand is a `float`.
// EXPECT-ERROR: 7:14: invalid operands to binary `<<`: `int` and `float`

__global__ void k(int *y, float s)
{
    int i = threadIdx.x;
    y[i] = i << s;
}
