//! One launch on wgpu: check limits, build the parameter block and the
//! bind group, dispatch the folded grid (timed with timestamp queries when
//! the device has them) and wait for it to finish.

use super::errors::{device_error, scoped};
use super::limits::check_launch;
use super::memory::round_up_words;
use super::params::{bound_buffers, param_block};
use super::WgpuBackend;
use crate::backend::RawArg;
use crate::{BackendKind, Error, KernelArtifact, Result, Target};
use cuda_cpu::{LaunchDims, LaunchOptions};
use std::num::NonZeroU64;

/// Bytes of the two resolved timestamps.
const TIMESTAMP_BYTES: u64 = 2 * 8;

/// The query set and buffers that time launches.
#[derive(Debug)]
pub(super) struct Timer {
    queries: wgpu::QuerySet,
    resolve: wgpu::Buffer,
    read_back: wgpu::Buffer,
}

impl Timer {
    /// A timer, when the device has timestamp queries.
    pub(super) fn new(device: &wgpu::Device) -> Option<Self> {
        if !device.features().contains(wgpu::Features::TIMESTAMP_QUERY) {
            return None;
        }
        let buffer = |label, usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: TIMESTAMP_BYTES,
                usage,
                mapped_at_creation: false,
            })
        };
        Some(Self {
            queries: device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("cuda-rt launch timer"),
                ty: wgpu::QueryType::Timestamp,
                count: 2,
            }),
            resolve: buffer(
                "cuda-rt timestamps",
                wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
            ),
            read_back: buffer(
                "cuda-rt timestamp read-back",
                wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            ),
        })
    }
}

/// Why there is no WGSL for a kernel, in the compiler's words if it gave any.
fn no_wgsl(kernel: &KernelArtifact) -> Error {
    match kernel.skip_reason(Target::Wgsl) {
        Some(reason) => Error::TargetSkipped {
            kernel: kernel.name.clone(),
            target: Target::Wgsl,
            reason: reason.to_string(),
        },
        None => Error::NoCodeForBackend {
            kernel: kernel.name.clone(),
            backend: BackendKind::Wgpu,
        },
    }
}

impl WgpuBackend {
    /// Runs `kernel` over `dims` to completion.
    pub(super) fn run(
        &self,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()> {
        let wgsl = kernel.wgsl.as_ref().ok_or_else(|| no_wgsl(kernel))?;
        self.check_features(kernel, wgsl)?;
        let buffers = bound_buffers(kernel, wgsl, args)?;
        let sizes: Vec<u64> = buffers
            .iter()
            .map(|b| round_up_words(b.len().max(4)))
            .collect();
        let dispatch = check_launch(kernel, wgsl, dims, &sizes, &self.limits)?;
        let block = param_block(kernel, wgsl, dims.grid, args)?;
        let pipeline = self.pipeline(&kernel.name, wgsl, dims)?;
        let timer = self.lock_timer();
        let during = format!("the launch of kernel `{}`", kernel.name);
        scoped(&self.device, &self.uncaptured, &during, || {
            let params = self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("cuda-rt parameter block"),
                size: u64::from(wgsl.params_size.max(16)),
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            self.queue.write_buffer(&params, 0, &block);
            let mut entries = Vec::with_capacity(buffers.len() + 1);
            for ((binding, raw), size) in wgsl.bindings.iter().zip(&buffers).zip(&sizes) {
                entries.push(wgpu::BindGroupEntry {
                    binding: binding.binding,
                    resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                        buffer: self.buffer(raw)?,
                        offset: 0,
                        size: NonZeroU64::new(*size),
                    }),
                });
            }
            entries.push(wgpu::BindGroupEntry {
                binding: wgsl.params_binding,
                resource: params.as_entire_binding(),
            });
            let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some(&kernel.name),
                layout: &pipeline.layout,
                entries: &entries,
            });
            let mut encoder = self
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
            {
                let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                    label: Some(&kernel.name),
                    timestamp_writes: timer.as_ref().map(|t| wgpu::ComputePassTimestampWrites {
                        query_set: &t.queries,
                        beginning_of_pass_write_index: Some(0),
                        end_of_pass_write_index: Some(1),
                    }),
                });
                pass.set_pipeline(&pipeline.pipeline);
                pass.set_bind_group(0, &bind_group, &[]);
                pass.dispatch_workgroups(dispatch[0], dispatch[1], dispatch[2]);
            }
            if let Some(t) = timer.as_ref() {
                encoder.resolve_query_set(&t.queries, 0..2, &t.resolve, 0);
                encoder.copy_buffer_to_buffer(&t.resolve, 0, &t.read_back, 0, TIMESTAMP_BYTES);
            }
            self.queue.submit([encoder.finish()]);
            Ok(())
        })?;
        self.finish(&during, opts)?;
        let ms = match timer.as_ref() {
            Some(t) => self.read_timestamps(t)?,
            None => None,
        };
        *self.lock_last_ms() = ms;
        Ok(())
    }

    /// Refuses a kernel whose WGSL needs a feature the device lacks.
    fn check_features(&self, kernel: &KernelArtifact, wgsl: &crate::WgslKernel) -> Result<()> {
        let features = self.device.features();
        let missing = [
            (
                wgsl.needs_subgroups,
                wgpu::Features::SUBGROUP,
                "SUBGROUP (warp operations)",
            ),
            (
                wgsl.needs_f16,
                wgpu::Features::SHADER_F16,
                "SHADER_F16 (`half` arithmetic)",
            ),
        ]
        .into_iter()
        .find(|(needed, feature, _)| *needed && !features.contains(*feature));
        match missing {
            Some((_, _, name)) => Err(Error::Unsupported {
                backend: BackendKind::Wgpu,
                message: format!(
                    "kernel `{}` needs the device feature {name}, which {} lacks (use another \
                     adapter or the `cpu` backend)",
                    kernel.name, self.info.name
                ),
            }),
            None => Ok(()),
        }
    }

    /// Waits for the launch, within the launch options' timeout.
    fn finish(&self, during: &str, opts: &LaunchOptions) -> Result<()> {
        let poll = wgpu::PollType::Wait {
            submission_index: None,
            timeout: opts.timeout,
        };
        match self.device.poll(poll) {
            Ok(_) => Ok(()),
            Err(wgpu::PollError::Timeout) => Err(device_error(
                during,
                format!(
                    "it did not finish within {:?} (the launch timeout); an endless loop?",
                    opts.timeout.unwrap_or_default()
                ),
            )),
            Err(e) => Err(device_error(during, format!("the device failed: {e}"))),
        }
    }

    /// Milliseconds between the pass's two timestamps.
    fn read_timestamps(&self, timer: &Timer) -> Result<Option<f64>> {
        let mut ticks = [0u64; 2];
        self.map_read(&timer.read_back, "reading the launch time", |bytes| {
            for (t, chunk) in ticks.iter_mut().zip(bytes.chunks_exact(8)) {
                let mut le = [0u8; 8];
                le.copy_from_slice(chunk);
                *t = u64::from_le_bytes(le);
            }
        })?;
        let period_ns = f64::from(self.queue.get_timestamp_period());
        Ok((ticks[1] >= ticks[0] && ticks[0] != 0)
            .then(|| (ticks[1] - ticks[0]) as f64 * period_ns / 1e6))
    }
}
