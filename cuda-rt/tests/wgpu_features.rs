//! The wgpu backend with hand-written WGSL using device features: dynamic
//! shared memory through an override-sized workgroup array, and subgroup
//! operations gated by the `SUBGROUP` feature. Needs an adapter as
//! `tests/wgpu.rs` does.

#![allow(clippy::unwrap_used)]

mod wgpu_support;

use cuda_rt::{KernelArtifact, LaunchConfig, WgslParam};
use wgpu_support::{binding, device, pointer, wgsl, BLOCK_INDEX, OVERRIDES};

/// `reverse(float *d)`: each block reverses its slice through dynamic
/// `extern __shared__` memory, sized by the override constant.
#[test]
fn dynamic_shared_memory_is_an_override() {
    let Some(dev) = device() else { return };
    let source = format!(
        r#"{OVERRIDES}override dyn_shared_bytes: u32 = 4u;{BLOCK_INDEX}
struct Params {{ grid: vec3<u32>, d_off: u32 }}
@group(0) @binding(0) var<storage, read_write> d: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;
var<workgroup> smem: array<f32, max(dyn_shared_bytes / 4u, 1u)>;
@compute @workgroup_size(block_x, block_y, block_z)
fn reverse(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
           @builtin(local_invocation_id) lid: vec3<u32>) {{
    let b = block_index(wid, nwg, p.grid);
    let base = p.d_off / 4u + b.x * block_x;
    if (b.w != 0u) {{ smem[lid.x] = d[base + lid.x]; }}
    workgroupBarrier();
    if (b.w != 0u) {{ d[base + lid.x] = smem[block_x - 1u - lid.x]; }}
}}
"#
    );
    let mut abi = wgsl(
        source,
        "reverse",
        vec![binding(0, 0, false)],
        vec![WgslParam::Buffer {
            binding: 0,
            offset_slot: 12,
        }],
    );
    abi.params_size = 16;
    abi.dynamic_shared_override = Some("dyn_shared_bytes".into());
    let k = KernelArtifact {
        name: "reverse".into(),
        params: vec![pointer("d", false)],
        wgsl: Some(abi),
        ..KernelArtifact::default()
    };
    for block in [32u32, 128] {
        let data: Vec<f32> = (0..4 * block).map(|i| i as f32).collect();
        let d = dev.upload(&data).unwrap();
        let config = LaunchConfig::linear(4, block).with_shared_bytes(block * 4);
        dev.launch(&k, &config, &[(&d).into()]).unwrap();
        let want: Vec<f32> = data
            .chunks(block as usize)
            .flat_map(|c| c.iter().rev().copied())
            .collect();
        assert_eq!(d.download().unwrap(), want, "block {block}");
    }
}

/// `warp_sum(unsigned *out)`: a subgroup reduction. Runs where the device
/// has `SUBGROUP`; elsewhere the launch is refused naming the feature.
#[test]
fn subgroup_kernels_need_the_feature() {
    let Some(dev) = device() else { return };
    let source = format!(
        r#"{OVERRIDES}{BLOCK_INDEX}
struct Params {{ grid: vec3<u32>, out_off: u32 }}
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(7) var<uniform> p: Params;
@compute @workgroup_size(block_x, block_y, block_z)
fn warp_sum(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
            @builtin(local_invocation_id) lid: vec3<u32>) {{
    let b = block_index(wid, nwg, p.grid);
    if (b.w == 0u) {{ return; }}
    let total = subgroupAdd(1u);
    if (lid.x == 0u) {{ out[p.out_off / 4u + b.x] = total; }}
}}
"#
    );
    let mut abi = wgsl(
        source,
        "warp_sum",
        vec![binding(0, 0, false)],
        vec![WgslParam::Buffer {
            binding: 0,
            offset_slot: 12,
        }],
    );
    abi.params_size = 16;
    abi.needs_subgroups = true;
    let k = KernelArtifact {
        name: "warp_sum".into(),
        params: vec![pointer("out", false)],
        wgsl: Some(abi),
        ..KernelArtifact::default()
    };
    let out = dev.alloc_zeroed::<u32>(2).unwrap();
    match dev.launch(&k, &LaunchConfig::linear(2, 4), &[(&out).into()]) {
        Ok(()) => assert_eq!(out.download().unwrap(), vec![4, 4]),
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains("SUBGROUP"), "{text}");
            eprintln!("no subgroups here: {text}");
        }
    }
}
