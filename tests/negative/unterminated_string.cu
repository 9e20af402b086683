// unterminated_string.cu: a string literal without its closing quote.
// EXPECT-ERROR: 6:12: unterminated string literal

__global__ void k(const int *v)
{
    printf("value %d\n, v[threadIdx.x]);
}
