// syntax_unclosed_brace.cu: a kernel body whose `{` is never closed; as in rustc, the error is at
// the end of the file's last line (with a secondary label at the opening brace).
// EXPECT-ERROR: 10:6: unclosed `{`

__global__ void zero(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        y[i] = 0.0f;
    }
