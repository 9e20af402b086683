// member_of_non_struct.cu: member access on a `float`.
// EXPECT-ERROR: 7:17: no field `value` on type `float`

__global__ void k(const float *x, float *y)
{
    int i = threadIdx.x;
    y[i] = x[i].value;
}
