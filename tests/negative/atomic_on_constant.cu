// atomic_on_constant.cu: `atomicAdd` on a `__constant__` variable; the error points at the
// pointer argument.
// EXPECT-ERROR: 9:15: cannot apply `atomicAdd` to a pointer into constant memory

__constant__ int c_counter;

__global__ void bump()
{
    atomicAdd(&c_counter, 1);
}
