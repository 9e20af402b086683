// namespaces_constexpr.cu: kernels and helpers in namespaces, constexpr
// constants and a constexpr function used in an array bound, static_assert,
// anonymous namespaces, using-declarations and __forceinline__ helpers.
// Exercises: nested namespaces with a qualified kernel name (`blas::scal`,
// as a launch outside the namespace names it), `using blas::detail::mad;`,
// anonymous-namespace __device__ function, constexpr int/float,
// constexpr __host__ __device__ function in `__shared__ float buf[square(8)]`,
// static_assert at namespace and block scope, `::` global qualification.
// EXPECT-KERNELS: blas::scal, blas::axpby, smooth8
// EXPECT-SHARED: smooth8=256

constexpr float kPi = 3.14159265358979f;

constexpr __host__ __device__ int square(int x) { return x * x; }

namespace blas {
namespace detail {
__device__ __forceinline__ float mad(float a, float b, float c) { return a * b + c; }
}  // namespace detail

constexpr int kTile = 64;
static_assert(kTile % 32 == 0, "tile must be a multiple of the warp size");

__global__ void scal(int n, float alpha, float *x)
{
    int i = blockIdx.x * kTile + threadIdx.x;
    if (i < n) x[i] *= alpha;
}

__global__ void axpby(int n, float a, const float *x, float b, float *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = detail::mad(a, x[i], b * y[i]);
}
}  // namespace blas

namespace {
__device__ int clamp_index(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }
}  // namespace

__global__ void smooth8(const float *in, float *out, int n)
{
    static_assert(square(8) == 64, "square must be constexpr");
    __shared__ float buf[square(8)];
    using blas::detail::mad;

    int i = blockIdx.x * blockDim.x + threadIdx.x;
    buf[threadIdx.x % square(8)] = in[::clamp_index(i, n)];
    __syncthreads();
    float w = 0.5f * (1.0f - cosf(2.0f * kPi * threadIdx.x / square(8)));
    if (i < n) out[i] = mad(w, buf[(threadIdx.x + 1) % square(8)], 0.0f);
}
