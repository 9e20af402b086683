//! `backprop_forward.cu` (Rodinia backprop).
//!
//! Layer forward: every weight is multiplied by its input node and the
//! 16-row columns are summed by a fixed pairwise tree (stride 1, 2, 4, 8).
//! The reference replays that tree in f32 (products and adds only, so no
//! contraction is possible): bit-exact, including the partially reduced
//! rows the kernel writes back into the weights.
//!
//! Weight adjustment: ETA and MOMENTUM are `double`, so the update is
//! computed in f64 and rounded to f32 on store; within 1 ulp (a back end may
//! fuse the f64 multiply-add, which can move the f32 rounding by one).

use super::check::{exact, ulp, Expected};
use super::plan::PlanInputs;

const HEIGHT: usize = 16;
const WIDTH: usize = 16;

/// Expected outputs of `backprop_forward.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let input: Vec<f32> = p.get("input_units")?;
    let mut w: Vec<f32> = p.get("input_weights")?;
    let mut partial: Vec<f32> = p.get("partial_sum")?;
    let hid = p.int(0, 5)? as usize;
    let blocks = p.plan.launches[0].grid.get(1).copied().unwrap_or(1) as usize;
    let index = |by: usize, ty: usize, tx: usize| {
        (hid + 1) * HEIGHT * by + (hid + 1) * ty + tx + 1 + (hid + 1)
    };
    for by in 0..blocks {
        let mut m = [[0f32; WIDTH]; HEIGHT];
        for ty in 0..HEIGHT {
            let node = input[HEIGHT * by + ty + 1];
            for tx in 0..WIDTH {
                m[ty][tx] = w[index(by, ty, tx)] * node;
            }
        }
        let mut power_two = 2;
        while power_two <= HEIGHT {
            for ty in (0..HEIGHT).filter(|ty| ty % power_two == 0) {
                for tx in 0..WIDTH {
                    m[ty][tx] += m[ty + power_two / 2][tx];
                }
            }
            power_two *= 2;
        }
        for ty in 0..HEIGHT {
            for tx in 0..WIDTH {
                w[index(by, ty, tx)] = m[ty][tx];
            }
            partial[by * hid + ty] = m[0][ty];
        }
    }

    let delta: Vec<f32> = p.get("hidden_delta")?;
    let ly = input;
    let mut aw: Vec<f32> = p.get("adj_weights")?;
    let mut ow: Vec<f32> = p.get("prev_weights")?;
    let (eta, momentum) = (0.3f64, 0.3f64);
    let blocks2 = p.plan.launches[1].grid.get(1).copied().unwrap_or(1) as usize;
    for by in 0..blocks2 {
        for ty in 0..HEIGHT {
            for tx in 0..WIDTH {
                let idx = index(by, ty, tx);
                let (ix, iy) = (tx + 1, HEIGHT * by + ty + 1);
                let upd =
                    eta * f64::from(delta[ix]) * f64::from(ly[iy]) + momentum * f64::from(ow[idx]);
                aw[idx] = (f64::from(aw[idx]) + upd) as f32;
                ow[idx] = upd as f32;
            }
        }
    }
    for tx in 0..WIDTH {
        let ix = tx + 1;
        let upd = eta * f64::from(delta[ix]) + momentum * f64::from(ow[ix]);
        aw[ix] = (f64::from(aw[ix]) + upd) as f32;
        ow[ix] = upd as f32;
    }
    Ok(vec![
        exact("input_weights", w),
        exact("partial_sum", partial),
        ulp("adj_weights", aw, 1),
        ulp("prev_weights", ow, 1),
    ])
}
