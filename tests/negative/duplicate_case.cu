// duplicate_case.cu: two `case` labels with the same value in one `switch`.
// EXPECT-ERROR: 10:10: duplicate case value `1`

__global__ void classify(const int *codes, int *out)
{
    int c = 0;
    switch (codes[threadIdx.x]) {
    case 0: c = 10; break;
    case 1: c = 20; break;
    case 1: c = 30; break;
    default: break;
    }
    out[threadIdx.x] = c;
}
