//! Finding and opening wgpu adapters: hardware GPUs before software ones.
//!
//! `Device::auto` wants a real GPU only (a software rasteriser such as
//! lavapipe is slower than the CPU backend), while `--backend wgpu` takes
//! the best adapter there is, software included. Adapters are ranked by
//! [`rank`]: discrete, integrated, virtual, other, then CPU adapters.

use super::errors::device_error;
use crate::{BackendKind, DeviceInfo, Error, Result};

/// The optional features the backend asks for when the adapter has them:
/// warp operations, `half` arithmetic and launch timing.
const WANTED_FEATURES: [wgpu::Features; 3] = [
    wgpu::Features::SUBGROUP,
    wgpu::Features::SHADER_F16,
    wgpu::Features::TIMESTAMP_QUERY,
];

/// The order adapters are preferred in (lower is better).
pub(super) fn rank(device_type: wgpu::DeviceType) -> u8 {
    match device_type {
        wgpu::DeviceType::DiscreteGpu => 0,
        wgpu::DeviceType::IntegratedGpu => 1,
        wgpu::DeviceType::VirtualGpu => 2,
        wgpu::DeviceType::Other => 3,
        wgpu::DeviceType::Cpu => 4,
    }
}

/// Is it a hardware GPU (what `Device::auto` may pick over the CPU)?
pub(super) fn is_hardware(device_type: wgpu::DeviceType) -> bool {
    rank(device_type) < rank(wgpu::DeviceType::Cpu)
}

/// Every adapter of the native backends, best first.
fn adapters() -> Vec<wgpu::Adapter> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: wgpu::Backends::PRIMARY,
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    });
    let mut found = pollster::block_on(instance.enumerate_adapters(wgpu::Backends::PRIMARY));
    if found.is_empty() {
        // Some platforms only answer a request (browsers, some drivers).
        let options = wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            ..Default::default()
        };
        if let Ok(adapter) = pollster::block_on(instance.request_adapter(&options)) {
            found.push(adapter);
        }
    }
    found.sort_by_key(|a| rank(a.get_info().device_type));
    found
}

/// The listing line of an adapter.
pub(super) fn device_info(info: &wgpu::AdapterInfo) -> DeviceInfo {
    let kind = match info.device_type {
        wgpu::DeviceType::DiscreteGpu => "discrete GPU",
        wgpu::DeviceType::IntegratedGpu => "integrated GPU",
        wgpu::DeviceType::VirtualGpu => "virtual GPU",
        wgpu::DeviceType::Other => "other adapter",
        wgpu::DeviceType::Cpu => "software adapter",
    };
    DeviceInfo {
        backend: BackendKind::Wgpu,
        name: format!("{} ({:?}, {kind})", info.name, info.backend),
        compute_units: 0,
        memory_bytes: None,
    }
}

/// Every adapter found, best first, as listing lines.
pub(crate) fn list() -> Vec<DeviceInfo> {
    adapters()
        .iter()
        .map(|a| device_info(&a.get_info()))
        .collect()
}

/// The best adapter; with `hardware_only`, none when only software
/// adapters exist.
pub(super) fn best(hardware_only: bool) -> Option<wgpu::Adapter> {
    adapters()
        .into_iter()
        .find(|a| !hardware_only || is_hardware(a.get_info().device_type))
}

/// Why no adapter was found, and what to do.
pub(super) fn none_found() -> Error {
    Error::BackendUnavailable {
        backend: BackendKind::Wgpu.name().to_string(),
        reason: "no WebGPU adapter found (install a Vulkan, Metal or DX12 driver; on Linux \
                 without a GPU, Mesa's lavapipe: `apt-get install mesa-vulkan-drivers \
                 libvulkan1`), or use the `cpu` backend"
            .to_string(),
    }
}

/// Opens `adapter` with the optional features it has and all its limits.
pub(super) fn open(adapter: &wgpu::Adapter) -> Result<(wgpu::Device, wgpu::Queue)> {
    let have = adapter.features();
    let features = WANTED_FEATURES
        .into_iter()
        .filter(|f| have.contains(*f))
        .fold(wgpu::Features::empty(), |acc, f| acc | f);
    let descriptor = wgpu::DeviceDescriptor {
        label: Some("cuda-rt"),
        required_features: features,
        required_limits: adapter.limits(),
        ..Default::default()
    };
    pollster::block_on(adapter.request_device(&descriptor)).map_err(|e| {
        device_error(
            "opening the device",
            format!("{} refused a device: {e}", adapter.get_info().name),
        )
    })
}
