//! `jacobi_2d.cu`.
//!
//! Jacobi-2D: each step is five f32 adds in source order and a product by
//! 0.2f (no multiply-add to contract), replayed in f32: bit-exact.
//! jacobi_linear: a 127-term dot product (possibly fused) divided by the
//! diagonal: within 1e-5 of (|b| + sum of the terms' magnitudes) / |A_ii|.

use super::check::{exact, within, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `jacobi_2d.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let mut a: Vec<f32> = p.get("A")?;
    let mut b: Vec<f32> = p.get("B")?;
    for (li, l) in p.plan.launches.iter().enumerate() {
        let n = match l.kernel.as_str() {
            "runJacobiCUDA_kernel1" | "runJacobiCUDA_kernel2" => p.int(li, 0)? as usize,
            _ => continue,
        };
        for i in 1..n - 1 {
            for j in 1..n - 1 {
                if l.kernel == "runJacobiCUDA_kernel1" {
                    b[i * n + j] = 0.2f32
                        * (a[i * n + j]
                            + a[i * n + (j - 1)]
                            + a[i * n + (1 + j)]
                            + a[(1 + i) * n + j]
                            + a[(i - 1) * n + j]);
                } else {
                    a[i * n + j] = b[i * n + j];
                }
            }
        }
    }
    let m: Vec<f32> = p.get("M")?;
    let rhs: Vec<f32> = p.get("rhs")?;
    let xo: Vec<f32> = p.get("x_old")?;
    let li = p.plan.launches.len() - 1;
    let n = p.int(li, 4)? as usize;
    let mut xn: Vec<f32> = p.get("x_new")?;
    let mut tol = vec![0.0; xn.len()];
    for i in 0..n {
        let (mut s, mut mag) = (0.0f64, 0.0f64);
        for j in (0..n).filter(|&j| j != i) {
            let t = f64::from(m[i * n + j]) * f64::from(xo[j]);
            s += t;
            mag += t.abs();
        }
        let d = f64::from(m[i * n + i]);
        let v = (f64::from(rhs[i]) - s) / d;
        xn[i] = v as f32;
        tol[i] = 1e-5 * (f64::from(rhs[i]).abs() + mag) / d.abs() + 2.0 * U32 * v.abs();
    }
    Ok(vec![exact("A", a), exact("B", b), within("x_new", xn, tol)])
}
