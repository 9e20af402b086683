// integer_literal_too_large.cu: an integer literal that fits no integer type.
// EXPECT-ERROR: 6:21: integer literal is too large

__global__ void k(long long *y)
{
    long long big = 123456789012345678901234;
    y[threadIdx.x] = big;
}
