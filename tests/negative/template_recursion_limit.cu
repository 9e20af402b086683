// template_recursion_limit.cu: a function template whose instances instantiate ever deeper
// instances (`depth<N + 1>`); the front end must stop with an error, not
// loop. The error points at the call that exceeded the limit.
// EXPECT-ERROR: 9:12: recursive template instantiation exceeded maximum depth

template <int N>
__device__ int depth_of()
{
    return depth_of<N + 1>() + 1;
}

__global__ void k(int *out)
{
    out[threadIdx.x] = depth_of<0>();
}
