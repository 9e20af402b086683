cuda_macros::cuda! {
    __global__ void k(const float* x, float* y) {
        y[threadIdx.x] = x[threadIdx.x];
    }
}
fn main() -> Result<(), cuda_rt::Error> {
    let device = cuda_rt::Device::cpu();
    let x = device.upload(&[1i32, 2, 3])?;
    let mut y = device.alloc_zeroed::<f32>(3)?;
    k(&device, cuda_rt::LaunchConfig::linear(1, 3), &x, &mut y)
}
