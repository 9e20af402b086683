// stencil_2d_5pt.cu: 2-D five-point stencils on a row-major grid: a weighted
// Laplacian with coefficients passed by value and an explicit heat-equation
// step with a boundary copy.
// Exercises: 2-D grid/block indices, `size_t` index arithmetic with casts,
// const __restrict__ pointers, compound boolean conditions, else-branch copy.
// EXPECT-KERNELS: laplacian5, heat_step

__global__ void laplacian5(const float *__restrict__ in, float *__restrict__ out,
                           int nx, int ny, float c0, float c1)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < 1 || y < 1 || x >= nx - 1 || y >= ny - 1) return;

    size_t idx = (size_t)y * nx + x;
    out[idx] = c0 * in[idx] + c1 * (in[idx - 1] + in[idx + 1] + in[idx - nx] + in[idx + nx]);
}

__global__ void heat_step(const float *u, float *u_new, int nx, int ny, float alpha, float dt, float h)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= nx || j >= ny) return;

    int id = j * nx + i;
    bool interior = i > 0 && j > 0 && i < nx - 1 && j < ny - 1;
    if (interior) {
        float lap = (u[id - 1] + u[id + 1] + u[id - nx] + u[id + nx] - 4.0f * u[id]) / (h * h);
        u_new[id] = u[id] + alpha * dt * lap;
    } else {
        u_new[id] = u[id];
    }
}
