// multiple_default.cu: two `default` labels in one `switch`.
// EXPECT-ERROR: 13:5: multiple `default` labels in one `switch`

__global__ void pick(const int *codes, int *out)
{
    switch (codes[threadIdx.x]) {
    default:
        out[threadIdx.x] = 0;
        break;
    case 1:
        out[threadIdx.x] = 1;
        break;
    default:
        out[threadIdx.x] = 2;
    }
}
