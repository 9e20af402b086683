cuda_macros::cuda! {
    __global__ void k(float* y, int n) {
        int i = threadIdx.x;
        if (i < n) y[i] = undefined_value * 2.0f;
    }
}
fn main() {}
