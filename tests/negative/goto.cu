// goto.cu: `goto` in a kernel (the IR has structured control flow only).
// EXPECT-ERROR: 8:24: unsupported: `goto` in device code

__global__ void find_first(const int *a, int *pos, int n)
{
    int i;
    for (i = 0; i < n; ++i) {
        if (a[i] == 0) goto done;
    }
done:
    *pos = i;
}
