// shared_memory.h: the cuda-samples SharedMemory<T> idiom. Templated kernels
// cannot declare `extern __shared__ T smem[]` directly (the declarations of
// different instances would conflict), so a struct converts to a T* that
// points at the dynamic shared memory. double gets its own specialisation to
// keep the alignment right.
#ifndef SHARED_MEMORY_H
#define SHARED_MEMORY_H

template <class T>
struct SharedMemory {
    __device__ inline operator T *()
    {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }

    __device__ inline operator const T *() const
    {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }
};

template <>
struct SharedMemory<double> {
    __device__ inline operator double *()
    {
        extern __shared__ double __smem_d[];
        return (double *)__smem_d;
    }

    __device__ inline operator const double *() const
    {
        extern __shared__ double __smem_d[];
        return (double *)__smem_d;
    }
};

#endif  // SHARED_MEMORY_H
