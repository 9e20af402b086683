// reduce_shared_tree.cu: classic shared-memory tree reductions (the first
// steps of the cuda-samples "reduction" walkthrough).
// Exercises: static __shared__ arrays sized by a macro, interleaved and
// sequential addressing, `unsigned int` strides with >>= and <<=, modulo,
// __syncthreads inside loops with uniform trip counts, first-add-during-load.
// EXPECT-KERNELS: reduce0, reduce1, reduce2, reduce3
// EXPECT-SHARED: reduce0=1024, reduce1=1024, reduce2=1024, reduce3=1024

#define BLOCK_SIZE 256

// Interleaved addressing with a divergent modulo test.
__global__ void reduce0(const int *g_idata, int *g_odata, unsigned int n)
{
    __shared__ int sdata[BLOCK_SIZE];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = (i < n) ? g_idata[i] : 0;
    __syncthreads();

    for (unsigned int s = 1; s < blockDim.x; s *= 2) {
        if ((tid % (2 * s)) == 0) {
            sdata[tid] += sdata[tid + s];
        }
        __syncthreads();
    }
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

// Interleaved addressing with a strided index (bank conflicts).
__global__ void reduce1(const int *g_idata, int *g_odata, unsigned int n)
{
    __shared__ int sdata[BLOCK_SIZE];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = (i < n) ? g_idata[i] : 0;
    __syncthreads();

    for (unsigned int s = 1; s < blockDim.x; s <<= 1) {
        int index = 2 * s * tid;
        if (index < blockDim.x) {
            sdata[index] += sdata[index + s];
        }
        __syncthreads();
    }
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

// Sequential addressing.
__global__ void reduce2(const int *g_idata, int *g_odata, unsigned int n)
{
    __shared__ int sdata[BLOCK_SIZE];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    sdata[tid] = (i < n) ? g_idata[i] : 0;
    __syncthreads();

    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) {
            sdata[tid] += sdata[tid + s];
        }
        __syncthreads();
    }
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}

// First add during the global load: each block handles 2*blockDim.x items.
__global__ void reduce3(const int *g_idata, int *g_odata, unsigned int n)
{
    __shared__ int sdata[BLOCK_SIZE];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * (blockDim.x * 2) + threadIdx.x;

    int mySum = (i < n) ? g_idata[i] : 0;
    if (i + blockDim.x < n) mySum += g_idata[i + blockDim.x];
    sdata[tid] = mySum;
    __syncthreads();

    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s) {
            sdata[tid] = mySum = mySum + sdata[tid + s];
        }
        __syncthreads();
    }
    if (tid == 0) g_odata[blockIdx.x] = mySum;
}
