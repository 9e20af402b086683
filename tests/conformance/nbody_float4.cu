// nbody_float4.cu: all-pairs N-body force calculation (GPU Gems 3, ch. 31)
// with positions/masses in float4 and a leapfrog integration kernel.
// Exercises: float4/float3 values and member access, brace-initialised
// float3/float4 locals, __device__ helpers taking and returning vectors by
// value, rsqrtf, extern __shared__ float4 declared in two functions (the
// same dynamic buffer), `for (i = 0, tile = 0; …; i += …, tile++)`.
// EXPECT-KERNELS: calculate_forces, integrate_bodies
// EXPECT-SHARED: calculate_forces=0, integrate_bodies=0

#define SOFTENING_SQUARED 0.01f

__device__ float3 bodyBodyInteraction(float4 bi, float4 bj, float3 ai)
{
    float3 r;
    r.x = bj.x - bi.x;
    r.y = bj.y - bi.y;
    r.z = bj.z - bi.z;

    float distSqr = r.x * r.x + r.y * r.y + r.z * r.z + SOFTENING_SQUARED;
    float invDist = rsqrtf(distSqr);
    float invDistCube = invDist * invDist * invDist;
    float s = bj.w * invDistCube;

    ai.x += r.x * s;
    ai.y += r.y * s;
    ai.z += r.z * s;
    return ai;
}

__device__ float3 tile_calculation(float4 myPosition, float3 accel)
{
    extern __shared__ float4 shPosition[];
    for (int i = 0; i < blockDim.x; i++) {
        accel = bodyBodyInteraction(myPosition, shPosition[i], accel);
    }
    return accel;
}

__global__ void calculate_forces(const float4 *devX, float4 *devA, int N)
{
    extern __shared__ float4 shPosition[];
    float4 myPosition;
    int i, tile;
    float3 acc = {0.0f, 0.0f, 0.0f};
    int gtid = blockIdx.x * blockDim.x + threadIdx.x;
    myPosition = devX[gtid];

    for (i = 0, tile = 0; i < N; i += blockDim.x, tile++) {
        int idx = tile * blockDim.x + threadIdx.x;
        shPosition[threadIdx.x] = devX[idx];
        __syncthreads();
        acc = tile_calculation(myPosition, acc);
        __syncthreads();
    }

    float4 acc4 = {acc.x, acc.y, acc.z, 0.0f};
    devA[gtid] = acc4;
}

__global__ void integrate_bodies(float4 *pos, float4 *vel, const float4 *accel,
                                 float deltaTime, float damping, int numBodies)
{
    int index = blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= numBodies) return;

    float4 p = pos[index];
    float4 v = vel[index];
    float4 a = accel[index];

    v.x = (v.x + a.x * deltaTime) * damping;
    v.y = (v.y + a.y * deltaTime) * damping;
    v.z = (v.z + a.z * deltaTime) * damping;

    p.x += v.x * deltaTime;
    p.y += v.y * deltaTime;
    p.z += v.z * deltaTime;

    pos[index] = p;
    vel[index] = v;
}
