//! Integration tests of the `cudawasm` binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn cudawasm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .args(args)
        .output()
        .expect("the cudawasm binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a source file into a fresh temporary folder and returns its path.
fn source(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cudawasm-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write source");
    path
}

const SAXPY: &str = "__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
";

/// The front end is written in parallel with this CLI; tests that need it
/// to compile real kernels wait for it instead of failing.
fn front_end_ready() -> bool {
    let path = source("ready.cu", SAXPY);
    let out = cudawasm(&["check", path.to_str().expect("utf-8 path")]);
    let ready = !stderr(&out).contains("(in progress)");
    if !ready {
        eprintln!("skipped: the front end is not merged yet");
    }
    ready
}

#[test]
fn unbuilt_subcommands_exit_2() {
    let out = cudawasm(&["bench"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unsupported: `cudawasm bench` without `--frontend FILE` (not built yet)\n"
    );
}

#[test]
fn emit_targets_print_each_kernel() {
    let path = source("emit.cu", SAXPY);
    let file = path.to_str().expect("utf-8");
    for (target, marker) in [
        ("wgsl", "@compute"),
        ("ptx", ".entry"),
        ("rust", "pub fn kernel()"),
    ] {
        let out = cudawasm(&["transpile", file, "--emit", target]);
        assert_eq!(out.status.code(), Some(0), "{target}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with("// kernel `"), "{target}: {text}");
        assert!(text.contains(marker), "{target}: no `{marker}` in\n{text}");
    }
    let out = cudawasm(&["transpile", file, "--emit", "ptx", "--kernel", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: no kernel named `nope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_file_and_bad_arguments_exit_2() {
    let out = cudawasm(&["check", "/definitely/not/here.cu"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot read `/definitely/not/here.cu`: "));
    let out = cudawasm(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cudawasm(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn source_errors_exit_1_with_rendered_diagnostics() {
    let path = source("bad.cu", "__global__ void k(float* x) {\n  x[0] = y;\n}\n");
    let out = cudawasm(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    let json = cudawasm(&["check", "--json", path.to_str().expect("utf-8")]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("valid JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"][0]["severity"], "error");
}

#[test]
fn check_lists_kernels() {
    if !front_end_ready() {
        return;
    }
    let path = source("saxpy.cu", SAXPY);
    let p = path.to_str().expect("utf-8");
    let out = cudawasm(&["check", p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{p}: 1 kernel, 0 templates not instantiated

kernel saxpy
  signature:     __global__ void saxpy(int n, float a, const float *x, float *y)
  shared memory: 0 bytes static
  launch bounds: none
  features:      none
"
        )
    );
    let out = cudawasm(&["check", "--json", p]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(v["kernels"][0]["name"], "saxpy");
    assert_eq!(
        v["kernels"][0]["params"][2]["ir_type"],
        "ptr<global, const f32>"
    );
    assert_eq!(v["kernels"][0]["shared_memory"]["static_bytes"], 0);
}

#[test]
fn check_reports_features_shared_memory_and_barrier_warnings() {
    if !front_end_ready() {
        return;
    }
    let path = source(
        "reduce.cu",
        "#define BLOCK 256
__global__ void __launch_bounds__(BLOCK) reduce(const double* in, double* out, int n) {
  __shared__ double s[BLOCK];
  unsigned t = threadIdx.x;
  if (t >= n) return;
  s[t] = in[t];
  __syncthreads();
  if (t == 0) atomicAdd(out, s[0]);
}
",
    );
    let p = path.to_str().expect("utf-8");
    let out = cudawasm(&["check", "-DUNUSED=1", p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  shared memory: 2048 bytes static\n"),
        "{text}"
    );
    assert!(text.contains("  launch bounds: 256 threads\n"), "{text}");
    assert!(
        text.contains("  features:      f64, atomics, float_atomics, atomics_64, block_barrier\n"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "warning: `__syncthreads()` may be reached by only some threads of the block\n"
        ),
        "{err}"
    );
    assert!(err.contains(":7:3\n"), "{err}");
}

#[test]
fn transpile_prints_ir_and_preprocessed_text() {
    if !front_end_ready() {
        return;
    }
    let path = source(
        "pp.cu",
        "#define N 4\n__global__ void k(int* x) { x[0] = N; }\n",
    );
    let p = path.to_str().expect("utf-8");
    let out = cudawasm(&["transpile", p, "--emit", "pp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("x[0] = 4;"), "{}", stdout(&out));
    let out = cudawasm(&["transpile", p, "--emit", "ir"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ir = stdout(&out);
    assert!(ir.starts_with("kernel k(int *x) = fn#0\n"), "{ir}");
    assert!(
        ir.contains("store(ptroffset(load(&local.x), 0i32), 4i32)"),
        "{ir}"
    );
}
