cuda_macros::cuda! {
    #![instances = ["scale<float, 3>"]]
    template <typename T>
    __global__ void scale(T* y, T a) { y[threadIdx.x] *= a; }
}
fn main() {}
