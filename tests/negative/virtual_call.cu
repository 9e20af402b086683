// virtual_call.cu: a call of a virtual method in device code; the error points at the call.
// EXPECT-ERROR: 11:24: unsupported: virtual functions in device code

struct Shape {
    float size;
    __device__ virtual float area() const { return size * size; }
};

__global__ void areas(Shape *shapes, float *out)
{
    out[threadIdx.x] = shapes[threadIdx.x].area();
}
