// Block sum: each block reduces BLOCK elements in shared memory, then the
// last warp finishes with shuffles; one atomicAdd per block.
template <typename T, unsigned int BLOCK>
__global__ void reduce(const T* in, T* out, int n) {
    __shared__ T partial[BLOCK];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * BLOCK + tid;
    partial[tid] = i < n ? in[i] : T(0);
    __syncthreads();
    for (unsigned int s = BLOCK / 2; s >= 32; s >>= 1) {
        if (tid < s) partial[tid] += partial[tid + s];
        __syncthreads();
    }
    if (tid < 32) {
        T v = partial[tid];
        for (int offset = 16; offset > 0; offset >>= 1)
            v += __shfl_down_sync(0xffffffff, v, offset);
        if (tid == 0) atomicAdd(out, v);
    }
}
