//! `cfd_flux.cu` (Rodinia CFD). Fluxes: each is a sum over 4 neighbours of
//! `factor * (difference)`, where `factor` goes through divisions and
//! square roots (a few ulp): within 1e-5 of the sum over terms of
//! |factor| (|a| + |b|) (wing terms: |normal| |pressure|, with the
//! pressure's own magnitude). Far-field constants are zero (plans cannot
//! set `__constant__` memory). Time step: one multiply-add (possibly
//! fused): within 3 * 2^-24 of the terms' magnitudes.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

struct State {
    rho: f64,
    m: [f64; 3],
    e: f64,
    speed_sqd: f64,
    p: f64,
    p_mag: f64,
    c: f64,
}

fn state(var: &[f32], i: usize, nelr: usize) -> State {
    let g = |k: usize| f64::from(var[i + k * nelr]);
    let rho = g(0);
    let m = [g(1), g(2), g(3)];
    let e = g(4);
    let speed_sqd: f64 = m.iter().map(|x| (x / rho) * (x / rho)).sum();
    let p = 0.4 * (e - 0.5 * rho * speed_sqd);
    let p_mag = 0.4 * (e.abs() + 0.5 * rho * speed_sqd);
    let c = (1.4 * p / rho).sqrt();
    State {
        rho,
        m,
        e,
        speed_sqd,
        p,
        p_mag,
        c,
    }
}

/// Expected outputs of `cfd_flux.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let nelr = p.int(0, 0)? as usize;
    let nb: Vec<i32> = p.get("neighbours")?;
    let normals: Vec<f32> = p.get("normals")?;
    let var: Vec<f32> = p.get("variables")?;
    let mut fv = vec![0.0f64; 5 * nelr];
    let mut fm = vec![0.0f64; 5 * nelr];
    for i in 0..nelr {
        let si = state(&var, i, nelr);
        let speed_i = si.speed_sqd.sqrt();
        let (mut v, mut m) = ([0.0f64; 5], [0.0f64; 5]);
        for j in 0..4 {
            let n = nb[i + j * nelr];
            let nrm = [0, 4, 8].map(|o| f64::from(normals[i + (j + o) * nelr]));
            let nlen = (nrm[0] * nrm[0] + nrm[1] * nrm[1] + nrm[2] * nrm[2]).sqrt();
            if n >= 0 {
                let sn = state(&var, n as usize, nelr);
                let factor = -nlen * 0.2 * 0.5 * (speed_i + sn.speed_sqd.sqrt() + si.c + sn.c);
                let pairs = [
                    (si.rho, sn.rho),
                    (si.m[0], sn.m[0]),
                    (si.m[1], sn.m[1]),
                    (si.m[2], sn.m[2]),
                    (si.e, sn.e),
                ];
                for (k, (a, b)) in pairs.iter().enumerate() {
                    v[k] += factor * (a - b);
                    m[k] += factor.abs() * (a.abs() + b.abs());
                }
            } else if n == -1 {
                for k in 0..3 {
                    v[1 + k] += nrm[k] * si.p;
                    m[1 + k] += nrm[k].abs() * si.p_mag;
                }
            } else if n == -2 {
                let factor = 0.5 * nrm[0];
                v[0] += factor * si.m[0];
                m[0] += (factor * si.m[0]).abs();
            }
        }
        for k in 0..5 {
            fv[i + k * nelr] = v[k];
            fm[i + k * nelr] = m[k];
        }
    }
    let old: Vec<f32> = p.get("old_vars")?;
    let steps: Vec<f32> = p.get("step_factors")?;
    let flux: Vec<f32> = p.get("flux_in")?;
    let j = p.int(1, 0)? as i32;
    let n2 = p.int(1, 1)? as usize;
    let (mut nv, mut nm) = (vec![0.0f64; old.len()], vec![0.0f64; old.len()]);
    for (i, &step) in steps.iter().enumerate().take(n2) {
        let factor = f64::from(step / (3 + 1 - j) as f32);
        for v in 0..5 {
            let at = i + v * n2;
            let t = factor * f64::from(flux[at]);
            nv[at] = f64::from(old[at]) + t;
            nm[at] = f64::from(old[at]).abs() + t.abs();
        }
    }
    Ok(vec![
        f32_within_mag("fluxes", &fv, &fm, 1e-5),
        f32_within_mag("new_vars", &nv, &nm, 3.0 * U32),
    ])
}
