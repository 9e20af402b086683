// histogram.cu: 256-bin histogram of bytes, privatised per block as the
// cuda-samples histogram256 does: the data is read as 32-bit words (four
// bytes each), counted with shared-memory atomics into the block's copy, and
// the copies are merged with one global atomicAdd per bin and block.
// Bench size: 2^24 bytes (2^22 words), block 256, grid 256 (64 words per
// thread).

#define BINS 256

__global__ void histogram256(const unsigned int *__restrict__ data, unsigned int n_words,
                             unsigned int *bins)
{
    __shared__ unsigned int local[BINS];
    for (unsigned int b = threadIdx.x; b < BINS; b += blockDim.x) {
        local[b] = 0;
    }
    __syncthreads();

    for (unsigned int i = blockIdx.x * blockDim.x + threadIdx.x; i < n_words;
         i += blockDim.x * gridDim.x) {
        unsigned int w = data[i];
        atomicAdd(&local[w & 0xffu], 1u);
        atomicAdd(&local[(w >> 8) & 0xffu], 1u);
        atomicAdd(&local[(w >> 16) & 0xffu], 1u);
        atomicAdd(&local[w >> 24], 1u);
    }
    __syncthreads();

    for (unsigned int b = threadIdx.x; b < BINS; b += blockDim.x) {
        unsigned int count = local[b];
        if (count != 0) {
            atomicAdd(&bins[b], count);
        }
    }
}
