// arrow_on_non_pointer.cu: `->` member access on a struct value.
// EXPECT-ERROR: 12:24: member reference type `Particle` is not a pointer

struct Particle {
    float mass;
    float3 vel;
};

__global__ void masses(const Particle *p, float *out)
{
    Particle q = p[threadIdx.x];
    out[threadIdx.x] = q->mass;
}
