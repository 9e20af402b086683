// typedefs_unions_misc.cu: C-flavoured device code: typedef'd structs,
// unions for type punning, sizeof/alignof, __align__ structs, comma and
// conditional operators, do/while, pre/post increment on pointers, casts.
// Exercises: `typedef struct {...} Name;`, `typedef unsigned int uint;`,
// union of float and unsigned int, __align__(16) struct, sizeof(struct) in
// index math, pointer walking with *p++, `using` alias, do/while(0) macros.
// EXPECT-KERNELS: pack_records, float_bits, walk_pointers

typedef unsigned int uint;
using real = float;

typedef struct {
    real value;
    uint key;
    short flags;
    char tag;
} Record;

struct __align__(16) Packed4 {
    float a, b, c, d;
};

union FloatBits {
    float f;
    uint u;
};

#define SWAP(T, x, y) do { T tmp_ = (x); (x) = (y); (y) = tmp_; } while (0)

__global__ void pack_records(const real *vals, Record *recs, Packed4 *packed, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    Record r;
    r.value = vals[i];
    r.key = (uint)i * (uint)sizeof(Record);
    r.flags = (short)(i & 0x7fff);
    r.tag = 'A' + (char)(i % 26);
    recs[i] = r;
    Packed4 p = {r.value, (float)r.key, (float)r.flags, (float)alignof(Packed4)};
    packed[i] = p;
}

__global__ void float_bits(const float *in, uint *exponent, uint *mantissa, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    FloatBits fb;
    fb.f = in[i];
    exponent[i] = (fb.u >> 23) & 0xFFu;
    mantissa[i] = fb.u & 0x7FFFFFu;
}

__global__ void walk_pointers(const int *in, int *out, int n, int chunk)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    const int *p = in + t * chunk;
    const int *end = p + chunk;
    if ((t + 1) * chunk > n) return;
    int lo = 0, hi = 0, count = 0;
    do {
        int v = *p++;
        lo = v < lo ? v : lo, hi = v > hi ? v : hi;
        ++count;
    } while (p != end);
    if (lo > hi) SWAP(int, lo, hi);
    int *o = &out[3 * t];
    *o++ = lo;
    *o++ = hi;
    *o = count;
}
