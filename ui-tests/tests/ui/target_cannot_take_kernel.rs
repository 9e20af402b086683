cuda_macros::cuda! {
    #![targets = ["wgsl"]]
    __global__ void k(double* y) { y[threadIdx.x] = 1.0; }
}
fn main() {}
