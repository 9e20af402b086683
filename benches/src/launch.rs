//! Running a workload's CUDA kernel through `cuda_rt`: compile it (the
//! executor through the artifact builder, or a generated Rust kernel put in
//! the same artifact), put its inputs in device buffers, launch, read the
//! result back, and compare results with the hand-written Rust.

use crate::hand;
use crate::workloads::{self as w, Kind, Sizes};
use cuda_compiler::artifact::{kernel_artifact, ArtifactOptions};
use cuda_cpu::CpuKernel;
use cuda_rt::{Device, DeviceBuffer, Dim3, KernelArg, KernelArtifact, LaunchConfig, Target};
use std::sync::Arc;

/// The kernel of `kind` compiled for the CPU executor, as the runtime
/// launches it (signature, shared memory, CPU code).
pub fn executor_artifact(kind: Kind) -> Result<KernelArtifact, String> {
    let path = kind.kernel_file();
    let checked = cuda_compiler::check_file(&path, &cuda_compiler::Options::default());
    let opts = ArtifactOptions {
        targets: vec![Target::Cpu],
        ..ArtifactOptions::default()
    };
    let artifact = kernel_artifact(&checked, kind.kernel_name(), &opts).map_err(|d| {
        format!(
            "{}: {}",
            path.display(),
            cuda_compiler::artifact::first_error(&d, &checked)
        )
    })?;
    match (&artifact.cpu, artifact.skipped.first()) {
        (Some(_), _) => Ok(artifact),
        (None, Some(skip)) => Err(format!("{}: {}", path.display(), skip.reason)),
        (None, None) => Err(format!("{}: no CPU code", path.display())),
    }
}

/// The same artifact with other CPU code (a generated Rust kernel), so
/// both paths go through the same launch checks and runtime.
pub fn with_cpu_code(artifact: &KernelArtifact, code: Arc<dyn CpuKernel>) -> KernelArtifact {
    KernelArtifact {
        cpu: Some(code),
        ..artifact.clone()
    }
}

/// What a run of a workload produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The sgemm's C or the stencil's output grid.
    Floats(Vec<f32>),
    /// The reduction's sum.
    Sum(f32),
    /// The histogram's bins.
    Bins(Vec<u32>),
}

/// Whether `got` (a CUDA kernel's output) agrees with `want` (the
/// hand-written Rust's) for `kind`: floats exactly for sgemm, stencil (both
/// sum in the kernel's order) and transpose, the reduction within
/// [`w::reduce_close`] of the exact sum, bins exactly. `Err` says how they
/// differ.
pub fn check(kind: Kind, sizes: &Sizes, got: &Output, want: &Output) -> Result<(), String> {
    match (got, want) {
        (Output::Floats(g), Output::Floats(h)) => match w::max_abs_diff(g, h) {
            Some(0.0) => Ok(()),
            Some(d) => Err(format!("{}: largest difference {d}", kind.name())),
            None => Err(format!(
                "{}: {} values, want {}",
                kind.name(),
                g.len(),
                h.len()
            )),
        },
        (Output::Sum(g), Output::Sum(_)) => {
            let exact = hand::reduce::sum_reference(&w::reduce_input(sizes.reduce_n));
            if w::reduce_close(*g, exact) {
                Ok(())
            } else {
                Err(format!("reduce: sum {g}, exact {exact}"))
            }
        }
        (Output::Bins(g), Output::Bins(h)) if g == h => Ok(()),
        _ => Err(format!("{}: got {got:?}, want {want:?}", kind.name())),
    }
}

/// A workload's buffers on a device, ready to launch again and again.
pub struct DeviceProblem {
    kind: Kind,
    sizes: Sizes,
    config: LaunchConfig,
    /// Inputs, in parameter order of their kernel.
    inputs: Vec<DeviceBuffer<f32>>,
    words: Option<DeviceBuffer<u32>>,
    out_f32: DeviceBuffer<f32>,
    out_u32: Option<DeviceBuffer<u32>>,
    /// What `reset` writes into the output (sgemm's initial C).
    initial_out: Vec<f32>,
}

fn rt(e: cuda_rt::Error) -> String {
    e.to_string()
}

impl DeviceProblem {
    /// Uploads the inputs of `kind` at `sizes` to `dev`.
    pub fn new(dev: &Device, kind: Kind, sizes: Sizes) -> Result<Self, String> {
        let (grid, block) = sizes.launch(kind);
        let config = LaunchConfig {
            grid: Dim3::new(grid[0], grid[1], grid[2]),
            block: Dim3::new(block[0], block[1], block[2]),
            shared_bytes: 0,
        };
        let mut problem = DeviceProblem {
            kind,
            sizes,
            config,
            inputs: Vec::new(),
            words: None,
            out_f32: dev.alloc_zeroed(1).map_err(rt)?,
            out_u32: None,
            initial_out: vec![0.0],
        };
        match kind {
            Kind::Sgemm => {
                let (a, b, c) = w::sgemm_inputs(sizes.sgemm_n);
                problem.inputs = vec![dev.upload(&a).map_err(rt)?, dev.upload(&b).map_err(rt)?];
                problem.out_f32 = dev.upload(&c).map_err(rt)?;
                problem.initial_out = c;
            }
            Kind::Reduce => {
                problem.inputs = vec![dev.upload(&w::reduce_input(sizes.reduce_n)).map_err(rt)?];
            }
            Kind::Stencil => {
                let grid = w::stencil_input(sizes.stencil_n);
                problem.out_f32 = dev.alloc_zeroed(grid.len()).map_err(rt)?;
                problem.initial_out = vec![0.0; grid.len()];
                problem.inputs = vec![dev.upload(&grid).map_err(rt)?];
            }
            Kind::Histogram => {
                let words = w::histogram_input(sizes.histogram_bytes);
                problem.words = Some(dev.upload(&words).map_err(rt)?);
                problem.out_u32 = Some(dev.alloc_zeroed(256).map_err(rt)?);
            }
            Kind::Transpose => {
                let m = w::transpose_input(sizes.transpose_n);
                problem.out_f32 = dev.alloc_zeroed(m.len()).map_err(rt)?;
                problem.inputs = vec![dev.upload(&m).map_err(rt)?];
            }
        }
        Ok(problem)
    }

    /// Puts the output back in its initial state (zero sums and bins, the
    /// sgemm's initial C), so the next launch computes the same result.
    pub fn reset(&mut self) -> Result<(), String> {
        if let Some(bins) = &mut self.out_u32 {
            bins.upload(&[0u32; 256]).map_err(rt)?;
        }
        if matches!(self.kind, Kind::Sgemm | Kind::Reduce) {
            self.out_f32.upload(&self.initial_out).map_err(rt)?;
        }
        Ok(())
    }

    /// Launches `artifact` (the workload's kernel) once and waits for it.
    pub fn launch(&self, dev: &Device, artifact: &KernelArtifact) -> Result<(), String> {
        let s = &self.sizes;
        let args: Vec<KernelArg<'_>> = match self.kind {
            Kind::Sgemm => {
                let n = s.sgemm_n as i32;
                vec![
                    n.into(),
                    n.into(),
                    n.into(),
                    w::SGEMM_ALPHA.into(),
                    (&self.inputs[0]).into(),
                    (&self.inputs[1]).into(),
                    w::SGEMM_BETA.into(),
                    (&self.out_f32).into(),
                ]
            }
            Kind::Reduce => vec![
                (&self.inputs[0]).into(),
                (&self.out_f32).into(),
                s.reduce_n.into(),
            ],
            Kind::Stencil => {
                let n = s.stencil_n as i32;
                vec![
                    n.into(),
                    n.into(),
                    w::STENCIL_C0.into(),
                    w::STENCIL_C1.into(),
                    (&self.inputs[0]).into(),
                    (&self.out_f32).into(),
                ]
            }
            Kind::Histogram => {
                let (Some(words), Some(bins)) = (&self.words, &self.out_u32) else {
                    return Err("histogram buffers missing".to_string());
                };
                vec![words.into(), (s.histogram_bytes / 4).into(), bins.into()]
            }
            Kind::Transpose => {
                let n = s.transpose_n as i32;
                vec![
                    (&self.out_f32).into(),
                    (&self.inputs[0]).into(),
                    n.into(),
                    n.into(),
                ]
            }
        };
        dev.launch(artifact, &self.config, &args).map_err(rt)?;
        dev.synchronize().map_err(rt)
    }

    /// The result of the last launch.
    pub fn output(&self) -> Result<Output, String> {
        Ok(match self.kind {
            Kind::Sgemm | Kind::Stencil | Kind::Transpose => {
                Output::Floats(self.out_f32.download().map_err(rt)?)
            }
            Kind::Reduce => {
                let sum = self.out_f32.download().map_err(rt)?;
                Output::Sum(sum.first().copied().unwrap_or(f32::NAN))
            }
            Kind::Histogram => match &self.out_u32 {
                Some(bins) => Output::Bins(bins.download().map_err(rt)?),
                None => return Err("histogram buffers missing".to_string()),
            },
        })
    }
}
