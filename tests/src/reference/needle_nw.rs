//! `needle_nw.cu`: the Needleman-Wunsch recurrence
//! `M[r][c] = max(M[r-1][c-1] + ref[r][c], M[r][c-1] - p, M[r-1][c] - p)`
//! over the 16 x 16 tiles the plan's launches cover (anti-diagonals
//! 1..=i), tile by tile in diagonal order; integers, bit-exact. Cells of
//! tiles not launched keep their initial values.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

const B: usize = 16;

/// Expected outputs of `needle_nw.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let reference: Vec<i32> = p.get("reference")?;
    let mut m: Vec<i32> = p.get("matrix")?;
    for li in 0..p.plan.launches.len() {
        let (cols, penalty, diag) = (
            p.int(li, 2)? as usize,
            p.int(li, 3)? as i32,
            p.int(li, 4)? as usize,
        );
        for bx in 0..diag {
            let by = diag - 1 - bx;
            for r in B * by + 1..=B * by + B {
                for c in B * bx + 1..=B * bx + B {
                    let nw = m[(r - 1) * cols + c - 1] + reference[r * cols + c];
                    let w = m[r * cols + c - 1] - penalty;
                    let n = m[(r - 1) * cols + c] - penalty;
                    m[r * cols + c] = nw.max(w).max(n);
                }
            }
        }
    }
    Ok(vec![exact("matrix", m)])
}
