// function_pointer.cu: a function pointer declared in a kernel; the error points at its name.
// EXPECT-ERROR: 8:13: unsupported: function pointers in device code

__device__ float sq(float x) { return x * x; }

__global__ void apply(float *y)
{
    float (*op)(float) = sq;
    y[threadIdx.x] = op(y[threadIdx.x]);
}
