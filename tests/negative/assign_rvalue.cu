// assign_rvalue.cu: assigning to the result of an arithmetic expression.
// EXPECT-ERROR: 7:5: expression is not assignable

__global__ void k(float *y, int n)
{
    int i = threadIdx.x;
    (i + 1) = n;
    y[i] = 0.0f;
}
