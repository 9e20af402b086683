// enum_class_to_int.cu: a scoped enumerator does not convert implicitly to `int`.
// EXPECT-ERROR: 8:13: cannot convert `Mode` to `int`

enum class Mode { Fast, Accurate };

__global__ void pick(int *out)
{
    int m = Mode::Accurate;
    out[threadIdx.x] = m;
}
