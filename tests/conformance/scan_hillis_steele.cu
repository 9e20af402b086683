// scan_hillis_steele.cu: Hillis-Steele scans: a double-buffered block scan in
// dynamic shared memory (GPU Gems 3, ch. 39, naive version) and an inclusive
// warp scan with __shfl_up_sync.
// Exercises: extern __shared__ float[], ping-pong buffer indices, if/else
// inside a barrier loop, __shfl_up_sync, lane masks with &.
// EXPECT-KERNELS: scan_hillis_steele, warp_inclusive_scan
// EXPECT-SHARED: scan_hillis_steele=0, warp_inclusive_scan=0

__global__ void scan_hillis_steele(float *g_odata, const float *g_idata, int n)
{
    extern __shared__ float temp[];  // 2 * n floats, allocated at launch
    int thid = threadIdx.x;
    int pout = 0, pin = 1;

    // Exclusive scan: shift right by one and insert the identity.
    temp[pout * n + thid] = (thid > 0) ? g_idata[thid - 1] : 0.0f;
    __syncthreads();

    for (int offset = 1; offset < n; offset *= 2) {
        pout = 1 - pout;  // swap the double buffer
        pin = 1 - pout;
        if (thid >= offset)
            temp[pout * n + thid] = temp[pin * n + thid] + temp[pin * n + thid - offset];
        else
            temp[pout * n + thid] = temp[pin * n + thid];
        __syncthreads();
    }
    g_odata[thid] = temp[pout * n + thid];
}

__global__ void warp_inclusive_scan(int *data, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    int v = (i < n) ? data[i] : 0;

    for (int delta = 1; delta < 32; delta <<= 1) {
        int up = __shfl_up_sync(0xffffffff, v, delta);
        if (lane >= delta) v += up;
    }
    if (i < n) data[i] = v;
}
