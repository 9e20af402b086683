// median_filter.cu: 3x3 median filter and a local top-k selection: small
// per-thread arrays indexed dynamically and sorted in registers/local memory.
// Exercises: local arrays `float window[9]` filled in nested loops and
// sorted with an insertion sort (dynamic indexing, while loop with &&),
// clamped neighbour coordinates with min/max, `unsigned char` output with a
// float->uchar conversion, a local array of structs, struct assignment.
// EXPECT-KERNELS: median3x3, topk_per_row

struct Pair {
    float value;
    int index;
};

__device__ float median9(float *w)
{
    for (int i = 1; i < 9; ++i) {
        float key = w[i];
        int j = i - 1;
        while (j >= 0 && w[j] > key) {
            w[j + 1] = w[j];
            --j;
        }
        w[j + 1] = key;
    }
    return w[4];
}

__global__ void median3x3(const unsigned char *in, unsigned char *out, int width, int height)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= width || y >= height) return;

    float window[9];
    int k = 0;
    for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
            int sx = min(max(x + dx, 0), width - 1);
            int sy = min(max(y + dy, 0), height - 1);
            window[k++] = in[sy * width + sx];
        }
    }
    out[y * width + x] = (unsigned char)median9(window);
}

#define TOPK 4

__global__ void topk_per_row(const float *m, int *idx_out, int rows, int cols)
{
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    Pair best[TOPK];
    for (int t = 0; t < TOPK; ++t) {
        best[t].value = -1e30f;
        best[t].index = -1;
    }
    for (int c = 0; c < cols; ++c) {
        Pair p = {m[r * cols + c], c};
        for (int t = 0; t < TOPK; ++t) {
            if (p.value > best[t].value) {
                Pair tmp = best[t];
                best[t] = p;
                p = tmp;
            }
        }
    }
    for (int t = 0; t < TOPK; ++t) idx_out[r * TOPK + t] = best[t].index;
}
