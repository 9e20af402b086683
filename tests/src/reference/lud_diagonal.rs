//! `lud_diagonal.cu` (Rodinia LUD), first step: the diagonal block's LU and
//! the perimeter blocks, replayed in f32 phase by phase (within a phase no
//! thread reads what another writes) with separate multiply and subtract:
//! bit-exact on a back end that does not contract (the CPU back end).
//!
//! Note: lud_perimeter's column threads (16..31, one warp) store
//! `peri_col[i][idx]`, written by the other threads of the warp, with no
//! barrier in between: like Rodinia's original it relies on the warp
//! running in lockstep. The reference is the lockstep (GPU) result.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

const B: usize = 16;

/// Expected outputs of `lud_diagonal.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let mut m: Vec<f32> = p.get("m")?;
    let (dim, off) = (p.int(0, 1)? as usize, p.int(0, 2)? as usize);
    // lud_diagonal
    let mut s = [[0f32; B]; B];
    for (i, row) in s.iter_mut().enumerate() {
        row.copy_from_slice(&m[(off + i) * dim + off..(off + i) * dim + off + B]);
    }
    for i in 0..B - 1 {
        for tx in i + 1..B {
            for j in 0..i {
                let t = s[tx][j] * s[j][i];
                s[tx][i] -= t;
            }
            s[tx][i] /= s[i][i];
        }
        for tx in i + 1..B {
            for j in 0..=i {
                let t = s[i + 1][j] * s[j][tx];
                s[i + 1][tx] -= t;
            }
        }
    }
    for (i, row) in s.iter().enumerate().skip(1) {
        m[(off + i) * dim + off..(off + i) * dim + off + B].copy_from_slice(row);
    }
    // lud_perimeter
    let blocks = p.plan.launches[1].grid[0] as usize;
    let dia = s;
    for bx in 0..blocks {
        let co = off + (bx + 1) * B;
        let mut peri_row = [[0f32; B]; B];
        let mut peri_col = [[0f32; B]; B];
        for i in 0..B {
            peri_row[i].copy_from_slice(&m[(off + i) * dim + co..(off + i) * dim + co + B]);
            peri_col[i].copy_from_slice(&m[(co + i) * dim + off..(co + i) * dim + off + B]);
        }
        for idx in 0..B {
            for i in 1..B {
                for j in 0..i {
                    let t = dia[i][j] * peri_row[j][idx];
                    peri_row[i][idx] -= t;
                }
            }
            for i in 0..B {
                for j in 0..i {
                    let t = peri_col[idx][j] * dia[j][i];
                    peri_col[idx][i] -= t;
                }
                peri_col[idx][i] /= dia[i][i];
            }
        }
        for i in 1..B {
            m[(off + i) * dim + co..(off + i) * dim + co + B].copy_from_slice(&peri_row[i]);
        }
        for i in 0..B {
            m[(co + i) * dim + off..(co + i) * dim + off + B].copy_from_slice(&peri_col[i]);
        }
    }
    Ok(vec![exact("m", m)])
}
