//! `gemm_naive.cu`: C = BETA*C + sum_k ALPHA*a*b accumulated in global
//! memory, 512 terms per element; compared with an f64 sum within 1e-5 of
//! the sum of the terms' magnitudes. Rows the plan does not launch keep
//! their initial values (the tolerance there is 0).

use super::check::{within, Expected, U32};
use super::plan::PlanInputs;

const N: usize = 512;

/// Expected outputs of `gemm_naive.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let a: Vec<f32> = p.get("a")?;
    let b: Vec<f32> = p.get("b")?;
    let c0: Vec<f32> = p.get("c")?;
    let l = &p.plan.launches[0];
    let rows = (l.grid[1] * l.block[1]) as usize;
    let (alpha, beta) = (32412.0f64, 2123.0f64);
    let mut val: Vec<f32> = c0.clone();
    let mut tol = vec![0.0; c0.len()];
    for i in 0..rows.min(N) {
        for j in 0..N {
            let mut s = f64::from(c0[i * N + j]) * beta;
            let mut mag = s.abs();
            for k in 0..N {
                let t = alpha * f64::from(a[i * N + k]) * f64::from(b[k * N + j]);
                s += t;
                mag += t.abs();
            }
            val[i * N + j] = s as f32;
            tol[i * N + j] = 1e-5 * mag + 2.0 * U32 * s.abs();
        }
    }
    Ok(vec![within("c", val, tol)])
}
