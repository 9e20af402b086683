//! `cudawasm run` on good plans: outputs compared with references computed
//! here in plain Rust, `summary.json` checked, and the flags (`--time`,
//! `--define`, no `--out`) exercised.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KERNELS: &str = r#"struct Pair { float a; int b; };
__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
__global__ void addpair(Pair p, float4* v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) { v[i].x += p.a; v[i].w += (float)p.b; }
}
#ifndef SCALE
#define SCALE 2
#endif
template <typename T> __global__ void scale(T* x) { x[threadIdx.x] *= (T)SCALE; }
"#;

/// The SplitMix64 of RUN-PLAN.md, written again here as the reference.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / 9_007_199_254_740_992.0
    }
}

fn setup(test: &str, plan: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cudawasm-plan-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("k.cu"), KERNELS).expect("write k.cu");
    std::fs::write(dir.join("plan.toml"), plan).expect("write plan");
    dir
}

fn run(dir: &Path, extra: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .current_dir(dir)
        .env_remove("CUDA_RT_BACKEND")
        .args(["run", "plan.toml", "--backend", "cpu"])
        .args(extra)
        .output()
        .expect("the cudawasm binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn summary(dir: &Path) -> Value {
    serde_json::from_slice(&read(dir.join("out/summary.json"))).expect("summary.json is JSON")
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

const SAXPY_PLAN: &str = r#"source = "k.cu"

[[buffer]]
name = "x"
type = "f32"
len = 1000
init = { random = { seed = 7, min = -1.0, max = 1.0 } }

[[buffer]]
name = "y"
type = "f32"
len = 1000
init = { iota = { start = 0, step = 0.5 } }

[[launch]]
kernel = "saxpy"
grid = [4]
block = [256, 1, 1]
args = [1000, 2.5, "@x", "@y"]
repeat = 3

[output]
buffers = ["y", "x"]
"#;

fn saxpy_reference() -> (Vec<f32>, Vec<f32>) {
    let mut rng = Rng(7);
    let x: Vec<f32> = (0..1000)
        .map(|_| (-1.0 + 2.0 * rng.unit()) as f32)
        .collect();
    let mut y: Vec<f32> = (0..1000).map(|i| (f64::from(i) * 0.5) as f32).collect();
    for _ in 0..3 {
        for (yi, xi) in y.iter_mut().zip(&x) {
            *yi = 2.5f32.mul_add(*xi, *yi);
        }
    }
    (x, y)
}

#[test]
fn saxpy_matches_the_reference_and_summary() {
    let dir = setup("saxpy", SAXPY_PLAN);
    run(&dir, &["--out", "out"]);
    let (x, y) = saxpy_reference();
    let got_y = f32s(&read(dir.join("out/y.bin")));
    let got_x = f32s(&read(dir.join("out/x.bin")));
    assert_eq!(got_x, x);
    // CUDA contracts `a * x + y` to an fma; accept either rounding.
    for (i, (g, r)) in got_y.iter().zip(&y).enumerate() {
        assert!(
            (g - r).abs() <= 1e-5 * r.abs().max(1.0),
            "y[{i}]: {g} vs {r}"
        );
    }
    let s = summary(&dir);
    assert_eq!(s["backend"], "cpu");
    assert!(s["device"].as_str().is_some_and(|d| !d.is_empty()));
    let launch = &s["launches"][0];
    assert_eq!(launch["kernel"], "saxpy");
    assert_eq!(launch["grid"], serde_json::json!([4, 1, 1]));
    assert_eq!(launch["block"], serde_json::json!([256, 1, 1]));
    assert!(launch["ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    let y_bytes = read(dir.join("out/y.bin"));
    let sha: String = Sha256::digest(&y_bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        s["outputs"]["y"],
        serde_json::json!({"type": "f32", "len": 1000, "sha256": sha})
    );
}

#[test]
fn timing_reports_a_median_and_leaves_outputs_unchanged() {
    let dir = setup("time", SAXPY_PLAN);
    run(&dir, &["--out", "out"]);
    let plain = read(dir.join("out/y.bin"));
    run(&dir, &["--out", "timed", "--time"]);
    assert_eq!(read(dir.join("timed/y.bin")), plain);
    let s: Value = serde_json::from_slice(&read(dir.join("timed/summary.json"))).expect("json");
    assert!(s["launches"][0]["ms"].as_f64().is_some());
}

#[test]
fn without_out_the_summary_goes_to_stdout() {
    let dir = setup("stdout", SAXPY_PLAN);
    let out = run(&dir, &[]);
    let s: Value = serde_json::from_slice(&out.stdout).expect("stdout is the summary");
    assert_eq!(s["outputs"]["x"]["len"], 1000);
    assert!(!dir.join("out").exists());
}

#[test]
fn every_init_kind_gives_the_specified_bytes() {
    std::fs::create_dir_all(std::env::temp_dir()).expect("tmp");
    let plan = r#"source = "k.cu"
[[buffer]]
name = "h"
type = "f16"
len = 5
init = { random = { seed = 1, min = -2, max = 2 } }
[[buffer]]
name = "b"
type = "i8"
len = 6
init = { random = { seed = 99, min = -3, max = 3 } }
[[buffer]]
name = "u"
type = "u64"
len = 3
init = { iota = { start = 10, step = -2 } }
[[buffer]]
name = "d"
type = "f64"
len = 3
init = { values = [1, -2.5, 1e300] }
[[buffer]]
name = "s"
type = "u16"
len = 2
init = { fill = 65535 }
[[buffer]]
name = "f"
type = "i32"
len = 2
init = { file = "f.bin" }
[[buffer]]
name = "z"
type = "f32"
len = 2
[output]
buffers = ["h", "b", "u", "d", "s", "f", "z"]
"#;
    let dir = setup("inits", plan);
    std::fs::write(dir.join("f.bin"), [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]).expect("f.bin");
    run(&dir, &["--out", "out"]);
    let mut rng = Rng(1);
    let h: Vec<u8> = (0..5)
        .flat_map(|_| half::f16::from_f64(-2.0 + 4.0 * rng.unit()).to_le_bytes())
        .collect();
    assert_eq!(read(dir.join("out/h.bin")), h);
    let mut rng = Rng(99);
    let b: Vec<u8> = (0..6)
        .map(|_| (-3 + (i128::from(rng.next()) % 7)) as i8 as u8)
        .collect();
    assert_eq!(read(dir.join("out/b.bin")), b);
    let u: Vec<u8> = [10u64, 8, 6].iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(read(dir.join("out/u.bin")), u);
    let d: Vec<u8> = [1.0f64, -2.5, 1e300]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(read(dir.join("out/d.bin")), d);
    assert_eq!(read(dir.join("out/s.bin")), vec![0xff; 4]);
    assert_eq!(
        read(dir.join("out/f.bin")),
        vec![1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]
    );
    assert_eq!(read(dir.join("out/z.bin")), vec![0; 8]);
    let s = summary(&dir);
    assert_eq!(s["launches"], serde_json::json!([]));
    assert_eq!(s["outputs"]["h"]["type"], "f16");
    assert_eq!(s["outputs"]["u"]["len"], 3);
}

#[test]
fn structs_vectors_offsets_templates_and_defines() {
    let plan = r#"source = "k.cu"
[[buffer]]
name = "v"
type = "f32"
len = 16
init = { fill = 1.0 }
[[buffer]]
name = "t"
type = "f32"
len = 4
init = { values = [1, 2, 3, 4] }
[[launch]]
kernel = "addpair"
grid = 1
block = [8]
args = [{ fields = [0.5, 7] }, "@v+4", 2]
[[launch]]
kernel = "scale< float >"
grid = [1]
block = [2]
args = ["@t+2"]
[output]
buffers = ["v", "t"]
"#;
    let dir = setup("structs", plan);
    run(&dir, &["--out", "out"]);
    let v = f32s(&read(dir.join("out/v.bin")));
    let mut want = vec![1.0f32; 16];
    for i in [4, 8] {
        want[i] += 0.5;
        want[i + 3] += 7.0;
    }
    assert_eq!(v, want);
    assert_eq!(f32s(&read(dir.join("out/t.bin"))), vec![1.0, 2.0, 6.0, 8.0]);
    assert_eq!(summary(&dir)["launches"][1]["kernel"], "scale<float>");
    run(&dir, &["--out", "out3", "--define", "SCALE=3"]);
    assert_eq!(
        f32s(&read(dir.join("out3/t.bin"))),
        vec![1.0, 2.0, 9.0, 12.0]
    );
}

#[test]
fn devices_lists_the_cpu() {
    let out = Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .arg("devices")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    // Devices come best first (CUDA, wgpu adapters), the CPU always last.
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("cpu: "), "{text}");
    assert!(last.contains(" threads"), "{text}");
}
