// sgemm_tiled.cu: tiled single-precision GEMM (C = alpha*A*B + beta*C) in the
// style of the CUDA programming guide / cuda-samples matrixMul.
// Exercises: 2-D __shared__ tiles, #define'd tile size, #pragma unroll,
// 2-D grid indexing, bounds checks, row-major index macros.
// EXPECT-KERNELS: sgemm_tiled
// EXPECT-SHARED: sgemm_tiled=2048

#define TILE_DIM 16
#define IDX2R(r, c, ld) ((r) * (ld) + (c))

__global__ void sgemm_tiled(int M, int N, int K, float alpha,
                            const float *A, const float *B, float beta, float *C)
{
    __shared__ float As[TILE_DIM][TILE_DIM];
    __shared__ float Bs[TILE_DIM][TILE_DIM];

    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int row = blockIdx.y * TILE_DIM + ty;
    int col = blockIdx.x * TILE_DIM + tx;

    float acc = 0.0f;
    int numTiles = (K + TILE_DIM - 1) / TILE_DIM;

    for (int t = 0; t < numTiles; ++t) {
        int aCol = t * TILE_DIM + tx;
        int bRow = t * TILE_DIM + ty;
        As[ty][tx] = (row < M && aCol < K) ? A[IDX2R(row, aCol, K)] : 0.0f;
        Bs[ty][tx] = (bRow < K && col < N) ? B[IDX2R(bRow, col, N)] : 0.0f;
        __syncthreads();

#pragma unroll
        for (int k = 0; k < TILE_DIM; ++k) {
            acc += As[ty][k] * Bs[k][tx];
        }
        __syncthreads();
    }

    if (row < M && col < N) {
        C[IDX2R(row, col, N)] = alpha * acc + beta * C[IDX2R(row, col, N)];
    }
}
