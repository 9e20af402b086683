// layernorm_welford.cu: layer normalisation with Welford's online mean and
// variance, combined across a warp with shuffles (the PyTorch/OneFlow
// pattern), using float4 loads when the row length allows.
// Exercises: a struct with three fields returned from __device__
// functions, Welford merge arithmetic with divisions guarded by a count,
// __shfl_down_sync on each field plus __shfl_sync broadcast, rsqrtf,
// float4 loads via reinterpret_cast, one warp per row (2-D block).
// EXPECT-KERNELS: layernorm_warp_rows

struct Welford {
    float mean;
    float m2;
    float count;
};

__device__ __forceinline__ Welford welford_push(Welford w, float x)
{
    w.count += 1.0f;
    float delta = x - w.mean;
    w.mean += delta / w.count;
    w.m2 += delta * (x - w.mean);
    return w;
}

__device__ __forceinline__ Welford welford_merge(Welford a, Welford b)
{
    if (b.count == 0.0f) return a;
    if (a.count == 0.0f) return b;
    Welford r;
    r.count = a.count + b.count;
    float delta = b.mean - a.mean;
    float nb_over_n = b.count / r.count;
    r.mean = a.mean + delta * nb_over_n;
    r.m2 = a.m2 + b.m2 + delta * delta * a.count * nb_over_n;
    return r;
}

__device__ Welford warp_welford(Welford w)
{
    for (int offset = 16; offset > 0; offset /= 2) {
        Welford other;
        other.mean = __shfl_down_sync(0xffffffff, w.mean, offset);
        other.m2 = __shfl_down_sync(0xffffffff, w.m2, offset);
        other.count = __shfl_down_sync(0xffffffff, w.count, offset);
        w = welford_merge(w, other);
    }
    w.mean = __shfl_sync(0xffffffff, w.mean, 0);
    w.m2 = __shfl_sync(0xffffffff, w.m2, 0);
    w.count = __shfl_sync(0xffffffff, w.count, 0);
    return w;
}

// blockDim = (32, rows_per_block); cols is a multiple of 4.
__global__ void layernorm_warp_rows(const float *x, const float *gamma, const float *beta,
                                    float *y, int rows, int cols, float eps)
{
    int row = blockIdx.x * blockDim.y + threadIdx.y;
    if (row >= rows) return;
    const float4 *xr = reinterpret_cast<const float4 *>(x + (size_t)row * cols);
    float4 *yr = reinterpret_cast<float4 *>(y + (size_t)row * cols);
    int cols4 = cols / 4;

    Welford w = {0.0f, 0.0f, 0.0f};
    for (int c = threadIdx.x; c < cols4; c += 32) {
        float4 v = xr[c];
        w = welford_push(w, v.x);
        w = welford_push(w, v.y);
        w = welford_push(w, v.z);
        w = welford_push(w, v.w);
    }
    w = warp_welford(w);
    float inv_std = rsqrtf(w.m2 / w.count + eps);

    const float4 *g4 = reinterpret_cast<const float4 *>(gamma);
    const float4 *b4 = reinterpret_cast<const float4 *>(beta);
    for (int c = threadIdx.x; c < cols4; c += 32) {
        float4 v = xr[c], g = g4[c], b = b4[c];
        float4 o;
        o.x = (v.x - w.mean) * inv_std * g.x + b.x;
        o.y = (v.y - w.mean) * inv_std * g.y + b.y;
        o.z = (v.z - w.mean) * inv_std * g.z + b.z;
        o.w = (v.w - w.mean) * inv_std * g.w + b.w;
        yr[c] = o;
    }
}
