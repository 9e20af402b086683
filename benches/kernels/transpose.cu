// transpose.cu: out = transpose(in) for a row-major height-by-width matrix,
// through a padded shared-memory tile as in NVIDIA's "An Efficient Matrix
// Transpose in CUDA C/C++": 32x32 tiles, 32x8 threads each moving four
// elements, the +1 column of padding avoiding shared-memory bank conflicts.
// Coalesced reads of rows of `in`, coalesced writes of rows of `out`.
// Bench size: 2048 x 2048, block 32x8, grid 64x64.

#define TILE_DIM 32
#define BLOCK_ROWS 8

__global__ void transpose(float *__restrict__ out, const float *__restrict__ in, int width,
                          int height)
{
    __shared__ float tile[TILE_DIM][TILE_DIM + 1];

    int x = blockIdx.x * TILE_DIM + threadIdx.x;
    int y = blockIdx.y * TILE_DIM + threadIdx.y;
    for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
        if (x < width && y + j < height) {
            tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * width + x];
        }
    }
    __syncthreads();

    x = blockIdx.y * TILE_DIM + threadIdx.x;
    y = blockIdx.x * TILE_DIM + threadIdx.y;
    for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) {
        if (x < height && y + j < width) {
            out[(y + j) * height + x] = tile[threadIdx.x][threadIdx.y + j];
        }
    }
}
