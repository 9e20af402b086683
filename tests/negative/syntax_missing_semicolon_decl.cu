// syntax_missing_semicolon_decl.cu: a local declaration without its `;` before a `for` loop.
// EXPECT-ERROR: 6:21: expected `;` after declaration

__global__ void sum_rows(const float *a, float *out, int cols)
{
    float acc = 0.0f
    for (int j = 0; j < cols; ++j) acc += a[blockIdx.x * cols + j];
    out[blockIdx.x] = acc;
}
