// partial_specialisation.cu: a class template partial specialisation used in a kernel.
// EXPECT-ERROR: 9:1: unsupported: partial specialisation

template <typename T, int N>
struct Vec {
    T v[N];
};

template <typename T>
struct Vec<T, 1> {
    T v;
};

__global__ void k(float *out)
{
    Vec<float, 1> a;
    a.v = 1.0f;
    out[threadIdx.x] = a.v;
}
