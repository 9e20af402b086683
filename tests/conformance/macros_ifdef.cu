// macros_ifdef.cu: configuration through the preprocessor: required -D
// options checked with #error, #if arithmetic on macros, #if/#elif/#else
// chains with defined(), function-like macros, token pasting to build kernel
// names, a statement-like loop macro, __launch_bounds__ from a macro and an
// unroll count from a macro through _Pragma (nvcc does not macro-expand the
// operand of `#pragma unroll`, so real code builds the pragma with _Pragma).
// Exercises: #ifndef/#error (not taken), #if BLOCK % 32 != 0, ## pasting,
// # stringizing, __expf/__fdividef chosen by USE_FAST_MATH, fminf/fmaxf.
// ARGS: -DUSE_FAST_MATH -DBLOCK=128
// EXPECT-KERNELS: softplus_kernel, gaussian_kernel, clamp_items

#ifndef BLOCK
#error "BLOCK must be defined (-DBLOCK=...)"
#endif

#if BLOCK % 32 != 0
#error "BLOCK must be a multiple of 32"
#endif

#ifdef USE_FAST_MATH
#define EXP(x) __expf(x)
#define DIV(a, b) __fdividef((a), (b))
#else
#define EXP(x) expf(x)
#define DIV(a, b) ((a) / (b))
#endif

#define SQR(x) ((x) * (x))
#define CLAMP(x, lo, hi) (fminf(fmaxf((x), (lo)), (hi)))
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define CONCAT(a, b) a##b
#define KERNEL_NAME(base) CONCAT(base, _kernel)
#define PRAGMA(x) _Pragma(#x)
#define UNROLL(n) PRAGMA(unroll n)
#define FOR_EACH_THREAD(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

#if defined(USE_FAST_MATH) && BLOCK >= 128
#define ITEMS 4
#elif BLOCK >= 64
#define ITEMS 2
#else
#define ITEMS 1
#endif

static const char *config_name = "block " STRINGIFY(BLOCK);

__global__ void KERNEL_NAME(softplus)(const float *x, float *y, int n)
{
    FOR_EACH_THREAD(i, n) { y[i] = logf(1.0f + EXP(x[i])); }
}

__global__ void KERNEL_NAME(gaussian)(const float *x, float *y, int n, float mu, float sigma)
{
    FOR_EACH_THREAD(i, n)
    {
        float d = x[i] - mu;
        y[i] = EXP(-DIV(SQR(d), 2.0f * SQR(sigma)));
    }
}

__global__ void __launch_bounds__(BLOCK) clamp_items(float *data, int n, float lo, float hi)
{
    int base = (blockIdx.x * BLOCK + threadIdx.x) * ITEMS;
    UNROLL(ITEMS)
    for (int k = 0; k < ITEMS; ++k) {
        if (base + k < n) data[base + k] = CLAMP(data[base + k], lo, hi);
    }
}
