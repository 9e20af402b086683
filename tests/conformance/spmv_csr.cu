// spmv_csr.cu: whole program. Sparse matrix-vector product in CSR format:
// the scalar kernel (one thread per row) and the vector kernel (one warp per
// row with a shuffle reduction), as in Bell & Garland / SHOC spmv.
// Exercises: row_ptr/col_idx/values arrays, warp id and lane from a global
// thread id, strided loops starting at the lane, __shfl_down_sync reduction,
// host code building a CSR matrix in std::vector and launching both kernels.
// EXPECT-KERNELS: spmv_csr_scalar, spmv_csr_vector

#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

#define WARP_SIZE 32

__global__ void spmv_csr_scalar(int num_rows, const int *row_ptr, const int *col_idx,
                                const float *values, const float *x, float *y)
{
    int row = blockDim.x * blockIdx.x + threadIdx.x;
    if (row < num_rows) {
        float dot = 0.0f;
        int row_start = row_ptr[row];
        int row_end = row_ptr[row + 1];
        for (int jj = row_start; jj < row_end; jj++) dot += values[jj] * x[col_idx[jj]];
        y[row] = dot;
    }
}

__global__ void spmv_csr_vector(int num_rows, const int *row_ptr, const int *col_idx,
                                const float *values, const float *x, float *y)
{
    int thread_id = blockDim.x * blockIdx.x + threadIdx.x;
    int warp_id = thread_id / WARP_SIZE;
    int lane = thread_id & (WARP_SIZE - 1);
    int row = warp_id;  // one warp per row

    if (row < num_rows) {
        int row_start = row_ptr[row];
        int row_end = row_ptr[row + 1];
        float sum = 0.0f;
        for (int jj = row_start + lane; jj < row_end; jj += WARP_SIZE) sum += values[jj] * x[col_idx[jj]];
        for (int offset = WARP_SIZE / 2; offset > 0; offset >>= 1)
            sum += __shfl_down_sync(0xffffffff, sum, offset);
        if (lane == 0) y[row] = sum;
    }
}

int main()
{
    // A tridiagonal matrix of size n.
    const int n = 4096;
    std::vector<int> row_ptr(n + 1);
    std::vector<int> cols;
    std::vector<float> vals;
    for (int r = 0; r < n; ++r) {
        row_ptr[r] = (int)cols.size();
        for (int c = r - 1; c <= r + 1; ++c) {
            if (c < 0 || c >= n) continue;
            cols.push_back(c);
            vals.push_back(c == r ? 2.0f : -1.0f);
        }
    }
    row_ptr[n] = (int)cols.size();
    std::vector<float> x(n, 1.0f), y(n, 0.0f);

    int *d_row_ptr, *d_cols;
    float *d_vals, *d_x, *d_y;
    cudaMalloc(&d_row_ptr, (n + 1) * sizeof(int));
    cudaMalloc(&d_cols, cols.size() * sizeof(int));
    cudaMalloc(&d_vals, vals.size() * sizeof(float));
    cudaMalloc(&d_x, n * sizeof(float));
    cudaMalloc(&d_y, n * sizeof(float));
    cudaMemcpy(d_row_ptr, row_ptr.data(), (n + 1) * sizeof(int), cudaMemcpyHostToDevice);
    cudaMemcpy(d_cols, cols.data(), cols.size() * sizeof(int), cudaMemcpyHostToDevice);
    cudaMemcpy(d_vals, vals.data(), vals.size() * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);

    spmv_csr_scalar<<<(n + 255) / 256, 256>>>(n, d_row_ptr, d_cols, d_vals, d_x, d_y);
    spmv_csr_vector<<<(n * WARP_SIZE + 255) / 256, 256>>>(n, d_row_ptr, d_cols, d_vals, d_x, d_y);
    cudaMemcpy(y.data(), d_y, n * sizeof(float), cudaMemcpyDeviceToHost);

    double checksum = 0.0;
    for (float v : y) checksum += v;
    printf("checksum %.1f (expected 2.0)\n", checksum);

    cudaFree(d_row_ptr);
    cudaFree(d_cols);
    cudaFree(d_vals);
    cudaFree(d_x);
    cudaFree(d_y);
    return 0;
}
