// stencil_3d_7pt_shared.cu: 3-D seven-point stencil marching in z with a 2-D
// shared tile plus halo and a register queue (Parboil "stencil" style).
// Exercises: __shared__ 2-D array with halo [BY + 2][BX + 2], halo loads by
// edge threads, register rotation (below/current/above), barriers inside a z
// loop, macros for 3-D indexing.
// EXPECT-KERNELS: stencil7_shared
// EXPECT-SHARED: stencil7_shared=1360

#define BX 32
#define BY 8
#define IDX3(x, y, z, nx, ny) (((z) * (ny) + (y)) * (nx) + (x))

__global__ void stencil7_shared(const float *in, float *out, int nx, int ny, int nz,
                                float c0, float c1)
{
    __shared__ float tile[BY + 2][BX + 2];

    int gx = blockIdx.x * BX + threadIdx.x;
    int gy = blockIdx.y * BY + threadIdx.y;
    int tx = threadIdx.x + 1;
    int ty = threadIdx.y + 1;
    bool inside = gx < nx && gy < ny;

    float below = inside ? in[IDX3(gx, gy, 0, nx, ny)] : 0.0f;
    float current = inside ? in[IDX3(gx, gy, 1, nx, ny)] : 0.0f;
    float above = 0.0f;

    for (int z = 1; z < nz - 1; ++z) {
        if (inside) above = in[IDX3(gx, gy, z + 1, nx, ny)];

        __syncthreads();
        tile[ty][tx] = current;
        if (threadIdx.x == 0 && gx > 0) tile[ty][0] = in[IDX3(gx - 1, gy, z, nx, ny)];
        if (threadIdx.x == BX - 1 && gx + 1 < nx) tile[ty][BX + 1] = in[IDX3(gx + 1, gy, z, nx, ny)];
        if (threadIdx.y == 0 && gy > 0) tile[0][tx] = in[IDX3(gx, gy - 1, z, nx, ny)];
        if (threadIdx.y == BY - 1 && gy + 1 < ny) tile[BY + 1][tx] = in[IDX3(gx, gy + 1, z, nx, ny)];
        __syncthreads();

        if (gx > 0 && gy > 0 && gx < nx - 1 && gy < ny - 1) {
            out[IDX3(gx, gy, z, nx, ny)] =
                c0 * current +
                c1 * (tile[ty][tx - 1] + tile[ty][tx + 1] + tile[ty - 1][tx] + tile[ty + 1][tx] +
                      below + above);
        }
        below = current;
        current = above;
    }
}
