//! Every kernel of the conformance corpus through the PTX back end, and
//! every PTX it writes assembled by `ptxas` for sm_80 and sm_90.
//!
//! A kernel the back end refuses must be listed in [`EXPECTED_UNSUPPORTED`]
//! with the reason; one listed that starts compiling fails the test (so the
//! list shrinks as the back end grows). `ptxas` is `$CUDAWASM_PTXAS`; when it
//! is not set the test fails if `CUDAWASM_REQUIRE_PTXAS` is set and
//! otherwise still compiles every kernel, says why it skipped assembling,
//! and passes. `CUDAWASM_PTX_DUMP=DIR` writes every emitted PTX to DIR.

mod support;

use cuda_compiler::back::ptx::{compile, PtxOptions};
use cuda_compiler::back::SourceInfo;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{check_isolated, corpus_dir, corpus_files, directives, options_from_args};

/// Kernels the PTX back end refuses today: (file stem, kernel, why).
const EXPECTED_UNSUPPORTED: &[(&str, &str, &str)] = &[
    (
        "math_builtins",
        "stats_double",
        "cbrt and pow on double are not lowered yet (pow needs a double-double log to reach CUDA's 2 ulp)",
    ),
];

/// The targets every PTX is assembled for.
const TARGETS: [u32; 2] = [80, 90];

fn ptxas() -> Option<PathBuf> {
    std::env::var_os("CUDAWASM_PTXAS").map(PathBuf::from)
}

/// Assembles PTX text with ptxas for one target; the error text on failure.
fn assemble(ptxas: &Path, ptx: &str, sm: u32, dir: &Path, stem: &str) -> Result<(), String> {
    let file = dir.join(format!("{stem}.sm_{sm}.ptx"));
    std::fs::write(&file, ptx).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let out = Command::new(ptxas)
        .arg(format!("-arch=sm_{sm}"))
        .arg(&file)
        .arg("-o")
        .arg(dir.join(format!("{stem}.sm_{sm}.cubin")))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", ptxas.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let first: Vec<&str> = err.lines().take(4).collect();
        Err(first.join(" | "))
    }
}

#[test]
fn every_conformance_kernel_compiles_to_ptx_that_ptxas_accepts() {
    let ptxas = ptxas();
    if ptxas.is_none() {
        assert!(
            std::env::var_os("CUDAWASM_REQUIRE_PTXAS").is_none(),
            "CUDAWASM_REQUIRE_PTXAS is set but CUDAWASM_PTXAS is not: run scripts/test.sh, \
             or point CUDAWASM_PTXAS at ptxas (pip package nvidia-cuda-nvcc)"
        );
        eprintln!("ptx_assemble: CUDAWASM_PTXAS is not set; compiling only, not assembling");
    }
    let dump = std::env::var_os("CUDAWASM_PTX_DUMP").map(PathBuf::from);
    let work = std::env::temp_dir().join(format!("cudawasm-ptx-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&work);
    if let Some(d) = &dump {
        let _ = std::fs::create_dir_all(d);
    }
    let corpus = corpus_dir("conformance");
    let mut failures = Vec::new();
    let mut unsupported_seen = Vec::new();
    let (mut kernels, mut assembled) = (0, 0);
    for path in corpus_files(&corpus) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let checked = match options_from_args(&directives(&text, "ARGS"), &corpus)
            .and_then(|o| check_isolated(&path, &o))
        {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{stem}: front end: {e}"));
                continue;
            }
        };
        let Some(module) = checked.module.as_ref() else {
            failures.push(format!("{stem}: no module"));
            continue;
        };
        for (ki, k) in module.kernels.iter().enumerate() {
            kernels += 1;
            let expected = EXPECTED_UNSUPPORTED
                .iter()
                .find(|(f, n, _)| *f == stem && *n == k.name);
            for sm in TARGETS {
                let opts = PtxOptions {
                    sm,
                    fast_math: false,
                };
                match compile(module, &k.name, &opts, SourceInfo::of(&checked)) {
                    Ok(ptx) => {
                        if expected.is_some() {
                            failures.push(format!(
                                "{stem}: {} now compiles: remove it from EXPECTED_UNSUPPORTED",
                                k.name
                            ));
                            break;
                        }
                        let file_stem = format!("{stem}.{ki}");
                        if let Some(d) = &dump {
                            let _ = std::fs::write(
                                d.join(format!("{file_stem}.sm_{sm}.ptx")),
                                &ptx.source,
                            );
                        }
                        if let Some(p) = &ptxas {
                            match assemble(p, &ptx.source, sm, &work, &file_stem) {
                                Ok(()) => assembled += 1,
                                Err(e) => {
                                    failures.push(format!("{stem}: {} sm_{sm}: ptxas: {e}", k.name))
                                }
                            }
                        }
                    }
                    Err(diags) => {
                        let msg = cuda_compiler::diag::render(&diags, &checked.files);
                        let first = msg.lines().next().unwrap_or_default().to_string();
                        if expected.is_none() {
                            failures.push(format!("{stem}: {} sm_{sm}: {first}", k.name));
                        } else {
                            unsupported_seen.push(format!("{stem}: {}: {first}", k.name));
                        }
                        break;
                    }
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    eprintln!(
        "ptx_assemble: {kernels} kernels, {assembled} PTX modules assembled, {} expected unsupported",
        unsupported_seen.len()
    );
    assert!(
        failures.is_empty(),
        "{} problem(s):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
