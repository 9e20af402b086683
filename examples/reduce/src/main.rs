//! A templated reduction from `kernels/reduce.cu` (shared memory, warp
//! shuffles, atomics), two instances asked for by the attribute, each a
//! typed launch function.

#[cuda_macros::cuda_kernel(
    file = "kernels/reduce.cu",
    instances = ["reduce<float, 256>", "reduce<int, 128>"]
)]
mod reduce {}

fn main() -> Result<(), cuda_rt::Error> {
    let device = cuda_rt::Device::auto()?;
    let n = 100_000;

    let xs: Vec<f32> = (0..n).map(|i| (i % 7) as f32 * 0.5).collect();
    let din = device.upload(&xs)?;
    let mut dsum = device.alloc_zeroed::<f32>(1)?;
    let blocks = (n as u32).div_ceil(256);
    reduce::reduce_float_256(
        &device,
        cuda_rt::LaunchConfig::linear(blocks, 256),
        &din,
        &mut dsum,
        n,
    )?;
    let got = dsum.download()?[0];
    let want: f64 = xs.iter().map(|&x| f64::from(x)).sum();

    let is: Vec<i32> = (0..n).map(|i| i % 13 - 6).collect();
    let din = device.upload(&is)?;
    let mut isum = device.alloc_zeroed::<i32>(1)?;
    reduce::reduce_int_128(
        &device,
        cuda_rt::LaunchConfig::linear((n as u32).div_ceil(128), 128),
        &din,
        &mut isum,
        n,
    )?;
    let igot = isum.download()?[0];
    let iwant: i32 = is.iter().sum();

    println!("reduce on {}:", device.info());
    println!("  reduce<float, 256>: {got} (host {want})");
    println!("  reduce<int, 128>:   {igot} (host {iwant})");
    let ok = (f64::from(got) - want).abs() <= want.abs() * 1e-5 && igot == iwant;
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}
