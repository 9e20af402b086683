// macro_unterminated_call.cu: a function-like macro invocation whose `)` never comes.
// EXPECT-ERROR: 9:23: unterminated invocation of macro `MAX2`

#define MAX2(a, b) ((a) > (b) ? (a) : (b))

__global__ void relu(float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = MAX2(x[i], 0.0f;
}
