//! The whole conformance corpus on the `wgpu` back end through the public
//! door, `cudawasm run PLAN --backend wgpu --out DIR`, compared with the
//! same plain-Rust references as `run_cpu.rs` (the shared driver
//! `cudawasm_tests::corpus_run`).
//!
//! A plan whose kernel the WGSL back end refuses with an "unsupported on
//! wgpu: …" diagnostic (`double`, 64-bit atomics, …) is listed, not failed:
//! refusing by name is the contract. A plan that runs and gives a wrong
//! result fails, unless it is a known failure below.
//!
//! Needs a WebGPU adapter (lavapipe will do). Without one the test prints
//! why and passes, unless `CUDAWASM_REQUIRE_WGPU` is set (CI): then it fails.

use cudawasm_tests::corpus_run::{cudawasm_binary, run_corpus};
use std::process::Command;

/// naga 30's WGSL writer ignores `EntryPoint::workgroup_size_overrides` and
/// writes `@workgroup_size(1, 1, 1)`: one thread per block runs. With the
/// attribute naming the `block_dim_*` overrides these plans pass (checked
/// by patching the text on lavapipe).
const WORKGROUP_SIZE: &str =
    "wgsl back end: `@workgroup_size(1, 1, 1)` written instead of the block_dim overrides";
/// naga 30's WGSL writer prints an override-sized workgroup array as
/// `array<dynamic_shared_bytes>` (no element type), which wgpu rejects.
const DYN_SHARED: &str =
    "wgsl back end: the dynamic shared array is written as `array<dynamic_shared_bytes>`";
/// Warp collectives (emulated through workgroup memory) give wrong values.
const WARP: &str = "wgsl back end: emulated warp collectives give wrong results";
/// `tanhf` on lavapipe is off by more than the plan's 4 ULP for 8 inputs.
const WGSL_TANH: &str = "wgsl back end: `tanhf` beyond 4 ULP on lavapipe (8 of 512)";

/// Plans that run on wgpu but do not match their reference yet, with the
/// reason. One that starts passing fails the test (remove its entry).
const KNOWN_FAILURES: &[(&str, &str)] = &[
    ("bfs_rodinia", WORKGROUP_SIZE),
    ("bitonic_sort", WORKGROUP_SIZE),
    ("enums_switch", WGSL_TANH),
    ("gaussian_fan", WORKGROUP_SIZE),
    ("gemm_naive", WORKGROUP_SIZE),
    ("half_arith_coalesced", WARP),
    ("half_kernels", WORKGROUP_SIZE),
    ("histogram64_umul24", WORKGROUP_SIZE),
    ("histogram_global_atomics", WORKGROUP_SIZE),
    ("include_header", WORKGROUP_SIZE),
    ("jacobi_2d", WORKGROUP_SIZE),
    (
        "lud_diagonal",
        "wgsl back end: 64 of 1024 `m` values differ from index 768 (not yet diagnosed)",
    ),
    ("macros_ifdef", WORKGROUP_SIZE),
    ("mandelbrot", WORKGROUP_SIZE),
    ("matmul_host_class", WORKGROUP_SIZE),
    ("median_filter", WORKGROUP_SIZE),
    ("namespaces_constexpr", WORKGROUP_SIZE),
    ("nbody_float4", DYN_SHARED),
    ("needle_nw", WORKGROUP_SIZE),
    ("pathfinder", WORKGROUP_SIZE),
    ("polybench_2mm", WORKGROUP_SIZE),
    ("polybench_atax", WORKGROUP_SIZE),
    ("polybench_bicg", WORKGROUP_SIZE),
    ("polybench_syrk", WORKGROUP_SIZE),
    ("reduce_shared_tree", WORKGROUP_SIZE),
    ("reduce_warp_shuffle", WARP),
    ("scan_blelloch", DYN_SHARED),
    ("scan_hillis_steele", DYN_SHARED),
    ("sgemm_tiled", WORKGROUP_SIZE),
    ("spmv_csr", WORKGROUP_SIZE),
    ("stencil_3d_7pt_shared", WORKGROUP_SIZE),
    ("struct_by_value", WORKGROUP_SIZE),
    ("template_static_recursion", WORKGROUP_SIZE),
    ("transpose", WORKGROUP_SIZE),
    ("vector_add_host", WORKGROUP_SIZE),
    ("vector_loads", WORKGROUP_SIZE),
    ("warp_aggregation", WARP),
];

/// The wgpu adapters `cudawasm devices` lists.
fn wgpu_devices(bin: &std::path::Path) -> Result<Vec<String>, String> {
    let out = Command::new(bin)
        .arg("devices")
        .output()
        .map_err(|e| format!("cannot run {} devices: {e}", bin.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .filter(|l| l.starts_with("wgpu: "))
        .map(str::to_string)
        .collect())
}

/// Runs every plan on the wgpu back end and compares with the references.
#[test]
fn conformance_plans_match_references_on_wgpu() {
    let bin = match cudawasm_binary() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let adapters = match wgpu_devices(&bin) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    if adapters.is_empty() {
        let why = "`cudawasm devices` lists no wgpu adapter (install a Vulkan driver, e.g. \
                   Mesa's lavapipe: `apt-get install mesa-vulkan-drivers libvulkan1`)";
        if std::env::var_os("CUDAWASM_REQUIRE_WGPU").is_some() {
            panic!("CUDAWASM_REQUIRE_WGPU is set but {why}");
        }
        eprintln!("skipping: {why}");
        return;
    }
    eprintln!("wgpu adapters: {}", adapters.join("; "));
    run_corpus(&bin, "wgpu", true).print_and_check(KNOWN_FAILURES);
}
