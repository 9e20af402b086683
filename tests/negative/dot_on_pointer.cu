// dot_on_pointer.cu: `.` member access on a pointer to a struct.
// EXPECT-ERROR: 12:26: no field `mass` on type `Particle*`

struct Particle {
    float mass;
    float3 vel;
};

__global__ void masses(Particle *p, float *out)
{
    Particle *q = p + threadIdx.x;
    out[threadIdx.x] = q.mass;
}
