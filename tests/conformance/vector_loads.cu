// vector_loads.cu: vectorised memory access: float4 through
// reinterpret_cast, read-only loads with __ldg and const __restrict__, int2
// pairs, and a scalar tail loop.
// Exercises: reinterpret_cast<float4 *>(p)[i] and reinterpret_cast<const
// float4 *>, __ldg on float and float4 pointers, `const float *__restrict__`,
// vector member compound assignment, make_float4.
// EXPECT-KERNELS: copy_vec4, saxpy_ldg, scale_float4_ldg, pair_sums

__global__ void copy_vec4(float *__restrict__ out, const float *__restrict__ in, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int stride = blockDim.x * gridDim.x;
    for (int k = i; k < n / 4; k += stride) {
        reinterpret_cast<float4 *>(out)[k] = reinterpret_cast<const float4 *>(in)[k];
    }
    // The last n % 4 elements are copied one at a time.
    int tail = n % 4;
    if (i < tail) {
        int idx = n - tail + i;
        out[idx] = in[idx];
    }
}

__global__ void saxpy_ldg(int n, float a, const float *__restrict__ x, float *__restrict__ y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * __ldg(&x[i]) + y[i];
}

__global__ void scale_float4_ldg(const float4 *__restrict__ in, float4 *__restrict__ out, float s, int n4)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n4) return;
    float4 v = __ldg(in + i);
    v.x *= s;
    v.y *= s;
    v.z *= s;
    v.w *= s;
    out[i] = make_float4(v.x, v.y, v.z, v.w);
}

__global__ void pair_sums(const int2 *__restrict__ pairs, int *sums, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int2 p = pairs[i];
        sums[i] = p.x + p.y;
    }
}
