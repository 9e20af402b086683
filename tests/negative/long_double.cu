// long_double.cu: a `long double` local in a kernel.
// EXPECT-ERROR: 6:5: unsupported: `long double`

__global__ void precise_sum(const double *x, double *out, int n)
{
    long double acc = 0;
    for (int i = 0; i < n; ++i) acc += x[i];
    *out = (double)acc;
}
