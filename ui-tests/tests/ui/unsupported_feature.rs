cuda_macros::cuda! {
    __global__ void k(float* y) {
        asm("trap;");
    }
}
fn main() {}
