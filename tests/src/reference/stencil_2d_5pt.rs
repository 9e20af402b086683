//! `stencil_2d_5pt.cu`: a handful of f32 operations per point (possibly
//! fused): within 8 * 2^-24 of the terms' magnitudes; points the kernels do
//! not write keep their initial values (laplacian5) or copy `u` (heat_step).

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `stencil_2d_5pt.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let u: Vec<f32> = p.get("u")?;
    let (nx, ny) = (p.int(0, 2)? as usize, p.int(0, 3)? as usize);
    let (c0, c1) = (
        f64::from(p.scalar(0, 4)? as f32),
        f64::from(p.scalar(0, 5)? as f32),
    );
    let l0: Vec<f32> = p.get("lap")?;
    let mut lv: Vec<f64> = l0.iter().map(|&x| f64::from(x)).collect();
    let mut lm = vec![0.0; lv.len()];
    let (alpha, dt, h) = (
        p.scalar(1, 4)? as f32,
        p.scalar(1, 5)? as f32,
        p.scalar(1, 6)? as f32,
    );
    let ad = f64::from(alpha * dt);
    let hh = f64::from(h * h);
    let mut hv: Vec<f64> = u.iter().map(|&x| f64::from(x)).collect();
    let mut hm: Vec<f64> = hv.iter().map(|x| x.abs()).collect();
    let g = |i: usize| f64::from(u[i]);
    for y in 1..ny - 1 {
        for x in 1..nx - 1 {
            let i = y * nx + x;
            let nsum = g(i - 1) + g(i + 1) + g(i - nx) + g(i + nx);
            let nmag = g(i - 1).abs() + g(i + 1).abs() + g(i - nx).abs() + g(i + nx).abs();
            lv[i] = c0 * g(i) + c1 * nsum;
            lm[i] = (c0 * g(i)).abs() + c1.abs() * nmag;
            let lap = (nsum - 4.0 * g(i)) / hh;
            let lap_mag = (nmag + 4.0 * g(i).abs()) / hh;
            hv[i] = g(i) + ad * lap;
            hm[i] = g(i).abs() + ad.abs() * lap_mag;
        }
    }
    Ok(vec![
        f32_within_mag("lap", &lv, &lm, 8.0 * U32),
        f32_within_mag("u_new", &hv, &hm, 8.0 * U32),
    ])
}
