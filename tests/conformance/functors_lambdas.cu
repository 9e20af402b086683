// functors_lambdas.cu: a thrust-like transform/reduce written by hand: kernels
// templated over functor types with operator(), a templated struct holding
// state, a device lambda called in place, and `auto` locals.
// Exercises: struct functors with `__device__ T operator()(T) const`,
// kernels templated over (T, Op) with explicit instantiation naming the
// functor type, a functor with a member initialised by a constructor,
// `auto` lambdas stored in a local and called, `auto` deduced from calls.
// EXPECT-KERNELS: transform_kernel<float, square_op>, transform_kernel<float, affine_op>, transform_kernel<int, negate_op>, lambda_kernel

struct square_op {
    __device__ float operator()(float x) const { return x * x; }
};

struct affine_op {
    float a, b;
    __host__ __device__ affine_op(float a_, float b_) : a(a_), b(b_) {}
    __device__ float operator()(float x) const { return a * x + b; }
};

struct negate_op {
    __device__ int operator()(int x) const { return -x; }
};

template <typename T, typename Op>
__global__ void transform_kernel(const T *in, T *out, int n, Op op)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        out[i] = op(in[i]);
    }
}

template __global__ void transform_kernel<float, square_op>(const float *, float *, int, square_op);
template __global__ void transform_kernel<float, affine_op>(const float *, float *, int, affine_op);
template __global__ void transform_kernel<int, negate_op>(const int *, int *, int, negate_op);

__global__ void lambda_kernel(const float *x, float *y, int n, float scale)
{
    auto scaled_square = [=](float v) { return scale * v * v; };
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        auto v = x[i];
        y[i] = scaled_square(v) + [](float a, float b) { return a > b ? a : b; }(v, 0.0f);
    }
}
