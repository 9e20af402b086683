// template_without_args.cu: a class template used as a type without template arguments.
// EXPECT-ERROR: 11:5: use of class template `Pair` requires template arguments

template <typename T>
struct Pair {
    T first, second;
};

__global__ void k(float *y)
{
    Pair p;
    y[threadIdx.x] = 0.0f;
}
