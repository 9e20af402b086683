//! `double_precision.cu`: f64 sums in any order within 1e-13 (dgemv, 64
//! terms) and 1e-12 (dot, 4096 terms, atomic order) of the sum of the
//! terms' magnitudes; `fma(a, x, y)` is a single rounding: bit-exact with
//! `f64::mul_add`.

use super::check::{exact, f64_within_mag, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `double_precision.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f64> = p.get("A")?;
    let x: Vec<f64> = p.get("x")?;
    let y: Vec<f64> = p.get("y")?;
    let (m, n) = (p.int(0, 0)? as usize, p.int(0, 1)? as usize);
    let (alpha, lda, beta) = (p.scalar(0, 2)?, p.int(0, 4)? as usize, p.scalar(0, 6)?);
    let y0: Vec<f64> = p.get("gemv_y")?;
    let (mut gv, mut gm) = (Vec::new(), Vec::new());
    for row in 0..m {
        let (mut s, mut mag) = (0.0, 0.0);
        for j in 0..n {
            s += a[row + j * lda] * x[j];
            mag += (a[row + j * lda] * x[j]).abs();
        }
        gv.push(alpha * s + beta * y0[row]);
        gm.push((alpha * mag).abs() + (beta * y0[row]).abs());
    }

    let nd = p.int(1, 3)? as usize;
    let dot: f64 = (0..nd).map(|i| x[i] * y[i]).sum();
    let dot_mag: f64 = (0..nd).map(|i| (x[i] * y[i]).abs()).sum();

    let a2 = p.scalar(2, 1)?;
    let mut ay: Vec<f64> = p.get("axpy_y")?;
    let na = p.int(2, 0)? as usize;
    for i in 0..na {
        ay[i] = a2.mul_add(x[i], ay[i]);
    }
    Ok(vec![
        f64_within_mag("gemv_y", &gv, &gm, 1e-13),
        f64_within_mag("dot", &[dot], &[dot_mag], 1e-12),
        exact("axpy_y", ay),
    ])
}
