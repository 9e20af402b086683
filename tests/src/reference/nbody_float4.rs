//! `nbody_float4.cu`: each acceleration is a sum over all bodies of terms
//! with an rsqrtf (2 ulp) in them: within 1e-5 of the sum of the terms'
//! magnitudes (w stays exactly 0). The leapfrog step is a few products and
//! adds that may be fused: within 4 * 2^-24 of the terms' magnitudes.

use super::check::{f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `nbody_float4.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let bodies: Vec<f32> = p.get("bodies")?;
    let n = p.int(0, 2)? as usize;
    let mut av = vec![0.0f64; 4 * n];
    let mut am = vec![0.0f64; 4 * n];
    for i in 0..n {
        let bi = &bodies[4 * i..4 * i + 4];
        for j in 0..n {
            let bj = &bodies[4 * j..4 * j + 4];
            let r: Vec<f64> = (0..3)
                .map(|k| f64::from(bj[k]) - f64::from(bi[k]))
                .collect();
            let d2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + f64::from(0.01f32);
            let inv = 1.0 / d2.sqrt();
            let s = f64::from(bj[3]) * inv * inv * inv;
            for k in 0..3 {
                av[4 * i + k] += r[k] * s;
                am[4 * i + k] += (r[k] * s).abs();
            }
        }
    }
    let pos: Vec<f32> = p.get("pos")?;
    let vel: Vec<f32> = p.get("vel")?;
    let acc: Vec<f32> = p.get("acc_in")?;
    let (dt, damping, nb) = (
        p.scalar(1, 3)? as f32,
        p.scalar(1, 4)? as f32,
        p.int(1, 5)? as usize,
    );
    let (dt, damping) = (f64::from(dt), f64::from(damping));
    let mut pv: Vec<f64> = pos.iter().map(|&x| f64::from(x)).collect();
    let mut pm: Vec<f64> = pv.iter().map(|x| x.abs()).collect();
    let mut vv: Vec<f64> = vel.iter().map(|&x| f64::from(x)).collect();
    let mut vm: Vec<f64> = vv.iter().map(|x| x.abs()).collect();
    for i in 0..nb {
        for k in 0..3 {
            let at = 4 * i + k;
            let v0 = f64::from(vel[at]);
            let t = f64::from(acc[at]) * dt;
            let nv = (v0 + t) * damping;
            vv[at] = nv;
            vm[at] = (v0.abs() + t.abs()) * damping;
            pv[at] = f64::from(pos[at]) + nv * dt;
            pm[at] = f64::from(pos[at]).abs() + vm[at] * dt;
        }
    }
    Ok(vec![
        f32_within_mag("accel", &av, &am, 1e-5),
        f32_within_mag("pos", &pv, &pm, 4.0 * U32),
        f32_within_mag("vel", &vv, &vm, 4.0 * U32),
    ])
}
