//! `enums_switch.cu`.
//!
//! bias_activation: `y + b` is one f32 add, ReLU/leaky/none keep it exact
//! (bit-exact); sigmoid and tanh are compared with the correctly rounded
//! f64 result within 4 ulp (CUDA documents 2 ulp for expf/tanhf, plus the
//! add and the division of the sigmoid).
//! blur1d: 7 f32 adds in kernel order then one division, replayed in f32:
//! bit-exact. classify: integer counts, bit-exact.

use super::check::{exact, ulp, Expected};
use super::plan::PlanInputs;

fn boundary(i: i32, n: i32, mode: i64) -> i32 {
    match mode {
        0 => i.max(0).min(n - 1),
        1 => ((i % n) + n) % n,
        _ => {
            let mut i = i;
            if i < 0 {
                i = -i - 1;
            }
            if i >= n {
                i = 2 * n - i - 1;
            }
            i
        }
    }
}

/// Expected outputs of `enums_switch.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let bias: Vec<f32> = p.get("bias")?;
    let mut out = Vec::new();
    let mut li = 0;
    for (name, act) in [
        ("none", 0),
        ("relu", 1),
        ("sigmoid", 2),
        ("tanh", 3),
        ("leaky", 10),
    ] {
        let buf = format!("y_{name}");
        if p.int(li, 4)? != act {
            return Err(format!("launch {li} is not activation {act}"));
        }
        let cols = p.int(li, 3)? as usize;
        let y: Vec<f32> = p.get(&buf)?;
        let v: Vec<f32> = y
            .iter()
            .enumerate()
            .map(|(i, &y)| {
                let x = y + bias[i % cols];
                let xd = f64::from(x);
                match act {
                    1 => x.max(0.0),
                    2 => (1.0 / (1.0 + (-xd).exp())) as f32,
                    3 => xd.tanh() as f32,
                    10 => {
                        if x > 0.0 {
                            x
                        } else {
                            0.01f32 * x
                        }
                    }
                    _ => x,
                }
            })
            .collect();
        out.push(if act == 2 || act == 3 {
            ulp(&buf, v, 4)
        } else {
            exact(&buf, v)
        });
        li += 1;
    }
    let input: Vec<f32> = p.get("blur_in")?;
    for name in ["clamp", "wrap", "mirror"] {
        let (n, radius, mode) = (p.int(li, 2)? as i32, p.int(li, 3)? as i32, p.int(li, 4)?);
        let v: Vec<f32> = (0..n)
            .map(|i| {
                let mut s = 0.0f32;
                for k in -radius..=radius {
                    s += input[boundary(i + k, n, mode) as usize];
                }
                s / (2 * radius + 1) as f32
            })
            .collect();
        out.push(exact(&format!("blur_{name}"), v));
        li += 1;
    }
    let codes: Vec<i32> = p.get("codes")?;
    let mut counts: Vec<i32> = p.get("counts")?;
    for &c in &codes {
        match c {
            0 | 1 => counts[0] += 1,
            2 => {
                counts[1] += 1;
                counts[2] += 1;
            }
            3 => counts[2] += 1,
            _ => counts[3] += 1,
        }
    }
    out.push(exact("counts", counts));
    Ok(out)
}
