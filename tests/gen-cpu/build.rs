//! Compiles every kernel that a conformance plan launches to Rust with
//! `cuda_compiler::back::cpu::emit_rust`, into `$OUT_DIR/gen.rs`: one module
//! per (plan, kernel) and a table the test looks them up in. A kernel the
//! printer refuses is recorded with its diagnostic (the test reports it).

#[path = "src/plans.rs"]
#[allow(dead_code)]
mod plans;

use cuda_compiler::back::cpu::{emit_rust, RustOptions};
use cuda_compiler::back::SourceInfo;
use cuda_compiler::Options;
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let plans_dir = manifest.join("../conformance/plans");
    println!("cargo:rerun-if-changed={}", plans_dir.display());
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("../conformance").display()
    );
    let mut modules = String::new();
    let mut table = String::new();
    let mut n = 0usize;
    for plan in plans::plan_files(&plans_dir) {
        let stem = plan
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pc = match plans::plan_compile(&plan) {
            Ok(pc) => pc,
            Err(e) => {
                let _ = writeln!(table, "    ({stem:?}, \"\", Err({e:?})),");
                continue;
            }
        };
        let opts = Options {
            include_dirs: pc.include_dirs.clone(),
            defines: pc.defines.clone(),
            undefines: Vec::new(),
            instances: pc
                .kernels
                .iter()
                .filter(|k| k.contains('<'))
                .cloned()
                .collect(),
        };
        let checked = cuda_compiler::check_file(&pc.source, &opts);
        for kernel in &pc.kernels {
            let result = match &checked.module {
                Some(m) => emit_rust(m, kernel, &RustOptions::default(), SourceInfo::of(&checked))
                    .map_err(|d| cuda_compiler::diag::render(&d, &checked.files)),
                None => Err("the translation unit has errors".to_string()),
            };
            match result {
                Ok(code) => {
                    let _ = writeln!(modules, "mod k{n} {{\n{code}\n}}\n");
                    let _ = writeln!(
                        table,
                        "    ({stem:?}, {kernel:?}, Ok(k{n}::kernel as fn() -> Kernel)),"
                    );
                    n += 1;
                }
                Err(e) => {
                    let _ = writeln!(table, "    ({stem:?}, {kernel:?}, Err({e:?})),");
                }
            }
        }
    }
    let out = format!(
        "{modules}\n/// (plan, kernel, constructor or why there is none).\n\
         pub static GENERATED: &[Entry] = &[\n{table}];\n"
    );
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("gen.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
