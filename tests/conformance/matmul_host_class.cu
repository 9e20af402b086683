// matmul_host_class.cu: whole program. The cuda-samples matrixMul kernel
// templated over BLOCK_SIZE, driven by a host class hierarchy with virtual
// methods; one instance is launched from a member function, one from main.
// Exercises: template <int BLOCK_SIZE> with shared tiles sized by it,
// `#pragma unroll` over a template bound, host classes with virtual and
// pure virtual methods, override, std::unique_ptr, std::string,
// std::vector, <<<>>> launches inside a class method and in main.
// EXPECT-KERNELS: matrixMulCUDA<16>, matrixMulCUDA<32>
// EXPECT-SHARED: matrixMulCUDA<16>=2048, matrixMulCUDA<32>=8192

#include <iostream>
#include <memory>
#include <string>
#include <vector>
#include <cuda_runtime.h>

template <int BLOCK_SIZE>
__global__ void matrixMulCUDA(float *C, float *A, float *B, int wA, int wB)
{
    int bx = blockIdx.x;
    int by = blockIdx.y;
    int tx = threadIdx.x;
    int ty = threadIdx.y;

    int aBegin = wA * BLOCK_SIZE * by;
    int aEnd = aBegin + wA - 1;
    int aStep = BLOCK_SIZE;
    int bBegin = BLOCK_SIZE * bx;
    int bStep = BLOCK_SIZE * wB;

    float Csub = 0;

    for (int a = aBegin, b = bBegin; a <= aEnd; a += aStep, b += bStep) {
        __shared__ float As[BLOCK_SIZE][BLOCK_SIZE];
        __shared__ float Bs[BLOCK_SIZE][BLOCK_SIZE];

        As[ty][tx] = A[a + wA * ty + tx];
        Bs[ty][tx] = B[b + wB * ty + tx];
        __syncthreads();

#pragma unroll
        for (int k = 0; k < BLOCK_SIZE; ++k) {
            Csub += As[ty][k] * Bs[k][tx];
        }
        __syncthreads();
    }

    int c = wB * BLOCK_SIZE * by + BLOCK_SIZE * bx;
    C[c + wB * ty + tx] = Csub;
}

class Benchmark {
public:
    virtual ~Benchmark() {}
    virtual void run() = 0;
    virtual std::string name() const { return "benchmark"; }
};

class MatMulBench : public Benchmark {
public:
    explicit MatMulBench(int n) : n_(n), hA_(n * n, 1.0f), hB_(n * n, 0.01f), hC_(n * n) {}

    void run() override
    {
        size_t bytes = hA_.size() * sizeof(float);
        float *dA, *dB, *dC;
        cudaMalloc(&dA, bytes);
        cudaMalloc(&dB, bytes);
        cudaMalloc(&dC, bytes);
        cudaMemcpy(dA, hA_.data(), bytes, cudaMemcpyHostToDevice);
        cudaMemcpy(dB, hB_.data(), bytes, cudaMemcpyHostToDevice);
        dim3 threads(32, 32);
        dim3 grid(n_ / threads.x, n_ / threads.y);
        matrixMulCUDA<32><<<grid, threads>>>(dC, dA, dB, n_, n_);
        cudaDeviceSynchronize();
        cudaMemcpy(hC_.data(), dC, bytes, cudaMemcpyDeviceToHost);
        cudaFree(dA);
        cudaFree(dB);
        cudaFree(dC);
    }

    std::string name() const override { return "matmul " + std::to_string(n_); }

private:
    int n_;
    std::vector<float> hA_, hB_, hC_;
};

int main()
{
    std::unique_ptr<Benchmark> bench(new MatMulBench(512));
    bench->run();
    std::cout << bench->name() << " done" << std::endl;

    const int n = 256;
    float *dA, *dB, *dC;
    cudaMalloc(&dA, n * n * sizeof(float));
    cudaMalloc(&dB, n * n * sizeof(float));
    cudaMalloc(&dC, n * n * sizeof(float));
    dim3 threads(16, 16);
    dim3 grid(n / 16, n / 16);
    matrixMulCUDA<16><<<grid, threads>>>(dC, dA, dB, n, n);
    cudaDeviceSynchronize();
    cudaFree(dA);
    cudaFree(dB);
    cudaFree(dC);
    return 0;
}
