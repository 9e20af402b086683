//! Kernels compiled from a folder by `build.rs` (`cuda_build`), included
//! with `cuda_rt::include_kernels!()`: one module per `.cu` file.

cuda_rt::include_kernels!();

fn main() -> Result<(), cuda_rt::Error> {
    let device = cuda_rt::Device::auto()?;
    let n = 10;
    let x: Vec<i32> = (0..n).collect();
    let dx = device.upload(&x)?;
    let mut dy = device.alloc_zeroed::<i32>(n as usize)?;
    scale::scale(&device, scale::scale_config(n as u32), &dx, &mut dy, n)?;
    let y = dy.download()?;

    let p = affine::Affine {
        scale: 0.5,
        offset: 1.0,
        count: n,
        ..Default::default()
    };
    let fx: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let dfx = device.upload(&fx)?;
    let mut dfy = device.alloc_zeroed::<f32>(n as usize)?;
    affine::affine(&device, affine::affine_config(n as u32), &p, &dfx, &mut dfy)?;
    let fy = dfy.download()?;

    println!("kernels_dir on {}:", device.info());
    println!("  scale:  {y:?}");
    println!(
        "  affine: {fy:?} (Affine is {} bytes)",
        std::mem::size_of::<affine::Affine>()
    );
    let ok = y.iter().zip(&x).all(|(a, b)| *a == 2 * b)
        && fy.iter().zip(&fx).all(|(a, b)| *a == b * 0.5 + 1.0);
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}
