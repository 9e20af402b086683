// control_flow_misc.cu: control-flow and declaration forms seen in real
// kernels: `while (true)` with break, do/while, nested loops with continue,
// early return from a helper, `extern "C"` kernels (unmangled names for the
// driver API), `static` and `__noinline__` device functions, device printf
// and assert (printf is a warning, not an error).
// Exercises: extern "C" block and extern "C" single declaration, `static
// __device__`, `__noinline__`, `for (;;)`, `while (true)`, comma operators
// in for headers, labelled-free nested break, `assert` from <assert.h>,
// `printf` with a format string in device code.
// EXPECT-KERNELS: collatz_steps, find_first_negative, debug_dump

#include <assert.h>
#include <stdio.h>

static __device__ int collatz(unsigned long long v)
{
    int steps = 0;
    while (true) {
        if (v <= 1) break;
        v = (v & 1) ? 3 * v + 1 : v / 2;
        ++steps;
        if (steps > 10000) return -1;
    }
    return steps;
}

__device__ __noinline__ int first_negative(const float *row, int n)
{
    int j = 0;
    do {
        if (row[j] < 0.0f) return j;
    } while (++j < n);
    return -1;
}

extern "C" {
__global__ void collatz_steps(int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = collatz((unsigned long long)i + 1);
}
}

extern "C" __global__ void find_first_negative(const float *m, int *pos, int rows, int cols)
{
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    int found = -1;
    for (int c = 0, k = 0; c < cols; ++c, k += 2) {
        if (m[r * cols + c] >= 0.0f) continue;
        found = c;
        break;
    }
    assert(found == first_negative(m + r * cols, cols));
    pos[r] = found;
}

__global__ void debug_dump(const float *x, int n)
{
    for (;;) {
        int i = blockIdx.x * blockDim.x + threadIdx.x;
        if (i >= n) break;
        if (x[i] != x[i]) printf("NaN at %d (block %d, thread %d)\n", i, blockIdx.x, threadIdx.x);
        break;
    }
}
