//! `half_kernels.cu`: half arithmetic is one IEEE binary16 rounding per
//! operation (the product of two halves is exact in f32, and f32 has enough
//! bits that rounding f32 -> f16 after one add is the correctly rounded half
//! result), so axpy, add2, fma2 and the conversions are bit-exact. The dot
//! product accumulates f32 atomics in an unknown order: within 1e-5 of the
//! sum of the terms' magnitudes; `result[1] = 1.0` is exact.

use super::check::{exact, within, Expected, U32};
use super::plan::PlanInputs;
use half::f16;

fn h(x: f32) -> f16 {
    f16::from_f32(x)
}

/// Expected outputs of `half_kernels.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f16> = p.get("hx")?;
    let yb: Vec<f16> = p.get("hy")?;
    let a = h(p.scalar(0, 1)? as f32);
    let n = p.int(0, 0)? as usize;
    let mut y: Vec<f16> = p.get("axpy_y")?;
    for i in 0..n {
        let prod = h(a.to_f32() * x[i].to_f32());
        y[i] = h(prod.to_f32() + y[i].to_f32());
    }
    let n2 = p.int(1, 0)? as usize;
    let mut c: Vec<f16> = p.get("add2_c")?;
    for i in 0..2 * n2 {
        c[i] = h(x[i].to_f32() + yb[i].to_f32());
    }
    let alpha: Vec<f16> = match p.plan.launches[2]
        .args
        .get(1)
        .and_then(|v| v.get("fields"))
        .and_then(|f| f.as_array())
    {
        Some(f) => f
            .iter()
            .map(|v| v.as_float().map(f16::from_f64).ok_or("half2 field"))
            .collect::<Result<_, _>>()?,
        None => return Err("half2_fma alpha".into()),
    };
    let nf = p.int(2, 0)? as usize;
    let mut fy: Vec<f16> = p.get("fma2_y")?;
    for i in 0..2 * nf {
        let al = alpha[i % 2].to_f64();
        fy[i] = f16::from_f64(al * x[i].to_f64() + fy[i].to_f64());
    }
    let nh = p.int(3, 2)? as usize;
    let mut as_float: Vec<f32> = p.get("as_float")?;
    for i in 0..nh {
        as_float[i] = x[i].to_f32() * 2.0;
    }
    let fin: Vec<f32> = p.get("f2_in")?;
    let nc = p.int(4, 2)? as usize;
    let mut f2: Vec<f16> = p.get("f2_out")?;
    for i in 0..2 * nc {
        f2[i] = h(fin[i]);
    }
    let nd = p.int(5, 3)? as usize;
    let (mut s, mut m) = (0.0f64, 0.0f64);
    for i in 0..nd {
        let px = h(x[2 * i].to_f32() * yb[2 * i].to_f32()).to_f32();
        let py = h(x[2 * i + 1].to_f32() * yb[2 * i + 1].to_f32()).to_f32();
        let t = px + py;
        s += f64::from(t);
        m += f64::from(px.abs()) + f64::from(py.abs());
    }
    let d0: Vec<f32> = p.get("dot")?;
    let dot = vec![(f64::from(d0[0]) + s) as f32, 1.0];
    let tol = vec![1e-5 * m + 2.0 * U32 * s.abs(), 0.0];
    Ok(vec![
        exact("axpy_y", y),
        exact("add2_c", c),
        exact("fma2_y", fy),
        exact("as_float", as_float),
        exact("f2_out", f2),
        within("dot", dot, tol),
    ])
}
