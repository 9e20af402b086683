// struct_by_value.cu: user structs passed to kernels by value, arrays of
// structs in global memory, structs returned from __device__ functions, a
// struct with a constructor and const member functions.
// Exercises: struct definitions with float3/int fields, `const T &`
// parameters, member assignment through `ps[i].field`, struct copies,
// aggregate initialisation, make_float3, constructor with member initialisers,
// operator overloading on a struct.
// EXPECT-KERNELS: step_particles, kill_outside, spring_forces

struct Particle {
    float3 pos;
    float3 vel;
    float mass;
    int alive;
};

struct SimParams {
    float dt;
    float3 gravity;
    float damping;
    int numParticles;
};

struct Bounds {
    float3 lo;
    float3 hi;
};

struct Vec3 {
    float x, y, z;
    __device__ Vec3(float x_, float y_, float z_) : x(x_), y(y_), z(z_) {}
    __device__ Vec3 operator-(const Vec3 &o) const { return Vec3(x - o.x, y - o.y, z - o.z); }
    __device__ Vec3 operator*(float s) const { return Vec3(x * s, y * s, z * s); }
    __device__ float length() const { return sqrtf(x * x + y * y + z * z); }
};

__device__ Particle advance(Particle p, const SimParams &params)
{
    p.vel.x = (p.vel.x + params.gravity.x * params.dt) * params.damping;
    p.vel.y = (p.vel.y + params.gravity.y * params.dt) * params.damping;
    p.vel.z = (p.vel.z + params.gravity.z * params.dt) * params.damping;
    p.pos.x += p.vel.x * params.dt;
    p.pos.y += p.vel.y * params.dt;
    p.pos.z += p.vel.z * params.dt;
    return p;
}

__device__ bool inside(const Bounds &b, float3 p)
{
    return p.x >= b.lo.x && p.y >= b.lo.y && p.z >= b.lo.z &&
           p.x <= b.hi.x && p.y <= b.hi.y && p.z <= b.hi.z;
}

__global__ void step_particles(Particle *particles, SimParams params)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= params.numParticles) return;
    Particle p = particles[i];
    if (!p.alive) return;
    particles[i] = advance(p, params);
}

__global__ void kill_outside(Particle *ps, int n, Bounds box)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && !inside(box, ps[i].pos)) {
        ps[i].alive = 0;
        Particle dead = {make_float3(0.0f, 0.0f, 0.0f), make_float3(0.0f, 0.0f, 0.0f), 0.0f, 0};
        ps[i] = dead;
    }
}

__global__ void spring_forces(const Particle *ps, float3 *force, int n, float k, float rest)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i + 1 >= n) return;
    Vec3 a(ps[i].pos.x, ps[i].pos.y, ps[i].pos.z);
    Vec3 b(ps[i + 1].pos.x, ps[i + 1].pos.y, ps[i + 1].pos.z);
    Vec3 d = b - a;
    float len = d.length();
    Vec3 f = d * (k * (len - rest) / fmaxf(len, 1e-6f));
    force[i] = make_float3(f.x, f.y, f.z);
}
