// rng_xorshift.cu: whole program. Monte Carlo estimate of pi with a
// per-thread xorshift64* generator kept in global memory.
// Exercises: `unsigned long long` state passed by reference, 64-bit shifts
// and XORs, ULL hex literals, 64-bit multiply, (ull >> 40) converted to
// float, atomicAdd on unsigned long long, host printf of a double ratio.
// EXPECT-KERNELS: init_states, monte_carlo_pi

#include <stdio.h>
#include <cuda_runtime.h>

__device__ __forceinline__ unsigned long long xorshift64star(unsigned long long &state)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

__device__ float uniform01(unsigned long long &state)
{
    // The top 24 bits make an exactly representable float in [0, 1).
    return (xorshift64star(state) >> 40) * (1.0f / 16777216.0f);
}

__global__ void init_states(unsigned long long *states, unsigned long long seed, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned long long s = seed ^ (0x9E3779B97F4A7C15ULL * (unsigned long long)(i + 1));
    if (s == 0) s = 1;
    states[i] = s;
}

__global__ void monte_carlo_pi(unsigned long long *states, unsigned long long *hits,
                               int samples_per_thread)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned long long s = states[i];
    unsigned long long local = 0;
    for (int k = 0; k < samples_per_thread; ++k) {
        float x = uniform01(s);
        float y = uniform01(s);
        if (x * x + y * y <= 1.0f) ++local;
    }
    states[i] = s;
    atomicAdd(hits, local);
}

int main(void)
{
    const int threads = 256, blocks = 256, samples = 1000;
    const int n = threads * blocks;
    unsigned long long *d_states, *d_hits;
    cudaMalloc((void **)&d_states, n * sizeof(unsigned long long));
    cudaMalloc((void **)&d_hits, sizeof(unsigned long long));
    cudaMemset(d_hits, 0, sizeof(unsigned long long));

    init_states<<<blocks, threads>>>(d_states, 1234ULL, n);
    monte_carlo_pi<<<blocks, threads>>>(d_states, d_hits, samples);

    unsigned long long hits = 0;
    cudaMemcpy(&hits, d_hits, sizeof(hits), cudaMemcpyDeviceToHost);
    double total = (double)n * samples;
    printf("pi ~= %f\n", 4.0 * (double)hits / total);

    cudaFree(d_states);
    cudaFree(d_hits);
    return 0;
}
