//! `cudawasm run` on bad plans and inputs: each case asserts the exit
//! status (1: the plan or source is wrong; 2: the backend failed) and the
//! exact message, which names the plan file, line and field.

use std::path::PathBuf;
use std::process::{Command, Output};

const KERNELS: &str = r#"struct Pair { float a; int b; };
__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
__global__ void small(unsigned char n, Pair p, float4* v, double* d) { }
__global__ void __launch_bounds__(128) bounded(float* x) { }
__global__ void oob(float* x, int n) { x[n] = 1.0f; }
template <typename T> __global__ void scale(T* x, T s) { x[threadIdx.x] *= s; }
struct Padded { double d; int i; };
__global__ void padded(Pair* q, Padded* p) { }
"#;

/// A good plan; each case changes one thing. Line numbers matter.
const BASE: &str = r#"source = "k.cu"

[[buffer]]
name = "x"
type = "f32"
len = 64
init = { iota = { start = 0, step = 1 } }

[[buffer]]
name = "y"
type = "f32"
len = 64

[[buffer]]
name = "d"
type = "f64"
len = 8

[[launch]]
kernel = "saxpy"
grid = [1]
block = [64]
args = [64, 2.0, "@x", "@y"]

[output]
buffers = ["y"]
"#;

const SAXPY_ARGS: &str = r#"args = [64, 2.0, "@x", "@y"]"#;

/// A fresh folder with `k.cu` and `plan.toml` (BASE with `edits`).
fn setup(test: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cudawasm-run-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("k.cu"), KERNELS).expect("write k.cu");
    let mut plan = BASE.to_string();
    for (from, to) in edits {
        assert!(plan.contains(from), "BASE has no `{from}`");
        plan = plan.replacen(from, to, 1);
    }
    std::fs::write(dir.join("plan.toml"), plan).expect("write plan");
    dir
}

fn run_in(dir: &PathBuf, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .current_dir(dir)
        .env_remove("CUDA_RT_BACKEND")
        .args(["run", "plan.toml"])
        .args(extra)
        .output()
        .expect("the cudawasm binary runs")
}

/// Runs the plan and checks the exit status and the last line of stderr.
fn expect(test: &str, edits: &[(&str, &str)], extra: &[&str], code: i32, message: &str) {
    let dir = setup(test, edits);
    let out = run_in(&dir, extra);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    assert_eq!(last, message, "stderr was:\n{stderr}");
    assert_eq!(out.status.code(), Some(code), "stderr was:\n{stderr}");
}

macro_rules! case {
    ($name:ident, [$($from:expr => $to:expr),*], args $extra:expr, $code:expr, $msg:expr) => {
        #[test]
        fn $name() {
            expect(stringify!($name), &[$(($from, $to)),*], &$extra, $code, $msg);
        }
    };
    ($name:ident, [$($from:expr => $to:expr),*], $code:expr, $msg:expr) => {
        #[test]
        fn $name() {
            expect(stringify!($name), &[$(($from, $to)),*], &[], $code, $msg);
        }
    };
}

// --- the plan file itself -------------------------------------------------

case!(toml_syntax_error_names_the_line, ["len = 64\ninit" => "len = \ninit"], 1,
    "error: plan.toml:6: buffer[0].len: string values must be quoted, expected literal string");
case!(launch_field_of_wrong_type, ["grid = [1]" => "grid = [1]\nshared_bytes = \"lots\""], 1,
    "error: plan.toml:22: launch[0].shared_bytes: invalid type: string \"lots\", expected u32");
case!(unknown_field, ["len = 64\ninit" => "lenn = 64\ninit"], 1,
    "error: plan.toml:6: buffer[0]: unknown field `lenn`, expected one of `name`, `type`, `len`, `init`");
case!(missing_source, ["source = \"k.cu\"" => ""], 1,
    "error: plan.toml:1: missing field `source`");
case!(source_not_found, ["source = \"k.cu\"" => "source = \"nope.cu\""], 1,
    "error: plan.toml:1: source: cannot read `nope.cu`: no such file");
case!(include_not_found, ["source = \"k.cu\"" => "source = \"k.cu\"\ninclude = [\"inc/\"]"], 1,
    "error: plan.toml:2: include[0]: include folder `inc/` not found");
case!(define_of_wrong_kind, ["source = \"k.cu\"" => "source = \"k.cu\"\ndefines = { N = [1] }"], 1,
    "error: plan.toml:2: defines.N: a macro value must be a number, string or bool, found an array");
case!(negative_len, ["len = 64\ninit" => "len = -4\ninit"], 1,
    "error: plan.toml:6: buffer[0].len: invalid value: integer `-4`, expected u64");

// --- buffers and their contents -------------------------------------------

case!(unknown_buffer_type, ["type = \"f32\"\nlen = 64\ninit" => "type = \"f128\"\nlen = 64\ninit"], 1,
    "error: plan.toml:5: buffer[0].type: unknown type `f128`: expected one of f16, f32, f64, i8, u8, i16, u16, i32, u32, i64, u64");
case!(duplicate_buffer, ["name = \"d\"" => "name = \"x\""], 1,
    "error: plan.toml:15: buffer[2].name: buffer `x` is declared twice");
case!(bad_buffer_name, ["name = \"d\"" => "name = \"@d\""], 1,
    "error: plan.toml:15: buffer[2].name: `@d` is not a valid buffer name (letters, digits, `_`, `-`, `.`; not starting with a digit)");
case!(fill_value_does_not_fit, ["type = \"f64\"\nlen = 8" => "type = \"u8\"\nlen = 8\ninit = { fill = 300 }"], 1,
    "error: plan.toml:18: buffer[2].init.fill: value 300 does not fit buffer `d` of type `u8`");
case!(values_count_mismatch, ["type = \"f64\"\nlen = 8" => "type = \"f64\"\nlen = 8\ninit = { values = [1, 2, 3] }"], 1,
    "error: plan.toml:18: buffer[2].init.values: 3 values given but buffer `d` has len 8");
case!(values_not_numbers, ["type = \"f64\"\nlen = 8" => "type = \"f64\"\nlen = 2\ninit = { values = [1, \"two\"] }"], 1,
    "error: plan.toml:18: buffer[2].init.values[1]: buffer `d` of type `f64` takes a number, found \"two\"");
case!(iota_fraction_into_integers, ["type = \"f64\"\nlen = 8" => "type = \"i32\"\nlen = 8\ninit = { iota = { step = 0.5 } }"], 1,
    "error: plan.toml:18: buffer[2].init.iota.step: buffer `d` of type `i32` takes integers, found 0.5");
case!(random_min_above_max, ["type = \"f64\"\nlen = 8" => "type = \"i16\"\nlen = 8\ninit = { random = { seed = 1, min = 5, max = 4 } }"], 1,
    "error: plan.toml:18: buffer[2].init.random: `min` (5) must not be larger than `max` (4)");
case!(random_bound_does_not_fit, ["type = \"f64\"\nlen = 8" => "type = \"u8\"\nlen = 8\ninit = { random = { min = 0, max = 256 } }"], 1,
    "error: plan.toml:18: buffer[2].init.random.max: value 256 does not fit buffer `d` of type `u8`");
case!(init_file_missing, ["type = \"f64\"\nlen = 8" => "type = \"f64\"\nlen = 8\ninit = { file = \"d.bin\" }"], 1,
    "error: plan.toml:18: buffer[2].init.file: cannot read `d.bin`: No such file or directory (os error 2)");
case!(unknown_init_kind, ["type = \"f64\"\nlen = 8" => "type = \"f64\"\nlen = 8\ninit = { zeros = true }"], 1,
    "error: plan.toml:18: buffer[2].init: unknown variant `zeros`, expected one of `random`, `fill`, `iota`, `values`, `file`");

#[test]
fn init_file_of_wrong_size() {
    let dir = setup(
        "init_file_of_wrong_size",
        &[(
            "type = \"f64\"\nlen = 8",
            "type = \"f64\"\nlen = 8\ninit = { file = \"d.bin\" }",
        )],
    );
    std::fs::write(dir.join("d.bin"), [0u8; 60]).expect("write d.bin");
    let out = run_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: plan.toml:18: buffer[2].init.file: `d.bin` has 60 bytes but buffer `d` needs 64 (8 × f64)\n"
    );
}

// --- launches ------------------------------------------------------------

case!(unknown_kernel, ["kernel = \"saxpy\"" => "kernel = \"saxpyy\""], 1,
    "error: plan.toml:20: launch[0].kernel: unknown kernel `saxpyy` (the source defines `saxpy`, `small`, `bounded`, `oob`, `padded`)");
case!(wrong_argument_count, [SAXPY_ARGS => "args = [64, 2.0, \"@x\"]"], 1,
    "error: plan.toml:20: launch[0].args: kernel `saxpy` takes 4 arguments (int n, float a, const float * x, float * y), 3 given");
case!(value_does_not_fit_parameter, ["kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [300, { fields = [1.0, 2] }, \"@x\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[0]: value 300 does not fit parameter `n` of type `unsigned char`");
case!(fraction_for_integer_parameter, [SAXPY_ARGS => "args = [6.5, 2.0, \"@x\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[0]: parameter `n` of type `int` takes an integer, found 6.5");
case!(buffer_for_scalar_parameter, [SAXPY_ARGS => "args = [64, \"@x\", \"@x\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[1]: parameter `a` of type `float` takes a number, found buffer `@x`");
case!(number_for_pointer_parameter, [SAXPY_ARGS => "args = [64, 2.0, 7, \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: parameter `x` of type `const float *` takes a buffer (\"@name\" or \"@name+OFFSET\"), found 7");
case!(missing_buffer, [SAXPY_ARGS => "args = [64, 2.0, \"@z\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: no buffer named `z` (buffers: `x`, `y`, `d`)");
case!(buffer_of_wrong_type, [SAXPY_ARGS => "args = [64, 2.0, \"@d\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: buffer `d` of type `f64` does not match parameter `x` of type `const float *`");
case!(vector_view_needs_multiple_len, ["len = 64\n\n[[buffer]]\nname = \"d\"" => "len = 63\n\n[[buffer]]\nname = \"d\"", "kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [3, { fields = [1.0, 2] }, \"@y\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: buffer `y` of len 63 cannot be viewed as `float4` for parameter `v` of type `float4 *` (len must be a multiple of 4)");
case!(offset_past_end, [SAXPY_ARGS => "args = [64, 2.0, \"@x+65\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: offset 65 is past the end of buffer `x` (len 64)");
case!(malformed_buffer_reference, [SAXPY_ARGS => "args = [64, 2.0, \"@x+four\", \"@y\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: parameter `x` of type `const float *` takes a buffer: expected \"@name\" or \"@name+OFFSET\", found \"@x+four\"");
case!(vector_offset_not_whole, ["kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [3, { fields = [1.0, 2] }, \"@y+2\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[2]: offset 2 into buffer `y` is not a whole number of `float4` for parameter `v` of type `float4 *` (use a multiple of 4)");
case!(struct_field_count, ["kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [3, { fields = [1.0] }, \"@y\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[1]: struct `Pair` has 2 fields (a, b), 1 given");
case!(struct_field_does_not_fit, ["kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [3, { fields = [1.0, 2.5] }, \"@y\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[1].fields[1]: a field of type `int` takes an integer, found 2.5");
case!(struct_needs_fields_table, ["kernel = \"saxpy\"" => "kernel = \"small\"", SAXPY_ARGS => "args = [3, 1.0, \"@y\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[1]: struct `Pair` takes { fields = [..] } in declaration order, found 1.0");
case!(struct_with_padding_matches_no_buffer, ["kernel = \"saxpy\"" => "kernel = \"padded\"", SAXPY_ARGS => "args = [\"@x\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[1]: parameter `p` of type `Padded *` points to `Padded`, whose fields differ in size or leave padding, so only a `u8` buffer (a byte view) matches it");
case!(mixed_struct_needs_same_size_elements, ["kernel = \"saxpy\"" => "kernel = \"padded\"", SAXPY_ARGS => "args = [\"@d\", \"@d\"]"], 1,
    "error: plan.toml:23: launch[0].args[0]: buffer `d` of type `f64` does not match parameter `q` of type `Pair *`");
case!(grid_with_four_numbers, ["grid = [1]" => "grid = [1, 1, 1, 1]"], 1,
    "error: plan.toml:21: launch[0].grid: expected 1 to 3 positive integers, found an array");
case!(zero_block, ["block = [64]" => "block = [0]"], 1,
    "error: plan.toml:22: launch[0].block: expected 1 to 3 positive integers, found an array");
case!(too_many_threads, ["block = [64]" => "block = [64, 32]"], 1,
    "error: plan.toml:22: launch[0].block: bad launch configuration for kernel `saxpy`: block (64, 32, 1) has 2048 threads; CUDA allows at most 1024 (and z ≤ 64)");
case!(launch_bounds_exceeded, ["kernel = \"saxpy\"" => "kernel = \"bounded\"", SAXPY_ARGS => "args = [\"@x\"]", "block = [64]" => "block = [256]"], 1,
    "error: plan.toml:22: launch[0].block: bad launch configuration for kernel `bounded`: block (256, 1, 1) has 256 threads but the kernel's `__launch_bounds__` allows 128");
case!(repeat_zero, [SAXPY_ARGS => "args = [64, 2.0, \"@x\", \"@y\"]\nrepeat = 0"], 1,
    "error: plan.toml:24: launch[0].repeat: must be at least 1");
case!(unknown_output, ["buffers = [\"y\"]" => "buffers = [\"y\", \"q\"]"], 1,
    "error: plan.toml:26: output.buffers[1]: no buffer named `q`");
case!(output_twice, ["buffers = [\"y\"]" => "buffers = [\"y\", \"y\"]"], 1,
    "error: plan.toml:26: output.buffers[1]: buffer `y` is listed twice");
case!(bad_define_flag, [], args ["--define", "=3"], 1,
    "error: --define `=3`: expected NAME=VALUE with NAME a C identifier");

#[test]
fn source_with_errors_names_the_plan_field() {
    let dir = setup("source_with_errors", &[]);
    std::fs::write(dir.join("k.cu"), "__global__ void f() { int x = ; }\n").expect("write");
    let out = run_in(&dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("k.cu:1:"), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some("error: plan.toml:1: source: `k.cu` has errors (see above)")
    );
}

#[test]
fn missing_plan_file() {
    let dir = setup("missing_plan_file", &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .current_dir(&dir)
        .args(["run", "nope.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot read plan `nope.toml`: No such file or directory (os error 2)\n"
    );
}

// --- backends ------------------------------------------------------------

/// Without the NVIDIA driver (CI), `--backend cuda` is an error naming the
/// missing driver; with one (a GPU machine) the plan runs.
#[test]
fn cuda_without_a_driver_is_an_error() {
    if cuda_rt::Device::new(cuda_rt::BackendKind::Cuda).is_ok() {
        return;
    }
    expect(
        "cuda_is_not_available",
        &[],
        &["--backend", "cuda"],
        2,
        "error: backend `cuda` is not available: no CUDA driver library found (libcuda.so.1 / libcuda.so / nvcuda.dll): install the NVIDIA driver on a machine with an NVIDIA GPU, or use `--backend wgpu` / `--backend cpu`",
    );
}
case!(unknown_backend, [], args ["--backend", "tpu"], 2,
    "error: unknown backend `tpu`: expected one of `auto`, `cpu`, `wgpu`, `cuda`");

#[test]
fn buffers_larger_than_the_device_exit_2() {
    let dir = setup(
        "huge",
        &[("len = 64\ninit", "len = 1000000000000000\ninit")],
    );
    let out = run_in(&dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "error: backend `cpu` cannot hold the plan's buffers: with `x` they need 4000000000000000 bytes but the device has "
        ),
        "{stderr}"
    );
}

case!(len_past_the_address_space, ["len = 64\ninit" => "len = 9000000000000000000\ninit"], 1,
    "error: plan.toml:6: buffer[0].len: len 9000000000000000000 is too large");

#[test]
fn backend_env_override_is_never_a_silent_fallback() {
    let dir = setup("backend_env", &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_cudawasm"))
        .current_dir(&dir)
        .env("CUDA_RT_BACKEND", "cuda")
        .args(["run", "plan.toml"])
        .output()
        .expect("runs");
    if cuda_rt::Device::new(cuda_rt::BackendKind::Cuda).is_ok() {
        return;
    }
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: backend `cuda` is not available: no CUDA driver library found"),
        "{stderr}"
    );
}

#[test]
fn out_of_bounds_kernel_exits_2_with_the_fault() {
    let dir = setup(
        "oob_kernel",
        &[
            ("kernel = \"saxpy\"", "kernel = \"oob\""),
            (SAXPY_ARGS, "args = [\"@x\", 64]"),
            ("block = [64]", "block = [1]"),
        ],
    );
    let out = run_in(&dir, &["--backend", "cpu"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: backend `cpu` failed running kernel `oob` (plan.toml:20, launch[0]): kernel `oob` \
         faulted in block (0, 0, 0) thread (0, 0, 0) at k.cu:8:40: out-of-bounds global access of \
         4 bytes at byte offset 256 (object is 256 bytes)\n"
    );
}

/// Hundreds of mangled plans (lines dropped, characters deleted or
/// replaced, values swapped): every one ends with status 0, 1 or 2 and an
/// `error:` line on failure, never a panic.
#[test]
fn mangled_plans_never_panic() {
    let dir = setup("mangled", &[]);
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let swaps = [
        "-1",
        "1e400",
        "\"@\"",
        "\"@x+\"",
        "{ fields = [] }",
        "[]",
        "[[1]]",
        "\"\"",
        "true",
        "nan",
        "{ random = {} }",
        "{ iota = { step = \"a\" } }",
        "18446744073709551615",
    ];
    for round in 0..300 {
        let mut plan: Vec<char> = BASE.chars().collect();
        for _ in 0..1 + next(3) {
            let at = next(plan.len());
            match next(3) {
                0 => {
                    plan.remove(at);
                }
                1 => plan[at] = ['[', ']', '{', '}', '"', '=', '@', '\n', '0', ','][next(10)],
                _ => {
                    let text: String = plan.iter().collect();
                    let eq: Vec<usize> = text.match_indices("= ").map(|(i, _)| i + 2).collect();
                    let start = eq[next(eq.len())];
                    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                    let swapped = format!(
                        "{}{}{}",
                        &text[..start],
                        swaps[next(swaps.len())],
                        &text[end..]
                    );
                    plan = swapped.chars().collect();
                }
            }
        }
        let text: String = plan.into_iter().collect();
        std::fs::write(dir.join("plan.toml"), &text).expect("write plan");
        let out = run_in(&dir, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked"),
            "round {round}: {text}\n{stderr}"
        );
        match out.status.code() {
            Some(0) => {}
            Some(1 | 2) => assert!(
                stderr.contains("error: "),
                "round {round}: {text}\n{stderr}"
            ),
            other => panic!("round {round}: exit {other:?}\n{text}\n{stderr}"),
        }
    }
}
