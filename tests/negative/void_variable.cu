// void_variable.cu: a local variable of type `void`.
// EXPECT-ERROR: 6:10: variable `v` cannot have type `void`

__global__ void k(float *y)
{
    void v;
    y[threadIdx.x] = 0.0f;
}
