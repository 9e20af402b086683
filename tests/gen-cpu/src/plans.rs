//! What the build script and the test both read from a run plan: the CUDA
//! source, compile options (includes, defines, template instances) and the
//! kernels it launches. (Shared by `build.rs` through `#[path]`.)

use std::path::{Path, PathBuf};

/// A plan's compile inputs.
pub struct PlanCompile {
    /// The CUDA source file.
    pub source: PathBuf,
    /// `-I` folders.
    pub include_dirs: Vec<PathBuf>,
    /// `-D` macros.
    pub defines: Vec<(String, Option<String>)>,
    /// Kernels launched, in first-launch order, without repeats.
    pub kernels: Vec<String>,
}

/// Reads the compile inputs of plan `path`.
pub fn plan_compile(path: &Path) -> Result<PlanCompile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let source = v
        .get("source")
        .and_then(|s| s.as_str())
        .ok_or_else(|| format!("{}: no `source`", path.display()))?;
    let include_dirs = v
        .get("include")
        .and_then(|i| i.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|s| dir.join(s))
                .collect()
        })
        .unwrap_or_default();
    let defines = v
        .get("defines")
        .and_then(|d| d.as_table())
        .map(|t| {
            t.iter()
                .map(|(k, v)| {
                    let text = match v {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(f) => format!("{f:?}"),
                        toml::Value::Boolean(b) => u8::from(*b).to_string(),
                        other => other.to_string(),
                    };
                    (k.clone(), Some(text))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut kernels: Vec<String> = Vec::new();
    for l in v
        .get("launch")
        .and_then(|l| l.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(k) = l.get("kernel").and_then(|k| k.as_str()) {
            if !kernels.iter().any(|x| x == k) {
                kernels.push(k.to_string());
            }
        }
    }
    Ok(PlanCompile {
        source: dir.join(source),
        include_dirs,
        defines,
        kernels,
    })
}

/// Every plan file of the conformance corpus, sorted.
pub fn plan_files(plans_dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(plans_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
