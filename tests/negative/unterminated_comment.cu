// unterminated_comment.cu: a block comment that is never closed.
// EXPECT-ERROR: 6:1: unterminated `/*` comment

__global__ void k(float *y) { y[threadIdx.x] = 1.0f; }

/* TODO: a second kernel
__global__ void k2(float *y) { y[threadIdx.x] = 2.0f; }
