//! `reduce_template_blocksize.cu`: reduce5 sums 2 * blockSize elements per
//! block. Float block sums within 1e-5 of the sum of |terms| (the tree
//! order is the kernel's); the int instance is bit-exact. A back end that
//! does not run the volatile warp tail in lockstep loses terms and fails.

use super::check::{exact, f32_within_mag, Expected};
use super::plan::PlanInputs;
use super::reduce_shared_tree::block_sums;

/// Expected outputs of `reduce_template_blocksize.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let x: Vec<f32> = p.get("in_f")?;
    let mut out = Vec::new();
    for (li, name) in ["out512", "out256", "out128"].iter().enumerate() {
        let l = &p.plan.launches[li];
        let (n, per) = (p.int(li, 2)? as usize, 2 * l.block[0] as usize);
        let (v, m): (Vec<f64>, Vec<f64>) = (0..l.grid[0] as usize)
            .map(|b| {
                let part = &x[(b * per).min(n)..((b + 1) * per).min(n)];
                (
                    part.iter().map(|&v| f64::from(v)).sum::<f64>(),
                    part.iter().map(|&v| f64::from(v).abs()).sum::<f64>(),
                )
            })
            .unzip();
        out.push(f32_within_mag(name, &v, &m, 1e-5));
    }
    let xi: Vec<i32> = p.get("in_i")?;
    let l = &p.plan.launches[3];
    out.push(exact(
        "out_i",
        block_sums(
            &xi,
            p.int(3, 2)? as usize,
            l.grid[0] as usize,
            2 * l.block[0] as usize,
        ),
    ));
    Ok(out)
}
