// syntax_bad_expression.cu: a binary operator with a missing right operand.
// EXPECT-ERROR: 7:19: expected expression, found `;`

__global__ void axpy(float a, const float *x, float *y)
{
    int i = threadIdx.x;
    float v = a * ;
    y[i] += v * x[i];
}
