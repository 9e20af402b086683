// syntax_unclosed_brace.cu: a kernel body whose `{` is never closed; the error is at the end of
// the file (with a secondary label at the opening brace).
// EXPECT-ERROR: 11:1: unclosed `{`

__global__ void zero(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        y[i] = 0.0f;
    }
