// template_saxpy_host.cu: whole program. Kernels templated over the element
// type and an items-per-thread count; instances come from an explicit
// instantiation and from <<<>>> launches in main.
// Exercises: template <typename T>, template <typename T, int N> with
// #pragma unroll over N, explicit instantiation with `double`, <iostream>,
// <vector>, std::vector::data(), a CUDA_CHECK macro with do/while(0),
// std::cerr streaming, cudaMalloc/cudaMemcpy/cudaFree, integer launch math.
// EXPECT-KERNELS: axpy<float>, axpy<double>, scale_items<float, 4>, scale_items<int, 8>

#include <cstdlib>
#include <iostream>
#include <vector>
#include <cuda_runtime.h>

#define CUDA_CHECK(expr)                                                        \
    do {                                                                        \
        cudaError_t err__ = (expr);                                             \
        if (err__ != cudaSuccess) {                                             \
            std::cerr << "CUDA error: " << cudaGetErrorString(err__) << " at " \
                      << __FILE__ << ":" << __LINE__ << std::endl;              \
            std::exit(EXIT_FAILURE);                                            \
        }                                                                       \
    } while (0)

template <typename T>
__global__ void axpy(int n, T a, const T *x, T *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

template <typename T, int ITEMS_PER_THREAD>
__global__ void scale_items(T *data, T factor, int n)
{
    int base = (blockIdx.x * blockDim.x + threadIdx.x) * ITEMS_PER_THREAD;
#pragma unroll
    for (int k = 0; k < ITEMS_PER_THREAD; ++k) {
        int i = base + k;
        if (i < n) data[i] *= factor;
    }
}

template __global__ void axpy<double>(int n, double a, const double *x, double *y);

int main()
{
    const int n = 1 << 16;
    std::vector<float> hx(n, 1.0f), hy(n, 2.0f);
    std::vector<int> hi(n, 7);

    float *dx = nullptr, *dy = nullptr;
    int *di = nullptr;
    CUDA_CHECK(cudaMalloc(&dx, n * sizeof(float)));
    CUDA_CHECK(cudaMalloc(&dy, n * sizeof(float)));
    CUDA_CHECK(cudaMalloc(&di, n * sizeof(int)));
    CUDA_CHECK(cudaMemcpy(dx, hx.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemcpy(dy, hy.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemcpy(di, hi.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    const int threads = 256;
    axpy<float><<<(n + threads - 1) / threads, threads>>>(n, 2.0f, dx, dy);
    scale_items<float, 4><<<(n / 4 + 127) / 128, 128>>>(dy, 0.5f, n);
    scale_items<int, 8><<<(n / 8 + 127) / 128, 128>>>(di, 3, n);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());

    CUDA_CHECK(cudaMemcpy(hy.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(hi.data(), di, n * sizeof(int), cudaMemcpyDeviceToHost));
    int errors = 0;
    for (int i = 0; i < n; ++i) {
        if (hy[i] != 2.0f || hi[i] != 21) ++errors;
    }
    std::cout << (errors == 0 ? "PASSED" : "FAILED") << std::endl;

    CUDA_CHECK(cudaFree(dx));
    CUDA_CHECK(cudaFree(dy));
    CUDA_CHECK(cudaFree(di));
    return errors == 0 ? 0 : 1;
}
