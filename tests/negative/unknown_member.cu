// unknown_member.cu: a struct field that does not exist.
// EXPECT-ERROR: 12:21: no field `mass` on type `Particle`

struct Particle {
    float3 pos;
    float3 vel;
};

__global__ void momentum(const Particle *p, float3 *out)
{
    int i = threadIdx.x;
    out[i].x = p[i].mass * p[i].vel.x;
}
