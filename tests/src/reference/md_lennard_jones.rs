//! `md_lennard_jones.cu` (SHOC MD): the cut-off test `r^2 < cutsq` is
//! replayed with the kernel's own arithmetic (f32 resp. f64, no fusion) so
//! the same pairs interact; the forces are then compared with f64 sums
//! within 1e-5 (float) and 1e-12 (double) of sum |del| * r^-8 *
//! (lj1 r^-6 + lj2), the terms' magnitudes. w is exactly 0.

use super::check::{f32_within_mag, f64_within_mag, Expected};
use super::plan::PlanInputs;

fn forces(
    pos: &[f64],
    cut: &dyn Fn(usize, usize) -> bool,
    neigh: &[i32],
    nc: usize,
    inum: usize,
    lj1: f64,
    lj2: f64,
) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; 4 * inum];
    let mut m = vec![0.0; 4 * inum];
    for i in 0..inum {
        for j in 0..nc {
            let k = neigh[j * inum + i] as usize;
            if !cut(i, k) {
                continue;
            }
            let d: Vec<f64> = (0..3).map(|c| pos[4 * i + c] - pos[4 * k + c]).collect();
            let r2inv = 1.0 / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            let r6inv = r2inv * r2inv * r2inv;
            let coef = r2inv * r6inv * (lj1 * r6inv - lj2);
            let coef_mag = r2inv * r6inv * (lj1.abs() * r6inv + lj2.abs());
            for c in 0..3 {
                v[4 * i + c] += d[c] * coef;
                m[4 * i + c] += d[c].abs() * coef_mag;
            }
        }
    }
    (v, m)
}

/// Expected outputs of `md_lennard_jones.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let neigh: Vec<i32> = p.get("neigh")?;
    let (nc, inum) = (p.int(0, 2)? as usize, p.int(0, 7)? as usize);
    let pf: Vec<f32> = p.get("pos_f")?;
    let (cut_f, lj1f, lj2f) = (
        p.scalar(0, 4)? as f32,
        p.scalar(0, 5)? as f32,
        p.scalar(0, 6)? as f32,
    );
    let cutf = |i: usize, k: usize| {
        let d: Vec<f32> = (0..3).map(|c| pf[4 * i + c] - pf[4 * k + c]).collect();
        d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < cut_f
    };
    let pf64: Vec<f64> = pf.iter().map(|&x| f64::from(x)).collect();
    let (fv, fm) = forces(
        &pf64,
        &cutf,
        &neigh,
        nc,
        inum,
        f64::from(lj1f),
        f64::from(lj2f),
    );
    let pd: Vec<f64> = p.get("pos_d")?;
    let (cut_d, lj1d, lj2d) = (p.scalar(1, 4)?, p.scalar(1, 5)?, p.scalar(1, 6)?);
    let cutd = |i: usize, k: usize| {
        let d: Vec<f64> = (0..3).map(|c| pd[4 * i + c] - pd[4 * k + c]).collect();
        d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < cut_d
    };
    let (dv, dm) = forces(&pd, &cutd, &neigh, nc, inum, lj1d, lj2d);
    Ok(vec![
        f32_within_mag("force_f", &fv, &fm, 1e-5),
        f64_within_mag("force_d", &dv, &dm, 1e-12),
    ])
}
