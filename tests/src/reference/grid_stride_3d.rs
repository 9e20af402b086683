//! `grid_stride_3d.cu`: saxpy may be fused (within 2^-23 of the terms'
//! magnitudes); fills, the 3-D add (one f32 add) and ids are bit-exact.

use super::check::{exact, f32_within_mag, Expected, U32};
use super::plan::PlanInputs;

/// Expected outputs of `grid_stride_3d.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("x")?;
    let mut out = Vec::new();
    for (li, name) in [(0, "y32"), (1, "y64")] {
        let (n, a) = (p.int(li, 0)? as usize, p.scalar(li, 1)? as f32);
        let y: Vec<f32> = p.get(name)?;
        let (v, m): (Vec<f64>, Vec<f64>) = y
            .iter()
            .enumerate()
            .map(|(i, &yv)| {
                if i < n {
                    let t = f64::from(a) * f64::from(x[i]);
                    (t + f64::from(yv), t.abs() + f64::from(yv).abs())
                } else {
                    (f64::from(yv), 0.0)
                }
            })
            .unzip();
        out.push(f32_within_mag(name, &v, &m, 2.0 * U32));
    }
    let mut vol: Vec<f32> = p.get("vol")?;
    let value = p.scalar(2, 2)? as f32;
    for v in vol.iter_mut().take(10 * 12 * 6) {
        *v = value;
    }
    out.push(exact("vol", vol));
    let a: Vec<f32> = p.get("a3")?;
    let b: Vec<f32> = p.get("b3")?;
    out.push(exact("a3", a.iter().zip(&b).map(|(x, y)| x + y).collect()));
    let l = &p.plan.launches[4];
    let blocks = (l.grid.iter().product::<u32>()) as usize;
    let tpb = (l.block.iter().product::<u32>()) as usize;
    let mut ids: Vec<i32> = p.get("ids")?;
    for lb in 0..blocks {
        for t in 0..tpb {
            ids[lb * tpb + t] = lb as i32;
        }
    }
    out.push(exact("ids", ids));
    Ok(out)
}
