// this_outside_member.cu: `this` in a free `__device__` function.
// EXPECT-ERROR: 4:35: invalid use of `this` outside of a member function

__device__ float get_x() { return this->x; }

__global__ void k(float *y) { y[threadIdx.x] = get_x(); }
