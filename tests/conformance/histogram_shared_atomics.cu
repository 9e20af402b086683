// histogram_shared_atomics.cu: privatised 256-bin histogram (per-block copy
// in shared memory, merged with global atomics), and a ring-buffer slot
// allocator built on atomicInc.
// Exercises: __shared__ unsigned int[256], strided initialisation loop,
// shared atomicAdd, global atomicAdd of a shared value, uchar4 vector loads
// (.x .y .z .w), a __device__ global counter, atomicInc with wrap-around.
// EXPECT-KERNELS: histogram256_shared, ring_push
// EXPECT-SHARED: histogram256_shared=1024, ring_push=0

#define HIST_BINS 256
#define RING_SIZE 1024

__device__ unsigned int ring_head = 0;

__global__ void histogram256_shared(const uchar4 *data, unsigned int *d_hist, int n4)
{
    __shared__ unsigned int s_hist[HIST_BINS];

    for (int b = threadIdx.x; b < HIST_BINS; b += blockDim.x) s_hist[b] = 0;
    __syncthreads();

    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += blockDim.x * gridDim.x) {
        uchar4 v = data[i];
        atomicAdd(&s_hist[v.x], 1);
        atomicAdd(&s_hist[v.y], 1);
        atomicAdd(&s_hist[v.z], 1);
        atomicAdd(&s_hist[v.w], 1);
    }
    __syncthreads();

    for (int b = threadIdx.x; b < HIST_BINS; b += blockDim.x) {
        unsigned int count = s_hist[b];
        if (count > 0) atomicAdd(&d_hist[b], count);
    }
}

__global__ void ring_push(const int *values, int *ring, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && values[i] != 0) {
        // atomicInc wraps to 0 once the old value reaches RING_SIZE - 1.
        unsigned int slot = atomicInc(&ring_head, RING_SIZE - 1);
        ring[slot] = values[i];
    }
}
