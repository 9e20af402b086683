//! The wgpu backend with hand-written WGSL that follows the launch ABI of
//! `cuda_abi::WgslKernel`: saxpy (scalars, buffers, views with byte
//! offsets), a struct parameter, a folded grid of 100k blocks, the pipeline
//! cache, launch timing, named limit errors, aliasing, missing code, and a
//! device the caller brings.
//!
//! Needs a WebGPU adapter (lavapipe will do). Without one the tests print
//! why and pass, unless `CUDAWASM_REQUIRE_WGPU` is set (CI): then they fail.

#![allow(clippy::unwrap_used)]

mod wgpu_support;

use cuda_rt::{
    BackendKind, Device, Dim3, Error, KernelArg, KernelArtifact, LaunchConfig, ParamInfo,
    ParamKind, ScalarType, Target, TargetSkip, WgslParam,
};
use wgpu_support::{binding, device, pointer, scalar, wgsl, BLOCK_INDEX, OVERRIDES};

/// `saxpy(int n, float a, const float *x, float *y)`: `y[i] = a*x[i] + y[i]`.
fn saxpy() -> KernelArtifact {
    let source = format!(
        r#"{OVERRIDES}{BLOCK_INDEX}
struct Params {{ grid: vec3<u32>, n: i32, a: f32, x_off: u32, y_off: u32, pad: u32 }}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;
@compute @workgroup_size(block_x, block_y, block_z)
fn saxpy(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
         @builtin(local_invocation_id) lid: vec3<u32>) {{
    let b = block_index(wid, nwg, p.grid);
    if (b.w == 0u) {{ return; }}
    let i = b.x * block_x + lid.x;
    if (i32(i) < p.n) {{
        let xi = p.x_off / 4u + i;
        let yi = p.y_off / 4u + i;
        y[yi] = p.a * x[xi] + y[yi];
    }}
}}
"#
    );
    KernelArtifact {
        name: "saxpy".into(),
        params: vec![
            scalar("n", ScalarType::I32),
            scalar("a", ScalarType::F32),
            pointer("x", true),
            pointer("y", false),
        ],
        wgsl: Some(wgsl(
            source,
            "saxpy",
            vec![binding(0, 2, true), binding(1, 3, false)],
            vec![
                WgslParam::Value {
                    offset: 12,
                    size: 4,
                },
                WgslParam::Value {
                    offset: 16,
                    size: 4,
                },
                WgslParam::Buffer {
                    binding: 0,
                    offset_slot: 20,
                },
                WgslParam::Buffer {
                    binding: 1,
                    offset_slot: 24,
                },
            ],
        )),
        ..KernelArtifact::default()
    }
}

fn expected_saxpy(a: f32, x: &[f32], y: &[f32]) -> Vec<f32> {
    x.iter().zip(y).map(|(x, y)| a * x + y).collect()
}

#[test]
fn saxpy_matches_the_host() {
    let Some(dev) = device() else { return };
    let n: i32 = 1000;
    let x: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
    let y: Vec<f32> = (0..n).map(|i| 3.0 - i as f32).collect();
    let xb = dev.upload(&x).unwrap();
    let yb = dev.upload(&y).unwrap();
    let k = saxpy();
    let args = [n.into(), 2.0f32.into(), (&xb).into(), (&yb).into()];
    dev.launch(&k, &LaunchConfig::for_elems(n as u32), &args)
        .unwrap();
    assert_eq!(yb.download().unwrap(), expected_saxpy(2.0, &x, &y));
    // Same shape again: served by the pipeline cache.
    dev.launch(&k, &LaunchConfig::for_elems(n as u32), &args)
        .unwrap();
    assert_eq!(dev.cached_pipelines(), 1);
    dev.launch(&k, &LaunchConfig::linear(16, 64), &args)
        .unwrap();
    assert_eq!(
        dev.cached_pipelines(),
        2,
        "a new block size is a new pipeline"
    );
    eprintln!("{}: last launch {:?} ms", dev.info(), dev.last_launch_ms());
}

#[test]
fn views_pass_their_byte_offsets() {
    let Some(dev) = device() else { return };
    let x: Vec<f32> = (0..64).map(|i| i as f32).collect();
    let y = vec![1.0f32; 64];
    let xb = dev.upload(&x).unwrap();
    let yb = dev.upload(&y).unwrap();
    let n = 50;
    let args = [
        KernelArg::from(n),
        1.5f32.into(),
        xb.slice(3..).unwrap().into(),
        yb.slice(5..).unwrap().into(),
    ];
    dev.launch(&saxpy(), &LaunchConfig::linear(2, 32), &args)
        .unwrap();
    let mut want = y.clone();
    for i in 0..n as usize {
        want[5 + i] = 1.5 * x[3 + i] + y[5 + i];
    }
    assert_eq!(yb.download().unwrap(), want);
    // Unaligned reads and writes of the pool's blocks.
    let bytes = dev.upload(&[1u8, 2, 3, 4, 5, 6, 7]).unwrap();
    assert_eq!(
        bytes.slice(1..6).unwrap().download().unwrap(),
        vec![2, 3, 4, 5, 6]
    );
    let mut other = dev.alloc_zeroed::<u8>(7).unwrap();
    other
        .copy_from_slice(2, bytes.slice(0..3).unwrap())
        .unwrap();
    assert_eq!(other.download().unwrap(), vec![0, 0, 1, 2, 3, 0, 0]);
}

/// `affine(struct {float a; float b; int n;} s, float *y)` and a folded grid:
/// `grid_ids(unsigned *out)` writes each block's linear index.
#[test]
fn struct_values_and_folded_grids() {
    let Some(dev) = device() else { return };
    let source = format!(
        r#"{OVERRIDES}{BLOCK_INDEX}
struct Params {{ grid: vec3<u32>, out_off: u32, s: vec3<u32>, pad: u32 }}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;
@compute @workgroup_size(block_x, block_y, block_z)
fn affine(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
          @builtin(local_invocation_id) lid: vec3<u32>) {{
    let b = block_index(wid, nwg, p.grid);
    if (b.w == 0u) {{ return; }}
    let i = b.x * block_x + lid.x;
    let a = bitcast<f32>(p.s.x);
    let c = bitcast<f32>(p.s.y);
    let n = bitcast<i32>(p.s.z);
    if (i32(i) < n) {{ out[p.out_off / 4u + i] = a * f32(i) + c; }}
}}
"#
    );
    let k = KernelArtifact {
        name: "affine".into(),
        params: vec![
            ParamInfo {
                name: "s".into(),
                cuda_type: "Affine".into(),
                kind: ParamKind::Value { size: 12, align: 4 },
            },
            pointer("out", false),
        ],
        wgsl: Some(wgsl(
            source,
            "affine",
            vec![binding(0, 1, false)],
            vec![
                WgslParam::Value {
                    offset: 16,
                    size: 12,
                },
                WgslParam::Buffer {
                    binding: 0,
                    offset_slot: 12,
                },
            ],
        )),
        ..KernelArtifact::default()
    };
    let out = dev.alloc_zeroed::<f32>(100).unwrap();
    let mut s = Vec::new();
    s.extend_from_slice(&0.25f32.to_le_bytes());
    s.extend_from_slice(&(-2.0f32).to_le_bytes());
    s.extend_from_slice(&90i32.to_le_bytes());
    let args = [KernelArg::bytes(s), (&out).into()];
    dev.launch(&k, &LaunchConfig::linear(4, 32), &args).unwrap();
    let got = out.download().unwrap();
    for (i, v) in got.iter().enumerate() {
        let want = if i < 90 { 0.25 * i as f32 - 2.0 } else { 0.0 };
        assert_eq!(*v, want, "out[{i}]");
    }

    let source = format!(
        r#"{OVERRIDES}{BLOCK_INDEX}
struct Params {{ grid: vec3<u32>, out_off: u32 }}
@group(0) @binding(0) var<storage, read_write> ids: array<u32>;
@group(0) @binding(7) var<uniform> p: Params;
@compute @workgroup_size(block_x, block_y, block_z)
fn grid_ids(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
            @builtin(local_invocation_index) lii: u32) {{
    let b = block_index(wid, nwg, p.grid);
    if (b.w == 0u) {{ return; }}
    if (lii == 0u) {{
        let linear = b.x + b.y * p.grid.x + b.z * p.grid.x * p.grid.y;
        ids[p.out_off / 4u + linear] = linear + 1u;
    }}
}}
"#
    );
    let mut k = KernelArtifact {
        name: "grid_ids".into(),
        params: vec![ParamInfo {
            cuda_type: "unsigned *".into(),
            ..pointer("ids", false)
        }],
        wgsl: Some(wgsl(
            source,
            "grid_ids",
            vec![binding(0, 0, false)],
            vec![WgslParam::Buffer {
                binding: 0,
                offset_slot: 12,
            }],
        )),
        ..KernelArtifact::default()
    };
    if let Some(w) = k.wgsl.as_mut() {
        w.params_size = 16;
    }
    for grid in [Dim3::new(100_000, 1, 1), Dim3::new(300, 7, 5)] {
        let blocks = grid.volume() as usize;
        let ids = dev.alloc_zeroed::<u32>(blocks).unwrap();
        let config = LaunchConfig {
            grid,
            block: Dim3::new(32, 1, 1),
            shared_bytes: 0,
        };
        dev.launch(&k, &config, &[(&ids).into()]).unwrap();
        let got = ids.download().unwrap();
        let wrong = (0..blocks).filter(|&i| got[i] != i as u32 + 1).count();
        assert_eq!(
            wrong, 0,
            "grid {grid}: {wrong} blocks did not run exactly where expected"
        );
    }
}

#[test]
fn limits_aliasing_and_missing_code_are_named_errors() {
    let Some(dev) = device() else { return };
    let xb = dev.upload(&[1.0f32; 64]).unwrap();
    let yb = dev.upload(&[1.0f32; 64]).unwrap();
    let k = saxpy();

    // Workgroup memory beyond the device's limit.
    let mut big = k.clone();
    if let Some(w) = big.wgsl.as_mut() {
        w.workgroup_bytes = 1 << 30;
    }
    let args = [
        KernelArg::from(64),
        1.0f32.into(),
        (&xb).into(),
        (&yb).into(),
    ];
    let err = dev
        .launch(&big, &LaunchConfig::linear(1, 64), &args)
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::DeviceLimit {
                limit: "max_compute_workgroup_storage_size",
                ..
            }
        ),
        "{err}"
    );

    // `y` is written and aliases `x`.
    let args = [
        KernelArg::from(64),
        1.0f32.into(),
        (&yb).into(),
        yb.slice(1..).unwrap().into(),
    ];
    let err = dev
        .launch(&k, &LaunchConfig::linear(1, 64), &args)
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("unsupported on wgpu: "), "{text}");
    assert!(text.contains("`x` and `y` alias one buffer"), "{text}");

    // No WGSL, with and without the compiler's reason.
    let mut none = k.clone();
    none.wgsl = None;
    let args = [
        KernelArg::from(64),
        1.0f32.into(),
        (&xb).into(),
        (&yb).into(),
    ];
    let err = dev
        .launch(&none, &LaunchConfig::linear(1, 64), &args)
        .unwrap_err();
    assert!(matches!(err, Error::NoCodeForBackend { .. }), "{err}");
    none.skipped.push(TargetSkip {
        target: Target::Wgsl,
        reason: "unsupported on wgpu: `double` (k.cu:3:5)".into(),
    });
    let err = dev
        .launch(&none, &LaunchConfig::linear(1, 64), &args)
        .unwrap_err();
    assert!(err.to_string().contains("`double` (k.cu:3:5)"), "{err}");

    // WGSL the device rejects: an error naming the kernel, not a panic.
    let mut broken = k.clone();
    if let Some(w) = broken.wgsl.as_mut() {
        w.source.push_str("\nfn oops( {");
    }
    let err = dev
        .launch(&broken, &LaunchConfig::linear(1, 64), &args)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Device { during, .. } if during.contains("saxpy")),
        "{err}"
    );

    // The device still works after all of that.
    dev.launch(&k, &LaunchConfig::linear(1, 64), &args).unwrap();
    assert_eq!(yb.download().unwrap(), vec![2.0f32; 64]);
}

#[test]
fn a_device_the_caller_brings() {
    if device().is_none() {
        return;
    }
    let instance = cuda_rt::wgpu::Instance::new(
        cuda_rt::wgpu::InstanceDescriptor::new_without_display_handle(),
    );
    let adapter = pollster::block_on(instance.request_adapter(&Default::default())).unwrap();
    let (device, queue) = pollster::block_on(adapter.request_device(&Default::default())).unwrap();
    let dev = Device::from_wgpu(device, queue, adapter.get_info());
    assert_eq!(dev.backend(), BackendKind::Wgpu);
    let xb = dev.upload(&[2.0f32; 10]).unwrap();
    let yb = dev.upload(&[1.0f32; 10]).unwrap();
    let args = [
        KernelArg::from(10),
        3.0f32.into(),
        (&xb).into(),
        (&yb).into(),
    ];
    dev.launch(&saxpy(), &LaunchConfig::linear(1, 32), &args)
        .unwrap();
    assert_eq!(yb.download().unwrap(), vec![7.0f32; 10]);
    assert!(Device::list()
        .iter()
        .any(|d| d.backend == BackendKind::Wgpu));
}

#[test]
fn buffers_past_max_buffer_size_name_the_limit() {
    let Some(dev) = device() else { return };
    let err = dev.alloc::<u8>(1 << 60).unwrap_err().to_string();
    assert!(err.contains("`max_buffer_size`"), "{err}");
    // Nothing leaked into the pool.
    assert_eq!(dev.pool_stats().in_use, 0);
}
