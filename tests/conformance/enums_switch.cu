// enums_switch.cu: enums as kernel parameters and in switch statements:
// unscoped enums with explicit values, `enum class` with an underlying
// type, qualified enumerators, fall-through cases and a `default`.
// Exercises: switch with return in every case, case lists sharing a body,
// fall-through without break, enum parameters of __global__ functions,
// expf/tanhf/fmaxf, modulo of negative numbers, min/max on int.
// EXPECT-KERNELS: bias_activation, blur1d, classify

enum Activation { ACT_NONE = 0, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_LEAKY_RELU = 10 };

enum class BoundaryMode : int { Clamp, Wrap, Mirror };

__device__ float activate(float x, Activation act)
{
    switch (act) {
    case ACT_RELU:
        return fmaxf(x, 0.0f);
    case ACT_SIGMOID:
        return 1.0f / (1.0f + expf(-x));
    case ACT_TANH:
        return tanhf(x);
    case ACT_LEAKY_RELU:
        return x > 0.0f ? x : 0.01f * x;
    case ACT_NONE:
    default:
        return x;
    }
}

__device__ int apply_boundary(int i, int n, BoundaryMode mode)
{
    switch (mode) {
    case BoundaryMode::Clamp:
        return min(max(i, 0), n - 1);
    case BoundaryMode::Wrap:
        return ((i % n) + n) % n;
    case BoundaryMode::Mirror:
        if (i < 0) i = -i - 1;
        if (i >= n) i = 2 * n - i - 1;
        return i;
    }
    return 0;
}

__global__ void bias_activation(float *y, const float *bias, int rows, int cols, Activation act)
{
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    int r = blockIdx.y;
    if (r < rows && c < cols) {
        int idx = r * cols + c;
        y[idx] = activate(y[idx] + bias[c], act);
    }
}

__global__ void blur1d(const float *in, float *out, int n, int radius, BoundaryMode mode)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float sum = 0.0f;
    for (int k = -radius; k <= radius; ++k) sum += in[apply_boundary(i + k, n, mode)];
    out[i] = sum / (2 * radius + 1);
}

__global__ void classify(const int *codes, int *counts, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    switch (codes[i]) {
    case 0:
    case 1:
        atomicAdd(&counts[0], 1);
        break;
    case 2:
        atomicAdd(&counts[1], 1);
        // fall through: code 2 also counts as code 3
    case 3:
        atomicAdd(&counts[2], 1);
        break;
    default:
        atomicAdd(&counts[3], 1);
        break;
    }
}
