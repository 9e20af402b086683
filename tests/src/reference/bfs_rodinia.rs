//! `bfs_rodinia.cu`: level-synchronous BFS, replayed step by step exactly as
//! the two kernels do it (every launch pair of the plan). All outputs are
//! integers or bools: bit-exact. Within one Kernel launch several frontier
//! nodes may write the same neighbour's cost, but always the same value.

use super::check::{exact, Expected};
use super::plan::PlanInputs;

/// Expected outputs of `bfs_rodinia.toml`.
pub fn expected(p: &PlanInputs) -> Result<Vec<Expected>, String> {
    let nodes: Vec<i32> = p.get("nodes")?;
    let edges: Vec<i32> = p.get("edges")?;
    let mut mask: Vec<u8> = p.get("mask")?;
    let mut updating: Vec<u8> = p.get("updating")?;
    let mut visited: Vec<u8> = p.get("visited")?;
    let mut cost: Vec<i32> = p.get("cost")?;
    let mut over: Vec<u8> = p.get("over")?;
    let n = mask.len();
    for launch in &p.plan.launches {
        match launch.kernel.as_str() {
            "Kernel" => {
                for tid in 0..n {
                    if mask[tid] == 0 {
                        continue;
                    }
                    mask[tid] = 0;
                    let start = nodes[2 * tid] as usize;
                    let count = nodes[2 * tid + 1] as usize;
                    for &id in &edges[start..start + count] {
                        let id = id as usize;
                        if visited[id] == 0 {
                            cost[id] = cost[tid] + 1;
                            updating[id] = 1;
                        }
                    }
                }
            }
            "Kernel2" => {
                for tid in 0..n {
                    if updating[tid] != 0 {
                        mask[tid] = 1;
                        visited[tid] = 1;
                        over[0] = 1;
                        updating[tid] = 0;
                    }
                }
            }
            other => return Err(format!("unexpected kernel `{other}`")),
        }
    }
    Ok(vec![
        exact("cost", cost),
        exact("mask", mask),
        exact("visited", visited),
        exact("over", over),
    ])
}
