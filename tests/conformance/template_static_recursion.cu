// template_static_recursion.cu: compile-time recursion through templates,
// which is not run-time recursion: every instance calls a different instance
// and the chain ends at a base case (an `if constexpr` branch, a full
// specialisation of a function template, or of a class template).
// Exercises: `if constexpr` on a non-type template parameter, `template <>`
// function specialisation as the base case, a recursive class template with
// a static __device__ member function and a `template <>` base, template
// arguments computed as `N - 1` and `N / 2`, kernels templated over the
// unroll depth with explicit instantiation.
// EXPECT-KERNELS: powers<3>, powers<8>, tree_sums<16>

template <int N>
__device__ __forceinline__ float pow_n(float x)
{
    if constexpr (N == 0) {
        return 1.0f;
    } else {
        return x * pow_n<N - 1>(x);
    }
}

template <int N>
__device__ __forceinline__ float sum_first(const float *v)
{
    return v[N - 1] + sum_first<N - 1>(v);
}

template <>
__device__ __forceinline__ float sum_first<0>(const float *v)
{
    return 0.0f;
}

template <int N>
struct TreeSum {
    __device__ static float run(const float *v)
    {
        return TreeSum<N / 2>::run(v) + TreeSum<N - N / 2>::run(v + N / 2);
    }
};

template <>
struct TreeSum<1> {
    __device__ static float run(const float *v) { return v[0]; }
};

template <int N>
__global__ void powers(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = pow_n<N>(x[i]) + sum_first<N>(x);
}

template <int N>
__global__ void tree_sums(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n / N) y[i] = TreeSum<N>::run(x + i * N);
}

template __global__ void powers<3>(const float *, float *, int);
template __global__ void powers<8>(const float *, float *, int);
template __global__ void tree_sums<16>(const float *, float *, int);
