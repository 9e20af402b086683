//! The `cudawasm` executable the corpus runs through, and one plan's run.
//!
//! The binary: `CUDAWASM_BIN` when set (a prebuilt `cudawasm`); otherwise
//! it is built once with `cargo build -p cudawasm` (same profile as the
//! test, through the `CARGO` that runs the tests) and its path is taken
//! from cargo's JSON messages, so it works with any target directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest time one plan may run before it counts as hung.
pub const PLAN_TIMEOUT: Duration = Duration::from_secs(180);

/// The workspace root (the parent of the tests crate).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Finds or builds the `cudawasm` binary.
pub fn cudawasm_binary() -> Result<PathBuf, String> {
    if let Ok(bin) = std::env::var("CUDAWASM_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args([
        "build",
        "-p",
        "cudawasm",
        "--bin",
        "cudawasm",
        "--message-format=json",
    ]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("`cargo build -p cudawasm` failed ({})", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "cudawasm")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built no `cudawasm` executable".into())
}

/// Why a run of `cudawasm run` did not succeed.
#[derive(Debug, Clone)]
pub struct RunFailure {
    /// Its exit status (-1 when killed or hung).
    pub code: i32,
    /// All of its standard error.
    pub stderr: String,
    /// A one-line summary for tables.
    pub summary: String,
}

impl RunFailure {
    /// The back end refused the kernel with an "unsupported …" diagnostic
    /// (exit status 2): an honest answer, not a wrong result. The line
    /// that says so, if it is that.
    pub fn unsupported_reason(&self) -> Option<&str> {
        if self.code != 2 {
            return None;
        }
        self.stderr
            .lines()
            .map(str::trim)
            .find(|l| l.contains("unsupported"))
    }
}

/// Runs `cudawasm run PLAN --backend BACKEND --out OUT`.
pub fn run_plan(bin: &Path, plan: &Path, backend: &str, out: &Path) -> Result<(), RunFailure> {
    let failed = |summary: String| RunFailure {
        code: -1,
        stderr: String::new(),
        summary,
    };
    let _ = std::fs::remove_dir_all(out);
    let mut child = Command::new(bin)
        .arg("run")
        .arg(plan)
        .args(["--backend", backend, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start {}: {e}", bin.display())))?;
    // Drain stderr while the plan runs, so a chatty run cannot block.
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > PLAN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "timed out after {}s",
                    PLAN_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(failed(format!("wait failed: {e}"))),
        }
    };
    let stderr = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let code = status.code().unwrap_or(-1);
    let first: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("XDG_RUNTIME_DIR"))
        .take(6)
        .collect();
    Err(RunFailure {
        code,
        summary: format!("exit {code}: {}", first.join(" | ")),
        stderr,
    })
}
