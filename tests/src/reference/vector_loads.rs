//! `vector_loads.cu`: copies, a float4 scale (one product per lane) and int2
//! sums are bit-exact; saxpy through __ldg may be fused (within 2 unit
//! roundoffs of the terms' magnitudes).

use super::check::{exact, f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `vector_loads.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let src: Vec<f32> = p.get("src")?;
    let mut copied: Vec<f32> = p.get("copied")?;
    let n = p.int(0, 2)? as usize;
    copied[..n].copy_from_slice(&src[..n]);
    let y: Vec<f32> = p.get("y")?;
    let (ny, a) = (p.int(1, 0)? as usize, f64::from(p.scalar(1, 1)? as f32));
    let (yv, ym): (Vec<f64>, Vec<f64>) = (0..y.len())
        .map(|i| {
            let yi = f64::from(y[i]);
            if i < ny {
                let t = a * f64::from(src[i]);
                (t + yi, t.abs() + yi.abs())
            } else {
                (yi, 0.0)
            }
        })
        .unzip();
    let mut scaled: Vec<f32> = p.get("scaled4")?;
    let (s, n4) = (p.scalar(2, 2)? as f32, p.int(2, 3)? as usize);
    for i in 0..4 * n4 {
        scaled[i] = src[i] * s;
    }
    let pairs: Vec<i32> = p.get("pairs")?;
    let mut sums: Vec<i32> = p.get("sums")?;
    for i in 0..p.int(3, 2)? as usize {
        sums[i] = pairs[2 * i].wrapping_add(pairs[2 * i + 1]);
    }
    Ok(vec![
        exact("copied", copied),
        f32_within_mag("y", &yv, &ym, 2.0 * U32),
        exact("scaled4", scaled),
        exact("sums", sums),
    ])
}
