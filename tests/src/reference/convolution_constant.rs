//! `convolution_constant.cu`.
//!
//! convolutionRowsKernel: `c_Kernel` cannot be set from a plan and stays
//! zero, so every output is `0 * x` summed from `+0.0`: exactly +0.0
//! (bit-exact), written over the whole image.
//!
//! sobel_x: coefficients are small integers and pixels bytes, so every
//! product and partial sum is an integer below 2^24: exact in f32,
//! bit-exact. Border pixels keep their initial value.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `convolution_constant.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let rows = vec![0.0f32; p.get::<f32>("rows_dst")?.len()];

    let img: Vec<u8> = p.get("img")?;
    let mut grad: Vec<f32> = p.get("grad")?;
    let (w, h) = (p.int(1, 2)? as usize, p.int(1, 3)? as usize);
    let sobel = [[-1.0f32, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let mut g = 0.0f32;
            for dy in 0..3 {
                for dx in 0..3 {
                    g += sobel[dy][dx] * f32::from(img[(y + dy - 1) * w + (x + dx - 1)]);
                }
            }
            grad[y * w + x] = g;
        }
    }
    Ok(vec![exact("rows_dst", rows), exact("grad", grad)])
}
