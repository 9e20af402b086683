// syntax_missing_semicolon.cu: an expression statement without its `;`; the error points just past
// the last token of the expression, as rustc does.
// EXPECT-ERROR: 8:34: expected `;` after expression

__global__ void scale(float *y, const float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = 2.0f * x[i]
}
