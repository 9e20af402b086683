// instance_wrong_arity.cu: an `--instance` with too few template arguments.
// ARGS: --instance 'block_sum<float>'
// EXPECT-ERROR: -: wrong number of template arguments for `block_sum`: expected 2, found 1

template <typename T, int BLOCK>
__global__ void block_sum(const T *in, T *out)
{
    __shared__ T s[BLOCK];
    s[threadIdx.x] = in[blockIdx.x * BLOCK + threadIdx.x];
    __syncthreads();
    if (threadIdx.x == 0) {
        T acc = 0;
        for (int k = 0; k < BLOCK; ++k) acc += s[k];
        out[blockIdx.x] = acc;
    }
}
