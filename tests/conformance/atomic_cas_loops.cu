// atomic_cas_loops.cu: atomics built from atomicCAS loops, as in the CUDA
// programming guide: atomicMax on float through its int bits and atomicAdd
// on double through unsigned long long (the pre-sm_60 fallback).
// Exercises: do/while CAS loops, `break` inside do/while, casts between
// float* / int* and double* / unsigned long long*, __float_as_int,
// __int_as_float, __double_as_longlong, __longlong_as_double, atomicCAS on
// int and unsigned long long, `unsigned long long int` spelling.
// EXPECT-KERNELS: max_reduce_cas, sum_double_cas

__device__ float atomicMaxFloat(float *addr, float value)
{
    int *addr_as_int = (int *)addr;
    int old = *addr_as_int, assumed;
    do {
        assumed = old;
        if (__int_as_float(assumed) >= value) break;
        old = atomicCAS(addr_as_int, assumed, __float_as_int(value));
    } while (assumed != old);
    return __int_as_float(old);
}

__device__ double atomicAddDouble(double *address, double val)
{
    unsigned long long int *address_as_ull = (unsigned long long int *)address;
    unsigned long long int old = *address_as_ull, assumed;
    do {
        assumed = old;
        old = atomicCAS(address_as_ull, assumed,
                        __double_as_longlong(val + __longlong_as_double(assumed)));
    } while (assumed != old);
    return __longlong_as_double(old);
}

__global__ void max_reduce_cas(const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) atomicMaxFloat(out, in[i]);
}

__global__ void sum_double_cas(const double *in, double *out, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        atomicAddDouble(out, in[i]);
    }
}
