// soa_struct_pointers.cu: structure-of-arrays views passed to kernels by
// value (pointers inside structs), pointer-to-pointer row tables, __device__
// functions returning pointers, and __device__ global arrays and counters.
// Exercises: struct fields of pointer type used as global memory, `float **`
// parameters, a device helper returning `float *`, a `__device__ float
// table[256]` read and written by kernels, atomicAdd on a __device__ int,
// member pointer arithmetic `v.x + offset`.
// EXPECT-KERNELS: soa_axpy, rows_scale, table_lookup, count_large

#define TABLE_SIZE 256

struct Float3SoA {
    float *x;
    float *y;
    float *z;
    int n;
};

__device__ float d_table[TABLE_SIZE];
__device__ int d_large_count;

__device__ float *row_ptr(float **rows, int r) { return rows[r]; }

__global__ void soa_axpy(Float3SoA out, const Float3SoA in, float a, int offset)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i + offset >= in.n) return;
    const float *px = in.x + offset;
    out.x[i] += a * px[i];
    out.y[i] += a * in.y[i + offset];
    out.z[i] += a * in.z[i + offset];
}

__global__ void rows_scale(float **rows, const float *scale, int nrows, int ncols)
{
    int r = blockIdx.y;
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (r < nrows && c < ncols) {
        float *row = row_ptr(rows, r);
        row[c] *= scale[r];
    }
}

__global__ void table_lookup(const unsigned char *keys, float *out, int n, int build)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (build) {
        if (i < TABLE_SIZE) d_table[i] = sqrtf((float)i);
        return;
    }
    if (i < n) out[i] = d_table[keys[i]];
}

__global__ void count_large(const float *x, int n, float threshold)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && x[i] > threshold) atomicAdd(&d_large_count, 1);
}
