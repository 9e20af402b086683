// kernel_not_void.cu: a `__global__` function declared to return `int`.
// EXPECT-ERROR: 4:12: a `__global__` function must have a `void` return type

__global__ int count_positive(const float *x, int n)
{
    int c = 0;
    for (int i = 0; i < n; ++i) c += x[i] > 0.0f;
    return c;
}
