//! Prints the four benchmark kernels (`kernels/*.cu`) as Rust with the CPU
//! back end (`cuda_compiler::back::cpu::emit_rust`) into
//! `$OUT_DIR/generated.rs`, one module per workload, so the bench times the
//! kernels as rustc/LLVM compile them. A kernel the back end cannot print
//! gets a module whose `kernel()` returns the reason: the bench then says
//! "unavailable" instead of timing anything else.

use std::fmt::Write as _;
use std::path::PathBuf;

/// The workload table, shared with the library (one source of truth for
/// which kernel is in which file).
#[allow(dead_code)]
#[path = "src/workloads.rs"]
mod workloads;

use cuda_compiler::back::cpu::{emit_rust, RustOptions};
use cuda_compiler::back::SourceInfo;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/workloads.rs");
    let mut out = String::new();
    let mut by_name = String::new();
    for kind in workloads::Kind::ALL {
        let path = kind.kernel_file();
        println!("cargo:rerun-if-changed={}", path.display());
        let name = kind.name();
        let _ = writeln!(out, "/// `{}` of `kernels/{name}.cu`.", kind.kernel_name());
        let _ = writeln!(out, "pub mod {name} {{");
        match generate(kind) {
            Ok(code) => {
                let _ = writeln!(
                    out,
                    "    #[allow(missing_docs, unused, clippy::all, clippy::pedantic)]\n    \
                     mod code {{\n{code}\n    }}\n    \
                     /// The kernel, compiled by rustc.\n    \
                     pub fn kernel() -> Result<::std::sync::Arc<dyn ::cuda_cpu::CpuKernel>, &'static str> {{\n        \
                     Ok(code::kernel())\n    }}"
                );
            }
            Err(reason) => {
                println!("cargo:warning=generated Rust for {name} unavailable: {reason}");
                let _ = writeln!(
                    out,
                    "    /// Unavailable: the reason the CPU back end gave.\n    \
                     pub fn kernel() -> Result<::std::sync::Arc<dyn ::cuda_cpu::CpuKernel>, &'static str> {{\n        \
                     Err({reason:?})\n    }}"
                );
            }
        }
        let _ = writeln!(out, "}}\n");
        let _ = writeln!(by_name, "        {name:?} => {name}::kernel(),");
    }
    let _ = writeln!(
        out,
        "/// The generated kernel of a workload by its name.\n\
         pub fn kernel(name: &str) -> Result<::std::sync::Arc<dyn ::cuda_cpu::CpuKernel>, &'static str> {{\n    \
         match name {{\n{by_name}        _ => Err(\"no such workload\"),\n    }}\n}}"
    );
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo:warning=OUT_DIR is not set; cargo runs build scripts with it");
        std::process::exit(1);
    };
    let target = PathBuf::from(dir).join("generated.rs");
    if let Err(e) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {e}", target.display());
        std::process::exit(1);
    }
}

/// The Rust source of one workload's kernel, or why there is none.
fn generate(kind: workloads::Kind) -> Result<String, String> {
    let path = kind.kernel_file();
    let checked = cuda_compiler::check_file(&path, &cuda_compiler::Options::default());
    let Some(module) = &checked.module else {
        let first = cuda_compiler::artifact::first_error(&checked.diagnostics, &checked);
        return Err(format!("{} does not compile: {first}", path.display()));
    };
    let opts = RustOptions {
        runtime_path: "::cuda_cpu".into(),
    };
    emit_rust(module, kind.kernel_name(), &opts, SourceInfo::of(&checked))
        .map_err(|d| cuda_compiler::artifact::first_error(&d, &checked))
}
