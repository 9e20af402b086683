//! `macros_ifdef.cu` with USE_FAST_MATH: `__expf` errs by at most
//! 2 + floor(|1.173 x|) ulp and `__fdividef` by 2 ulp (CUDA programming
//! guide); with |x| <= 4 here softplus is compared within a relative 2e-6
//! (about 17 ulp) and the Gaussian within 4e-6, against f64 math from the
//! same f32 inputs. clamp_items is fminf/fmaxf: bit-exact.

use super::check::{exact, within, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `macros_ifdef.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let n = p.int(0, 2)? as usize;
    let mut sp: Vec<f32> = p.get("softplus")?;
    let mut sp_tol = vec![0.0; sp.len()];
    for i in 0..n {
        let v = (1.0 + f64::from(x[i]).exp()).ln();
        sp[i] = v as f32;
        sp_tol[i] = 2e-6 * v.abs();
    }
    let (mu, sigma) = (p.scalar(1, 3)? as f32, p.scalar(1, 4)? as f32);
    let mut g: Vec<f32> = p.get("gauss")?;
    let mut g_tol = vec![0.0; g.len()];
    for i in 0..p.int(1, 2)? as usize {
        let d = f64::from(x[i] - mu);
        let s2 = f64::from(2.0f32 * (sigma * sigma));
        let v = (-(d * d) / s2).exp();
        g[i] = v as f32;
        g_tol[i] = 4e-6 * v.abs() + 1e-30;
    }
    let mut data: Vec<f32> = p.get("data")?;
    let (nd, lo, hi) = (
        p.int(2, 1)? as usize,
        p.scalar(2, 2)? as f32,
        p.scalar(2, 3)? as f32,
    );
    for v in data.iter_mut().take(nd) {
        *v = v.max(lo).min(hi);
    }
    Ok(vec![
        within("softplus", sp, sp_tol),
        within("gauss", g, g_tol),
        exact("data", data),
    ])
}
