//! `y = a * x + y` written as CUDA inside Rust with `cuda!`, compiled at
//! `cargo build` time and launched through its typed function on the
//! backend `Device::auto` picks (`CUDA_RT_BACKEND` overrides).

mod kernels {
    cuda_macros::cuda! {
        __global__ void saxpy(int n, float a, const float* x, float* y) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) y[i] = a * x[i] + y[i];
        }
    }
}

fn main() -> Result<(), cuda_rt::Error> {
    let device = cuda_rt::Device::auto()?;
    let n = 1000;
    let x: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let y: Vec<f32> = (0..n).map(|i| (2 * i) as f32).collect();
    let dx = device.upload(&x)?;
    let mut dy = device.upload(&y)?;
    kernels::saxpy(
        &device,
        kernels::saxpy_config(n as u32),
        n,
        3.0,
        &dx,
        &mut dy,
    )?;
    let out = dy.download()?;
    let wrong = (0..n as usize)
        .filter(|&i| out[i] != 3.0 * x[i] + y[i])
        .count();
    println!(
        "saxpy on {}: y[0..4] = {:?}, y[{}] = {}; {wrong} of {n} differ from the host",
        device.info(),
        &out[..4],
        n - 1,
        out[n as usize - 1]
    );
    if wrong > 0 {
        std::process::exit(1);
    }
    Ok(())
}
