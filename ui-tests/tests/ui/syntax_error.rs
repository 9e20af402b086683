cuda_macros::cuda! {
    __global__ void k(float* y) {
        y[0] = 1.0f +;
    }
}
fn main() {}
