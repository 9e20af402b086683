// stream_triad_host.cu: whole program in the style of SHOC's Triad/BabelStream:
// copy/scale/add/triad kernels timed with CUDA events over several block
// sizes, pinned host memory and a stream.
// Exercises: several simple kernels with a `const T * __restrict__` style,
// a file-scope `__device__` scalar read by a kernel, host loops over a
// std::vector of block sizes, cudaEvent timing, cudaMallocHost,
// cudaMemcpyAsync on a stream, launches with all four <<<>>> arguments.
// EXPECT-KERNELS: stream_copy, stream_scale, stream_add, stream_triad

#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

__device__ float d_scalar = 3.0f;

__global__ void stream_copy(const float *__restrict__ a, float *__restrict__ c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i];
}

__global__ void stream_scale(float *__restrict__ b, const float *__restrict__ c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) b[i] = d_scalar * c[i];
}

__global__ void stream_add(const float *__restrict__ a, const float *__restrict__ b,
                           float *__restrict__ c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}

__global__ void stream_triad(float *__restrict__ a, const float *__restrict__ b,
                             const float *__restrict__ c, float scalar, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) a[i] = b[i] + scalar * c[i];
}

int main(int argc, char *argv[])
{
    const int n = 1 << 24;
    const size_t bytes = n * sizeof(float);
    float *h_a;
    cudaMallocHost((void **)&h_a, bytes);
    for (int i = 0; i < n; ++i) h_a[i] = 1.0f;

    float *d_a, *d_b, *d_c;
    cudaMalloc(&d_a, bytes);
    cudaMalloc(&d_b, bytes);
    cudaMalloc(&d_c, bytes);

    cudaStream_t stream;
    cudaStreamCreate(&stream);
    cudaMemcpyAsync(d_a, h_a, bytes, cudaMemcpyHostToDevice, stream);
    cudaMemcpyAsync(d_b, h_a, bytes, cudaMemcpyHostToDevice, stream);

    cudaEvent_t start, stop;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);

    std::vector<int> blockSizes = {128, 256, 512, 1024};
    for (int bs : blockSizes) {
        int grid = (n + bs - 1) / bs;
        cudaEventRecord(start, stream);
        stream_copy<<<grid, bs, 0, stream>>>(d_a, d_c, n);
        stream_scale<<<grid, bs, 0, stream>>>(d_b, d_c, n);
        stream_add<<<grid, bs, 0, stream>>>(d_a, d_b, d_c, n);
        stream_triad<<<grid, bs, 0, stream>>>(d_a, d_b, d_c, 3.0f, n);
        cudaEventRecord(stop, stream);
        cudaEventSynchronize(stop);
        float ms = 0.0f;
        cudaEventElapsedTime(&ms, start, stop);
        double gbytes = (2.0 + 2.0 + 3.0 + 3.0) * bytes / 1e9;
        printf("block %4d: %8.2f GB/s\n", bs, gbytes / (ms / 1e3));
    }

    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    cudaStreamDestroy(stream);
    cudaFree(d_a);
    cudaFree(d_b);
    cudaFree(d_c);
    cudaFreeHost(h_a);
    return 0;
}
