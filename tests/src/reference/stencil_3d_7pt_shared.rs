//! `stencil_3d_7pt_shared.cu`: `c0 * centre + c1 * (six neighbours)` for
//! interior points of slices 1..nz-2 (possibly fused): within 8 * 2^-24 of
//! the terms' magnitudes; other points keep their initial values.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `stencil_3d_7pt_shared.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let input: Vec<f32> = p.get("in")?;
    let (nx, ny, nz) = (
        p.int(0, 2)? as usize,
        p.int(0, 3)? as usize,
        p.int(0, 4)? as usize,
    );
    let (c0, c1) = (
        f64::from(p.scalar(0, 5)? as f32),
        f64::from(p.scalar(0, 6)? as f32),
    );
    let out0: Vec<f32> = p.get("out")?;
    let mut v: Vec<f64> = out0.iter().map(|&x| f64::from(x)).collect();
    let mut m = vec![0.0; v.len()];
    let at = |x: usize, y: usize, z: usize| f64::from(input[(z * ny + y) * nx + x]);
    for z in 1..nz - 1 {
        for y in 1..ny - 1 {
            for x in 1..nx - 1 {
                let nb = [
                    at(x - 1, y, z),
                    at(x + 1, y, z),
                    at(x, y - 1, z),
                    at(x, y + 1, z),
                    at(x, y, z - 1),
                    at(x, y, z + 1),
                ];
                let i = (z * ny + y) * nx + x;
                v[i] = c0 * at(x, y, z) + c1 * nb.iter().sum::<f64>();
                m[i] =
                    (c0 * at(x, y, z)).abs() + c1.abs() * nb.iter().map(|t| t.abs()).sum::<f64>();
            }
        }
    }
    Ok(vec![f32_within_mag("out", &v, &m, 8.0 * U32)])
}
