// stencil.cu: one Jacobi step of a 5-point stencil on an nx-by-ny row-major
// grid, out = c0 * centre + c1 * (north + south + east + west) inside, the
// boundary copied. One thread per point, 16x16 blocks: the plain form most
// CUDA codes use (the caches serve the neighbours' reuse).
// Bench size: 2048 x 2048, block 16x16, grid 128x128.

__global__ void stencil5(int nx, int ny, float c0, float c1, const float *__restrict__ in,
                         float *__restrict__ out)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= nx || y >= ny) return;

    int i = y * nx + x;
    if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1) {
        out[i] = in[i];
    } else {
        out[i] = c0 * in[i] + c1 * (in[i - nx] + in[i + nx] + in[i - 1] + in[i + 1]);
    }
}
