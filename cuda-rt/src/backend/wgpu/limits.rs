//! Checking a launch against the device's limits before anything is sent
//! (an `Err` naming the limit, never a wgpu validation failure), and
//! folding a grid into dispatch dimensions the device accepts.

use crate::{Error, KernelArtifact, Result, WgslKernel};
use cuda_abi::WGSL_MAX_DISPATCH;
use cuda_cpu::LaunchDims;

/// Workgroup counts `(x, y, z)`, each at most `max`, whose product covers
/// `blocks`; `None` when even `max³` does not.
pub(crate) fn fold_dispatch(blocks: u64, max: u32) -> Option<[u32; 3]> {
    let max = u64::from(max.max(1));
    let x = blocks.clamp(1, max);
    let rest = blocks.div_ceil(x);
    let y = rest.clamp(1, max);
    let z = rest.div_ceil(y).max(1);
    if z > max {
        return None;
    }
    Some([x as u32, y as u32, z as u32])
}

/// One limit check: `needed ≤ allowed`, else an error naming `limit`.
fn within(kernel: &KernelArtifact, limit: &'static str, needed: u64, allowed: u64) -> Result<()> {
    if needed <= allowed {
        return Ok(());
    }
    Err(Error::DeviceLimit {
        kernel: kernel.name.clone(),
        limit,
        needed,
        allowed,
    })
}

/// Checks the launch against `limits` and gives the folded dispatch.
pub(super) fn check_launch(
    kernel: &KernelArtifact,
    wgsl: &WgslKernel,
    dims: &LaunchDims,
    buffer_bytes: &[u64],
    limits: &wgpu::Limits,
) -> Result<[u32; 3]> {
    let b = dims.block;
    within(
        kernel,
        "max_compute_invocations_per_workgroup",
        b.volume(),
        u64::from(limits.max_compute_invocations_per_workgroup),
    )?;
    let per_dim = [
        (
            "max_compute_workgroup_size_x",
            b.x,
            limits.max_compute_workgroup_size_x,
        ),
        (
            "max_compute_workgroup_size_y",
            b.y,
            limits.max_compute_workgroup_size_y,
        ),
        (
            "max_compute_workgroup_size_z",
            b.z,
            limits.max_compute_workgroup_size_z,
        ),
    ];
    for (name, needed, allowed) in per_dim {
        within(kernel, name, u64::from(needed), u64::from(allowed))?;
    }
    within(
        kernel,
        "max_compute_workgroup_storage_size",
        u64::from(wgsl.workgroup_bytes) + u64::from(dims.dynamic_shared_bytes),
        u64::from(limits.max_compute_workgroup_storage_size),
    )?;
    within(
        kernel,
        "max_storage_buffers_per_shader_stage",
        wgsl.bindings.len() as u64,
        u64::from(limits.max_storage_buffers_per_shader_stage),
    )?;
    within(
        kernel,
        "max_uniform_buffer_binding_size",
        u64::from(wgsl.params_size),
        limits.max_uniform_buffer_binding_size,
    )?;
    for &bytes in buffer_bytes {
        within(
            kernel,
            "max_storage_buffer_binding_size",
            bytes,
            limits.max_storage_buffer_binding_size,
        )?;
    }
    let max = WGSL_MAX_DISPATCH.min(limits.max_compute_workgroups_per_dimension);
    let blocks = dims.grid.volume();
    fold_dispatch(blocks, max).ok_or_else(|| Error::DeviceLimit {
        kernel: kernel.name.clone(),
        limit: "max_compute_workgroups_per_dimension",
        needed: blocks,
        allowed: u64::from(max).pow(3),
    })
}

#[cfg(test)]
mod tests {
    use super::fold_dispatch;

    #[test]
    fn folds_cover_every_block_within_the_limit() {
        for blocks in [
            1u64,
            7,
            65_535,
            65_536,
            100_000,
            1 << 32,
            65_535u64 * 65_535 + 1,
        ] {
            let Some([x, y, z]) = fold_dispatch(blocks, 65_535) else {
                panic!("{blocks} blocks did not fold");
            };
            let covered = u64::from(x) * u64::from(y) * u64::from(z);
            assert!(covered >= blocks, "{blocks}: {x}x{y}x{z}");
            assert!(x <= 65_535 && y <= 65_535 && z <= 65_535);
            assert!(
                covered - blocks < u64::from(x) * u64::from(y),
                "{blocks}: wasteful"
            );
        }
        assert_eq!(fold_dispatch(10, 4), Some([4, 3, 1]));
        assert_eq!(fold_dispatch(65, 4), None);
    }
}
