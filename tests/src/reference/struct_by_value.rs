//! `struct_by_value.cu`, on Particle arrays of 8 f32 words (pos, vel, mass,
//! alive-as-bits).
//!
//! step_particles: velocity and position updates may be fused: within
//! 4 * 2^-24 of the terms' magnitudes; mass and the `alive` bits are
//! bit-exact, dead or out-of-range particles unchanged.
//! kill_outside: comparisons and zero stores: bit-exact.
//! spring_forces: the difference vector is exact f32 subtractions; the
//! factor `k (len - rest) / len` cancels when len ~ rest: within 8 * 2^-24
//! of |d| |k| (len + rest) / len per component.

use super::check::{exact, within, Expected, U32};
use super::plan::PlanInputs;

const W: usize = 8;

fn fields(v: &toml::Value) -> Option<&Vec<toml::Value>> {
    v.get("fields")?.as_array()
}

fn num(v: &toml::Value) -> Option<f32> {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .map(|f| f as f32)
}

fn vec3(v: &toml::Value) -> Option<[f32; 3]> {
    let f = fields(v)?;
    Some([num(f.first()?)?, num(f.get(1)?)?, num(f.get(2)?)?])
}

/// Expected outputs of `struct_by_value.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let parts: Vec<f32> = p.get("particles")?;
    let params = p.plan.launches[0]
        .args
        .get(1)
        .and_then(fields)
        .ok_or("SimParams")?;
    let dt = params.first().and_then(num).ok_or("dt")?;
    let g = params.get(1).and_then(vec3).ok_or("gravity")?;
    let damping = params.get(2).and_then(num).ok_or("damping")?;
    let count = params
        .get(3)
        .and_then(|v| v.as_integer())
        .ok_or("numParticles")? as usize;
    let np = parts.len() / W;
    let (dt, damping) = (f64::from(dt), f64::from(damping));
    let mut val: Vec<f32> = parts.clone();
    let mut tol = vec![0.0; parts.len()];
    for i in 0..np.min(count) {
        let q = &parts[W * i..W * i + W];
        if q[7].to_bits() == 0 {
            continue;
        }
        for k in 0..3 {
            let t = f64::from(g[k]) * dt;
            let v = (f64::from(q[3 + k]) + t) * damping;
            let vm = (f64::from(q[3 + k]).abs() + t.abs()) * damping;
            let pos = f64::from(q[k]) + v * dt;
            val[W * i + 3 + k] = v as f32;
            tol[W * i + 3 + k] = 4.0 * U32 * vm + 2.0 * U32 * v.abs();
            val[W * i + k] = pos as f32;
            tol[W * i + k] = 4.0 * U32 * (f64::from(q[k]).abs() + vm * dt) + 2.0 * U32 * pos.abs();
        }
    }

    let mut boxed: Vec<f32> = p.get("boxed")?;
    let bargs = p.plan.launches[1]
        .args
        .get(2)
        .and_then(fields)
        .ok_or("Bounds")?;
    let lo = bargs.first().and_then(vec3).ok_or("lo")?;
    let hi = bargs.get(1).and_then(vec3).ok_or("hi")?;
    let nb = p.int(1, 1)? as usize;
    for i in 0..nb {
        let q = &boxed[W * i..W * i + 3];
        let inside = (0..3).all(|k| q[k] >= lo[k]) && (0..3).all(|k| q[k] <= hi[k]);
        if !inside {
            boxed[W * i..W * i + W].fill(0.0);
        }
    }

    let springs: Vec<f32> = p.get("springs")?;
    let mut force: Vec<f32> = p.get("force")?;
    let mut ftol = vec![0.0; force.len()];
    let (ns, k, rest) = (
        p.int(2, 2)? as usize,
        f64::from(p.scalar(2, 3)? as f32),
        f64::from(p.scalar(2, 4)? as f32),
    );
    for i in 0..ns.saturating_sub(1) {
        let d: Vec<f64> = (0..3)
            .map(|c| f64::from(springs[W * (i + 1) + c] - springs[W * i + c]))
            .collect();
        let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        let s = k * (len - rest) / len.max(1e-6);
        let smag = k.abs() * (len + rest) / len.max(1e-6);
        for c in 0..3 {
            force[3 * i + c] = (d[c] * s) as f32;
            ftol[3 * i + c] = 8.0 * U32 * d[c].abs() * smag;
        }
    }
    Ok(vec![
        within("particles", val, tol),
        exact("boxed", boxed),
        within("force", force, ftol),
    ])
}
