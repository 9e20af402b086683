// nonconst_case.cu: a `case` label that is not a constant expression.
// EXPECT-ERROR: 7:10: case value is not a constant expression

__global__ void pick(const int *codes, int *out, int special)
{
    switch (codes[threadIdx.x]) {
    case special:
        out[threadIdx.x] = 1;
        break;
    default:
        out[threadIdx.x] = 0;
    }
}
