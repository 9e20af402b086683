//! The pipeline cache: one compute pipeline per (WGSL source, entry point,
//! block dimensions, dynamic shared bytes), since block dimensions and
//! dynamic shared memory are override constants baked in at pipeline
//! creation. Shader modules are cached per source, so instances of one
//! kernel compile the WGSL once.

use super::errors::scoped;
use super::WgpuBackend;
use crate::{Result, WgslKernel};
use cuda_cpu::LaunchDims;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What makes one pipeline differ from another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct PipelineKey {
    source_hash: u64,
    entry: String,
    block: [u32; 3],
    dynamic_shared: u32,
}

/// A pipeline and the layout its bind groups are made for.
#[derive(Debug)]
pub(super) struct CachedPipeline {
    pub(super) pipeline: wgpu::ComputePipeline,
    pub(super) layout: wgpu::BindGroupLayout,
}

/// Cached shader modules and pipelines of one device.
#[derive(Debug, Default)]
pub(super) struct PipelineCache {
    modules: HashMap<u64, wgpu::ShaderModule>,
    pipelines: HashMap<PipelineKey, Arc<CachedPipeline>>,
}

impl PipelineCache {
    /// Pipelines built so far (for tests and statistics).
    pub(super) fn len(&self) -> usize {
        self.pipelines.len()
    }
}

fn hash_source(source: &str) -> u64 {
    let mut h = DefaultHasher::new();
    source.hash(&mut h);
    h.finish()
}

/// The bind group layout the ABI describes: the storage bindings with
/// their access, and the uniform parameter block.
fn layout_entries(wgsl: &WgslKernel) -> Vec<wgpu::BindGroupLayoutEntry> {
    let storage = wgsl.bindings.iter().map(|b| wgpu::BindGroupLayoutEntry {
        binding: b.binding,
        visibility: wgpu::ShaderStages::COMPUTE,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Storage {
                read_only: b.read_only,
            },
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    });
    let params = wgpu::BindGroupLayoutEntry {
        binding: wgsl.params_binding,
        visibility: wgpu::ShaderStages::COMPUTE,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Uniform,
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    };
    storage.chain(std::iter::once(params)).collect()
}

/// The environment variable naming a directory to write each kernel's
/// WGSL to when its pipeline is built (for reading what the back end made).
pub(crate) const WGSL_DUMP_ENV: &str = "CUDA_RT_WGSL_DUMP";

/// Writes the kernel's WGSL to `$CUDA_RT_WGSL_DUMP/<kernel>.wgsl` when the
/// variable is set; a failed write is reported on stderr, never fatal.
fn dump_source(kernel_name: &str, wgsl: &WgslKernel) {
    let Some(dir) = std::env::var_os(WGSL_DUMP_ENV) else {
        return;
    };
    let file: String = kernel_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = std::path::Path::new(&dir).join(format!("{file}.wgsl"));
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &wgsl.source));
    if let Err(e) = written {
        eprintln!("{WGSL_DUMP_ENV}: cannot write {}: {e}", path.display());
    }
}

impl WgpuBackend {
    /// The pipeline for this kernel instance and launch shape, built on
    /// first use. A WGSL the device rejects is an error naming the kernel.
    pub(super) fn pipeline(
        &self,
        kernel_name: &str,
        wgsl: &WgslKernel,
        dims: &LaunchDims,
    ) -> Result<Arc<CachedPipeline>> {
        let source_hash = hash_source(&wgsl.source);
        let key = PipelineKey {
            source_hash,
            entry: wgsl.entry_point.clone(),
            block: [dims.block.x, dims.block.y, dims.block.z],
            dynamic_shared: if wgsl.dynamic_shared_override.is_some() {
                dims.dynamic_shared_bytes
            } else {
                0
            },
        };
        let mut cache = self.lock_pipelines();
        if let Some(hit) = cache.pipelines.get(&key) {
            return Ok(Arc::clone(hit));
        }
        dump_source(kernel_name, wgsl);
        let during = format!("building the pipeline of kernel `{kernel_name}`");
        let built = scoped(&self.device, &self.uncaptured, &during, || {
            let module = cache
                .modules
                .entry(source_hash)
                .or_insert_with(|| {
                    self.device
                        .create_shader_module(wgpu::ShaderModuleDescriptor {
                            label: Some(kernel_name),
                            source: wgpu::ShaderSource::Wgsl(wgsl.source.as_str().into()),
                        })
                })
                .clone();
            let layout = self
                .device
                .create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
                    label: Some(kernel_name),
                    entries: &layout_entries(wgsl),
                });
            let pipeline_layout =
                self.device
                    .create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                        label: Some(kernel_name),
                        bind_group_layouts: &[Some(&layout)],
                        immediate_size: 0,
                    });
            let [bx, by, bz] = &wgsl.block_dim_overrides;
            let mut constants: Vec<(&str, f64)> = vec![
                (bx.as_str(), f64::from(dims.block.x)),
                (by.as_str(), f64::from(dims.block.y)),
                (bz.as_str(), f64::from(dims.block.z)),
            ];
            if let Some(name) = &wgsl.dynamic_shared_override {
                constants.push((name.as_str(), f64::from(key.dynamic_shared)));
            }
            let pipeline = self
                .device
                .create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                    label: Some(kernel_name),
                    layout: Some(&pipeline_layout),
                    module: &module,
                    entry_point: Some(&wgsl.entry_point),
                    compilation_options: wgpu::PipelineCompilationOptions {
                        constants: &constants,
                        zero_initialize_workgroup_memory: true,
                    },
                    cache: None,
                });
            Ok(CachedPipeline { pipeline, layout })
        });
        let built = match built {
            Ok(b) => Arc::new(b),
            Err(e) => {
                // A module that failed to compile must not stay cached.
                cache.modules.remove(&source_hash);
                return Err(e);
            }
        };
        cache.pipelines.insert(key, Arc::clone(&built));
        Ok(built)
    }
}
