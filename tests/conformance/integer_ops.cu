// integer_ops.cu: integer and bit-manipulation kernels: population counts,
// leading zeros, bit reversal, 64-bit arithmetic, signed/unsigned mixing,
// Morton codes, and overflow-free midpoints.
// Exercises: __popc/__popcll/__clz/__clzll/__brev/__ffs, __umulhi,
// `long long`/`unsigned long long` arithmetic, shifts by variable amounts,
// unsigned wrap-around, `(unsigned)x >> s` vs signed `>>`, char/short
// loads widened to int, ternaries on unsigned, compound bitwise ops.
// EXPECT-KERNELS: bit_stats, morton3d, mix_signedness, wide_accumulate

__device__ unsigned int expandBits(unsigned int v)
{
    v = (v * 0x00010001u) & 0xFF0000FFu;
    v = (v * 0x00000101u) & 0x0F00F00Fu;
    v = (v * 0x00000011u) & 0xC30C30C3u;
    v = (v * 0x00000005u) & 0x49249249u;
    return v;
}

__global__ void bit_stats(const unsigned int *in, const unsigned long long *in64, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned int v = in[i];
    unsigned long long w = in64[i];
    out[6 * i + 0] = __popc(v);
    out[6 * i + 1] = __popcll(w);
    out[6 * i + 2] = __clz(v);
    out[6 * i + 3] = __clzll(w);
    out[6 * i + 4] = (int)__brev(v);
    out[6 * i + 5] = __ffs((int)v);
}

__global__ void morton3d(const float3 *pts, unsigned int *codes, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float3 p = pts[i];
    float x = fminf(fmaxf(p.x * 1024.0f, 0.0f), 1023.0f);
    float y = fminf(fmaxf(p.y * 1024.0f, 0.0f), 1023.0f);
    float z = fminf(fmaxf(p.z * 1024.0f, 0.0f), 1023.0f);
    unsigned int xx = expandBits((unsigned int)x);
    unsigned int yy = expandBits((unsigned int)y);
    unsigned int zz = expandBits((unsigned int)z);
    codes[i] = xx * 4 + yy * 2 + zz;
}

__global__ void mix_signedness(const int *a, const unsigned int *b, const signed char *c,
                               const short *s, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int x = a[i];
    unsigned int u = b[i];
    int widened = c[i] + s[i];
    int arith = x >> 3;                     // arithmetic shift of a signed value
    unsigned int logical = (unsigned)x >> 3;  // logical shift
    int mid = x + ((int)(u - x) >> 1);
    unsigned int hi = __umulhi(u, 0x9E3779B9u);
    u -= 1;  // wraps at zero
    u ^= u << 13;
    u |= (unsigned int)widened & 0xFFu;
    out[i] = (x < 0 ? arith : (int)logical) + mid + (int)(hi & 7u) + (int)(u % 17u);
}

__global__ void wide_accumulate(const int *in, long long *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    long long acc = 0;
    for (int k = 0; k < 64; ++k) {
        acc += (long long)in[i] * (1LL << (k % 31));
        acc -= acc / 3;
    }
    unsigned long long bits = (unsigned long long)acc;
    out[i] = acc + (long long)(bits >> 63);
}
