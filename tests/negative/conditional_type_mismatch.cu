// conditional_type_mismatch.cu: `?:` with a pointer and a `float` operand; the error points at the
// conditional expression.
// EXPECT-ERROR: 7:24: incompatible operand types `float*` and `float` in conditional expression

__global__ void k(float *p, float **out, int flag)
{
    out[threadIdx.x] = flag ? p : 1.0f;
}
