// reduce_template_blocksize.cu: whole program in the style of the old
// cuda-samples reduction (reduce5): kernel templated over the element type
// and the block size, a volatile warp-synchronous tail, dynamic shared memory
// through the SharedMemory<T> idiom, and host code that launches instances
// from a switch on the block size.
// Exercises: template <class T, unsigned int blockSize>, `if (blockSize >= …)`
// on template parameters, `volatile T*`, extern __shared__ through a
// conversion operator, explicit instantiation, <<<grid, block, smem>>>
// launches of template instances, host error-checking macro, malloc/free.
// ARGS: -I include
// EXPECT-KERNELS: reduce5<float, 512>, reduce5<float, 256>, reduce5<float, 128>, reduce5<int, 128>
// EXPECT-SHARED: reduce5<float, 256>=0

#include <stdio.h>
#include <stdlib.h>
#include <cuda_runtime.h>
#include "shared_memory.h"

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            fprintf(stderr, "CUDA error %s at %s:%d\n",                      \
                    cudaGetErrorString(err_), __FILE__, __LINE__);           \
            exit(EXIT_FAILURE);                                              \
        }                                                                    \
    } while (0)

template <class T, unsigned int blockSize>
__device__ void warpReduce(volatile T *sdata, unsigned int tid)
{
    if (blockSize >= 64) sdata[tid] += sdata[tid + 32];
    if (blockSize >= 32) sdata[tid] += sdata[tid + 16];
    if (blockSize >= 16) sdata[tid] += sdata[tid + 8];
    if (blockSize >= 8) sdata[tid] += sdata[tid + 4];
    if (blockSize >= 4) sdata[tid] += sdata[tid + 2];
    if (blockSize >= 2) sdata[tid] += sdata[tid + 1];
}

template <class T, unsigned int blockSize>
__global__ void reduce5(T *g_idata, T *g_odata, unsigned int n)
{
    T *sdata = SharedMemory<T>();

    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * (blockSize * 2) + threadIdx.x;

    T mySum = (i < n) ? g_idata[i] : 0;
    if (i + blockSize < n) mySum += g_idata[i + blockSize];
    sdata[tid] = mySum;
    __syncthreads();

    if (blockSize >= 512) { if (tid < 256) { sdata[tid] = mySum = mySum + sdata[tid + 256]; } __syncthreads(); }
    if (blockSize >= 256) { if (tid < 128) { sdata[tid] = mySum = mySum + sdata[tid + 128]; } __syncthreads(); }
    if (blockSize >= 128) { if (tid < 64) { sdata[tid] = mySum = mySum + sdata[tid + 64]; } __syncthreads(); }

    if (tid < 32) warpReduce<T, blockSize>(sdata, tid);
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

// The int instance is only reachable through this explicit instantiation.
template __global__ void reduce5<int, 128>(int *g_idata, int *g_odata, unsigned int n);

void launch_reduce(int threads, int blocks, float *d_in, float *d_out, unsigned int n)
{
    dim3 dimBlock(threads, 1, 1);
    dim3 dimGrid(blocks, 1, 1);
    int smemSize = (threads <= 32) ? 2 * threads * sizeof(float) : threads * sizeof(float);
    switch (threads) {
    case 512:
        reduce5<float, 512><<<dimGrid, dimBlock, smemSize>>>(d_in, d_out, n);
        break;
    case 256:
        reduce5<float, 256><<<dimGrid, dimBlock, smemSize>>>(d_in, d_out, n);
        break;
    case 128:
        reduce5<float, 128><<<dimGrid, dimBlock, smemSize>>>(d_in, d_out, n);
        break;
    default:
        fprintf(stderr, "unsupported block size %d\n", threads);
        break;
    }
}

int main(int argc, char **argv)
{
    unsigned int n = 1 << 20;
    int threads = 256;
    int blocks = (n + threads * 2 - 1) / (threads * 2);

    float *h_in = (float *)malloc(n * sizeof(float));
    for (unsigned int i = 0; i < n; i++) h_in[i] = (float)(rand() & 0xFF) / (float)RAND_MAX;

    float *d_in = NULL, *d_out = NULL;
    CHECK(cudaMalloc((void **)&d_in, n * sizeof(float)));
    CHECK(cudaMalloc((void **)&d_out, blocks * sizeof(float)));
    CHECK(cudaMemcpy(d_in, h_in, n * sizeof(float), cudaMemcpyHostToDevice));

    launch_reduce(threads, blocks, d_in, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    float *h_out = (float *)malloc(blocks * sizeof(float));
    CHECK(cudaMemcpy(h_out, d_out, blocks * sizeof(float), cudaMemcpyDeviceToHost));
    double total = 0.0;
    for (int b = 0; b < blocks; b++) total += h_out[b];
    printf("sum = %f\n", total);

    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    free(h_in);
    free(h_out);
    return 0;
}
