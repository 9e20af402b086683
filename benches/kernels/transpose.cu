// transpose.cu: out = in^T for a rows-by-cols row-major float matrix,
// through a padded 32x33 shared tile (no bank conflicts), 32x8 threads per
// tile, each thread moving four elements, as NVIDIA's "efficient matrix
// transpose" article does. Bounds-checked, so any size works.
// Bench size: 8192 x 8192, block 32x8, grid (cols/32, rows/32).

#define TILE_DIM 32
#define BLOCK_ROWS 8

__global__ void transpose(int rows, int cols, const float *__restrict__ in,
                          float *__restrict__ out)
{
    __shared__ float tile[TILE_DIM][TILE_DIM + 1];

    int x = blockIdx.x * TILE_DIM + threadIdx.x;
    int y = blockIdx.y * TILE_DIM + threadIdx.y;
#pragma unroll
    for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
        if (x < cols && y + j < rows) {
            tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
        }
    }
    __syncthreads();

    x = blockIdx.y * TILE_DIM + threadIdx.x;
    y = blockIdx.x * TILE_DIM + threadIdx.y;
#pragma unroll
    for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
        if (x < rows && y + j < cols) {
            out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
        }
    }
}
