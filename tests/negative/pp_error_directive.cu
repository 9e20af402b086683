// pp_error_directive.cu: `#error` reached because a required macro is missing; the message is
// the directive's text and the error points at the `#`.
// EXPECT-ERROR: 6:1: TILE must be defined

#ifndef TILE
#error TILE must be defined
#endif

__global__ void k(float *y) { y[threadIdx.x] = TILE; }
