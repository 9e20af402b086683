//! Helpers of the wgpu tests: the device (or why there is none) and the
//! pieces of hand-written WGSL and ABI that follow `cuda_abi::WgslKernel`.

#![allow(dead_code, clippy::unwrap_used)]

use cuda_rt::{
    BackendKind, Device, ParamInfo, ParamKind, ScalarType, WgslBinding, WgslKernel, WgslParam,
};

/// The wgpu device, or `None` (after saying why) when no adapter exists
/// and CI did not require one.
pub fn device() -> Option<Device> {
    match Device::new(BackendKind::Wgpu) {
        Ok(d) => Some(d),
        Err(e) if std::env::var_os("CUDAWASM_REQUIRE_WGPU").is_some() => {
            panic!("CUDAWASM_REQUIRE_WGPU is set but there is no wgpu device: {e}")
        }
        Err(e) => {
            eprintln!("skipping: no wgpu device ({e})");
            None
        }
    }
}

pub const OVERRIDES: &str = "override block_x: u32 = 1u;\noverride block_y: u32 = 1u;\n\
                         override block_z: u32 = 1u;\n";

/// The ABI's block index from the folded dispatch; `false` past the grid.
pub const BLOCK_INDEX: &str = r#"
fn block_index(wid: vec3<u32>, nwg: vec3<u32>, grid: vec3<u32>) -> vec4<u32> {
    let linear = wid.x + wid.y * nwg.x + wid.z * nwg.x * nwg.y;
    let inside = u32(linear < grid.x * grid.y * grid.z);
    let bx = linear % grid.x;
    let by = (linear / grid.x) % grid.y;
    let bz = linear / (grid.x * grid.y);
    return vec4<u32>(bx, by, bz, inside);
}
"#;

pub fn pointer(name: &str, read_only: bool) -> ParamInfo {
    ParamInfo {
        name: name.into(),
        cuda_type: if read_only {
            "const float *"
        } else {
            "float *"
        }
        .into(),
        kind: ParamKind::Pointer {
            pointee_size: 4,
            pointee_align: 4,
            read_only,
        },
    }
}

pub fn scalar(name: &str, ty: ScalarType) -> ParamInfo {
    ParamInfo {
        name: name.into(),
        cuda_type: ty.cuda_name().into(),
        kind: ParamKind::Scalar(ty),
    }
}

pub fn wgsl(
    source: String,
    entry: &str,
    bindings: Vec<WgslBinding>,
    params: Vec<WgslParam>,
) -> WgslKernel {
    WgslKernel {
        source,
        entry_point: entry.into(),
        bindings,
        params_binding: 7,
        params_size: 32,
        grid_offset: 0,
        params,
        block_dim_overrides: ["block_x".into(), "block_y".into(), "block_z".into()],
        dynamic_shared_override: None,
        workgroup_bytes: 0,
        needs_subgroups: false,
        needs_f16: false,
    }
}

pub fn binding(binding: u32, param: u32, read_only: bool) -> WgslBinding {
    WgslBinding {
        binding,
        params: vec![param],
        read_only,
    }
}
