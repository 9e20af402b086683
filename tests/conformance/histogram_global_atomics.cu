// histogram_global_atomics.cu: histograms straight into global memory.
// Exercises: atomicAdd on `unsigned int*` with int and unsigned literals,
// `unsigned char` loads (byte data), grid-stride while loop, min/max on int
// to clamp a computed bin, float-to-int conversion, `1u`.
// EXPECT-KERNELS: histogram_bytes, histogram_floats

#define NUM_BINS 64

__global__ void histogram_bytes(const unsigned char *data, unsigned int *bins, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int stride = blockDim.x * gridDim.x;
    while (i < n) {
        atomicAdd(&bins[data[i]], 1);
        i += stride;
    }
}

__global__ void histogram_floats(const float *x, unsigned int *bins, int n, float lo, float hi)
{
    float scale = NUM_BINS / (hi - lo);
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        int bin = (int)((x[i] - lo) * scale);
        bin = min(max(bin, 0), NUM_BINS - 1);
        atomicAdd(bins + bin, 1u);
    }
}
