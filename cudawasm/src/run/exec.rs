//! Running the prepared launches in order, timing them, and writing the
//! outputs and `summary.json`.

use super::bind::BoundArg;
use super::Failure;
use cuda_rt::{Device, DeviceBuffer, KernelArg, KernelArtifact, LaunchConfig, ScalarType};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A plan buffer on the device (bytes; its element type for the summary).
pub struct PlanBuffer {
    /// Its name.
    pub name: String,
    /// Element type.
    pub ty: ScalarType,
    /// Elements.
    pub len: usize,
    /// The memory.
    pub buf: DeviceBuffer<u8>,
}

/// One `[[launch]]`, checked and ready.
pub struct PreparedLaunch {
    /// The kernel's artefact (index into the artefacts).
    pub artifact: usize,
    /// Geometry.
    pub config: LaunchConfig,
    /// Arguments.
    pub args: Vec<BoundArg>,
    /// Launches of this entry.
    pub repeat: u32,
    /// `plan.toml:12, launch[0]`, for backend errors.
    pub place: String,
}

/// What one launch entry took.
pub struct LaunchRecord {
    /// The kernel.
    pub kernel: String,
    /// Its geometry.
    pub config: LaunchConfig,
    /// Launches timed.
    pub repeat: u32,
    /// Milliseconds per launch (mean, or median with `--time`).
    pub ms: f64,
}

fn backend_failure(
    device: &Device,
    kernel: &str,
    place: &str,
    e: impl std::fmt::Display,
) -> Failure {
    Failure::backend(format!(
        "backend `{}` failed running kernel `{kernel}` ({place}): {e}",
        device.backend()
    ))
}

/// Runs one launch, timed by events on its stream.
fn launch_once(
    device: &Device,
    artifact: &KernelArtifact,
    l: &PreparedLaunch,
    buffers: &[PlanBuffer],
) -> Result<f64, Failure> {
    let fail = |e: cuda_rt::Error| backend_failure(device, &artifact.name, &l.place, e);
    let mut args: Vec<KernelArg<'_>> = Vec::with_capacity(l.args.len());
    for a in &l.args {
        args.push(match a {
            BoundArg::Buffer {
                index,
                offset_bytes,
            } => {
                let buf = buffers
                    .get(*index)
                    .ok_or_else(|| fail(cuda_rt::Error::WrongDevice { what: "a buffer" }))?;
                buf.buf
                    .slice(*offset_bytes as usize..)
                    .map_err(fail)?
                    .into()
            }
            BoundArg::Scalar(s) => KernelArg::scalar(*s),
            BoundArg::Bytes(b) => KernelArg::bytes(&b[..]),
        });
    }
    let stream = device.default_stream();
    let start = stream.record_event().map_err(fail)?;
    stream.launch(artifact, &l.config, &args).map_err(fail)?;
    let end = stream.record_event().map_err(fail)?;
    let host_ms = start.elapsed_ms(&end).map_err(fail)?;
    // The device's own timer (wgpu timestamp queries) when it has one:
    // kernel time without the submission and wait around it.
    Ok(device.last_launch_ms().unwrap_or(host_ms))
}

/// Runs every launch in order. With `time`, each entry first runs once as
/// a warm-up whose effect on the buffers is undone (so outputs match a run
/// without `--time`), then `repeat` times, and reports the median.
pub fn run_all(
    device: &Device,
    artifacts: &[KernelArtifact],
    launches: &[PreparedLaunch],
    buffers: &mut [PlanBuffer],
    time: bool,
) -> Result<Vec<LaunchRecord>, Failure> {
    let mut records = Vec::with_capacity(launches.len());
    for l in launches {
        let artifact = artifacts
            .get(l.artifact)
            .ok_or_else(|| Failure::backend(format!("internal: no artefact for {}", l.place)))?;
        if time {
            let snapshot = buffers
                .iter()
                .map(|b| b.buf.download())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| backend_failure(device, &artifact.name, &l.place, e))?;
            launch_once(device, artifact, l, buffers)?;
            for (b, bytes) in buffers.iter_mut().zip(snapshot) {
                b.buf
                    .upload(&bytes)
                    .map_err(|e| backend_failure(device, &artifact.name, &l.place, e))?;
            }
        }
        let mut times = Vec::with_capacity(l.repeat as usize);
        for _ in 0..l.repeat {
            times.push(launch_once(device, artifact, l, buffers)?);
        }
        let ms = if time {
            crate::bench::mean_median(&mut times).1
        } else {
            times.iter().sum::<f64>() / f64::from(l.repeat.max(1))
        };
        records.push(LaunchRecord {
            kernel: artifact.name.clone(),
            config: l.config,
            repeat: l.repeat,
            ms,
        });
    }
    Ok(records)
}

/// Writes `NAME.bin` for each output and `summary.json` into `out` (or
/// returns the summary only, when `out` is `None`).
pub fn write_outputs(
    device: &Device,
    records: &[LaunchRecord],
    buffers: &[PlanBuffer],
    outputs: &[usize],
    out: Option<&Path>,
) -> Result<String, Failure> {
    let io = |path: &Path, e: std::io::Error| {
        Failure::backend(format!("cannot write `{}`: {e}", path.display()))
    };
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let mut outs = serde_json::Map::new();
    for &i in outputs {
        let Some(b) = buffers.get(i) else { continue };
        let bytes = b.buf.download().map_err(|e| {
            Failure::backend(format!(
                "backend `{}` failed reading buffer `{}`: {e}",
                device.backend(),
                b.name
            ))
        })?;
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect();
        if let Some(dir) = out {
            let path = dir.join(format!("{}.bin", b.name));
            std::fs::write(&path, &bytes).map_err(|e| io(&path, e))?;
        }
        outs.insert(
            b.name.clone(),
            json!({"type": b.ty.short_name(), "len": b.len, "sha256": sha}),
        );
    }
    let dims = |d: cuda_rt::Dim3| json!([d.x, d.y, d.z]);
    let launches: Vec<_> = records
        .iter()
        .map(|r| {
            json!({
                "kernel": r.kernel,
                "grid": dims(r.config.grid),
                "block": dims(r.config.block),
                "ms": r.ms,
                "repeat": r.repeat,
            })
        })
        .collect();
    let summary = json!({
        "backend": device.backend().name(),
        "device": device.info().name,
        "launches": launches,
        "outputs": outs,
    });
    let text = serde_json::to_string_pretty(&summary)
        .map_err(|e| Failure::backend(format!("cannot write the summary: {e}")))?
        + "\n";
    if let Some(dir) = out {
        let path = dir.join("summary.json");
        std::fs::write(&path, &text).map_err(|e| io(&path, e))?;
    }
    Ok(text)
}
