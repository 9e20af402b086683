//! `cudawasm run --ptx FILE`: run a plan's kernels from a PTX module
//! compiled elsewhere (nvcc's `-ptx` output), to compare the same plan
//! with our PTX and with nvcc's. Each kernel's `.entry` is found by the
//! entry name our PTX back end gives it (nvcc's Itanium mangling), else by
//! demangling the file's entries and matching the kernel's name and
//! template arguments, else by an unmangled (`extern "C"`) name.

use super::demangle;
use super::Failure;
use cuda_rt::{KernelArtifact, PtxKernel};
use std::path::Path;

/// The `.target` a PTX text names (`sm_90`), or `unknown`.
fn target_of(text: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(".target"))
        .map(|t| t.split(',').next().unwrap_or("").trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The entry of `entries` that is `artifact`'s kernel.
fn find_entry(
    artifact: &KernelArtifact,
    entries: &[String],
    file: &Path,
) -> Result<String, Failure> {
    if let Some(ours) = &artifact.ptx {
        if entries.contains(&ours.entry_point) {
            return Ok(ours.entry_point.clone());
        }
    }
    let wanted = demangle::normalize(&artifact.name);
    let matches: Vec<&String> = entries
        .iter()
        .filter(|e| {
            demangle::kernel_name(e).is_some_and(|name| demangle::normalize(&name) == wanted)
        })
        .collect();
    match matches.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => {}
        several => {
            let names: Vec<&str> = several.iter().map(|s| s.as_str()).collect();
            return Err(Failure::plan(format!(
                "--ptx {}: kernel `{}` matches several entries ({}); overloads are not told apart",
                file.display(),
                artifact.name,
                names.join(", ")
            )));
        }
    }
    if entries.contains(&artifact.name) {
        return Ok(artifact.name.clone());
    }
    let listed: Vec<String> = entries
        .iter()
        .map(|e| match demangle::kernel_name(e) {
            Some(d) => format!("{e} ({d})"),
            None => e.clone(),
        })
        .collect();
    Err(Failure::plan(format!(
        "--ptx {}: no entry for kernel `{}`; the file's entries: {} (a template kernel must be \
         instantiated in the compiled source, e.g. by taking its address in host code)",
        file.display(),
        artifact.name,
        if listed.is_empty() {
            "none".to_string()
        } else {
            listed.join(", ")
        }
    )))
}

/// Replaces each artefact's PTX with the entry of `path` that is its
/// kernel.
pub fn use_ptx_file(path: &Path, artifacts: &mut [KernelArtifact]) -> Result<(), Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::plan(format!("--ptx {}: cannot read it: {e}", path.display())))?;
    let entries = cuda_rt::ptx_entry_names(&text);
    let target = target_of(&text);
    for artifact in artifacts {
        let entry_point = find_entry(artifact, &entries, path)?;
        artifact.ptx = Some(PtxKernel {
            source: text.clone(),
            entry_point,
            target: target.clone(),
        });
    }
    Ok(())
}
