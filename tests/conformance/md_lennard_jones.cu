// md_lennard_jones.cu: SHOC MD-style Lennard-Jones forces over a neighbour
// list, templated over the precision (float4/double4 positions) through a
// traits struct, with __launch_bounds__ and __ldg loads.
// Exercises: class template specialisations used as type traits
// (`typename Traits<T>::vec4`), template kernel instantiated for float and
// double, double4 and float4 member access, `const int * __restrict__`
// neighbour lists, __ldg on int, `__launch_bounds__(128, 4)`, cutoff test
// with `if (r2 < cutsq)`, inverse powers.
// EXPECT-KERNELS: compute_lj_force<float>, compute_lj_force<double>

template <typename T>
struct Traits;

template <>
struct Traits<float> {
    typedef float4 vec4;
};

template <>
struct Traits<double> {
    typedef double4 vec4;
};

template <typename T>
__global__ void __launch_bounds__(128, 4)
compute_lj_force(typename Traits<T>::vec4 *force, const typename Traits<T>::vec4 *position,
                 const int neighCount, const int *__restrict__ neighList, const T cutsq,
                 const T lj1, const T lj2, const int inum)
{
    typedef typename Traits<T>::vec4 vec4;
    int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= inum) return;

    vec4 ipos = position[idx];
    T fx = 0, fy = 0, fz = 0;
    for (int j = 0; j < neighCount; j++) {
        int jidx = __ldg(&neighList[j * inum + idx]);
        vec4 jpos = position[jidx];
        T delx = ipos.x - jpos.x;
        T dely = ipos.y - jpos.y;
        T delz = ipos.z - jpos.z;
        T r2inv = delx * delx + dely * dely + delz * delz;
        if (r2inv < cutsq) {
            r2inv = (T)1.0 / r2inv;
            T r6inv = r2inv * r2inv * r2inv;
            T forceCoef = r2inv * r6inv * (lj1 * r6inv - lj2);
            fx += delx * forceCoef;
            fy += dely * forceCoef;
            fz += delz * forceCoef;
        }
    }
    vec4 f;
    f.x = fx;
    f.y = fy;
    f.z = fz;
    f.w = 0;
    force[idx] = f;
}

template __global__ void compute_lj_force<float>(float4 *, const float4 *, const int, const int *__restrict__,
                                                 const float, const float, const float, const int);
template __global__ void compute_lj_force<double>(double4 *, const double4 *, const int, const int *__restrict__,
                                                  const double, const double, const double, const int);
