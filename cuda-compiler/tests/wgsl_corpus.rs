//! Every conformance kernel through the WGSL back end: either WGSL that
//! naga validates (and that naga's own WGSL front end parses and
//! validates again), or an "unsupported on wgpu: …" error. The outcome
//! per kernel is a reviewed snapshot.

use std::path::Path;

use cuda_compiler::back::wgsl::{compile, WgslOptions};
use cuda_compiler::back::SourceInfo;
use cuda_compiler::{check_file, Options};

fn revalidate(source: &str) -> Result<(), String> {
    let module = naga::front::wgsl::parse_str(source).map_err(|e| e.emit_to_string(source))?;
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::SHADER_FLOAT16_IN_FLOAT32,
    )
    .validate(&module)
    .map_err(|e| e.emit_to_string(source))?;
    Ok(())
}

#[test]
fn conformance_corpus_compiles_or_says_why() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "cu"));
    files.sort();
    let opts = Options {
        include_dirs: vec![root.join("include")],
        ..Options::default()
    };
    let mut report = String::new();
    let mut failures = Vec::new();
    let (mut ok, mut unsupported) = (0, 0);
    for path in &files {
        let checked = check_file(path, &opts);
        let Some(module) = checked.module.as_ref() else {
            continue;
        };
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        for k in &module.kernels {
            match compile(
                module,
                &k.name,
                &WgslOptions::default(),
                SourceInfo::of(&checked),
            ) {
                Ok(w) => match revalidate(&w.source) {
                    Ok(()) => {
                        ok += 1;
                        report.push_str(&format!("{file} {}: ok\n", k.name));
                    }
                    Err(e) => failures.push(format!("{file} {}: re-parse failed: {e}", k.name)),
                },
                Err(d) => {
                    let msg = d.first().map(|d| d.message.clone()).unwrap_or_default();
                    if msg.contains("internal error") {
                        failures.push(format!("{file} {}: {msg}", k.name));
                    } else {
                        unsupported += 1;
                        report.push_str(&format!("{file} {}: {msg}\n", k.name));
                    }
                }
            }
        }
    }
    report.push_str(&format!(
        "valid: {ok}, unsupported: {unsupported}, failures: {}\n",
        failures.len()
    ));
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} kernels failed", failures.len());
    insta::assert_snapshot!("wgsl_corpus_outcomes", report);
}

/// Emitted WGSL of representative kernels, reviewed as snapshots.
#[test]
fn representative_kernels_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let opts = Options {
        include_dirs: vec![root.join("include")],
        ..Options::default()
    };
    for (file, kernel) in [
        ("vector_add_host.cu", "vectorAdd"),
        ("reduce_shared_tree.cu", "reduce2"),
        ("transpose.cu", "transposeCoalesced"),
        ("struct_by_value.cu", "step_particles"),
        ("atomic_cas_loops.cu", "max_reduce_cas"),
        ("warp_aggregation.cu", "filter_ballot"),
        ("vector_loads.cu", "copy_vec4"),
        ("soa_struct_pointers.cu", "rows_scale"),
        ("scan_hillis_steele.cu", "scan_hillis_steele"),
        ("sgemm_tiled.cu", "sgemm_tiled"),
        ("functors_lambdas.cu", "transform_kernel<float, square_op>"),
        ("struct_by_value.cu", "kill_outside"),
    ] {
        let checked = check_file(&root.join(file), &opts);
        let module = checked
            .module
            .as_ref()
            .unwrap_or_else(|| panic!("{file} does not check"));
        let w = compile(
            module,
            kernel,
            &WgslOptions::default(),
            SourceInfo::of(&checked),
        )
        .unwrap_or_else(|d| panic!("{file} {kernel}: {:?}", d.first().map(|d| &d.message)));
        revalidate(&w.source).unwrap_or_else(|e| panic!("{file} {kernel}: {e}"));
        let name = format!("wgsl_{}", kernel.replace(['<', '>', ',', ' '], "_"));
        insta::assert_snapshot!(name, format!("{:#?}\n\n{}", AbiView(&w), w.source));
    }
}

/// The launch ABI without the source, for the snapshot header.
struct AbiView<'a>(&'a cuda_abi::WgslKernel);

impl std::fmt::Debug for AbiView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self.0;
        f.debug_struct("WgslKernel")
            .field("bindings", &w.bindings)
            .field("params_binding", &w.params_binding)
            .field("params_size", &w.params_size)
            .field("params", &w.params)
            .field("dynamic_shared_override", &w.dynamic_shared_override)
            .field("workgroup_bytes", &w.workgroup_bytes)
            .finish()
    }
}
