// syntax_missing_paren.cu: an `if` condition without its closing parenthesis.
// EXPECT-ERROR: 7:15: expected `)`, found `{`

__global__ void clamp_positive(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n {
        y[i] = fmaxf(y[i], 0.0f);
    }
}
