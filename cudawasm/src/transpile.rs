//! `cudawasm transpile FILE --emit ir|pp|wgsl|ptx|rust`: what each stage and
//! back end makes of a file, for people who want to read or ship the code.
//!
//! Code targets print every kernel (or the one named by `--kernel`), each
//! under a comment naming it. A kernel a back end refuses prints its
//! diagnostics, and the command exits with status 1 after printing the rest.

use cuda_compiler::back::{self, SourceInfo};
use cuda_compiler::diag::Diagnostics;
use cuda_compiler::Checked;

/// A code target of `transpile`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeTarget {
    /// WGSL through naga.
    Wgsl,
    /// PTX for `.target sm_NN`.
    Ptx {
        /// Compute capability (80 → sm_80).
        sm: u32,
        /// `-use_fast_math`.
        fast_math: bool,
    },
    /// Rust source of the CPU form.
    Rust,
}

/// Compiles `kernel` of a checked unit for `target`.
fn emit_one(checked: &Checked, kernel: &str, target: CodeTarget) -> Result<String, Diagnostics> {
    let Some(module) = &checked.module else {
        return Err(Vec::new());
    };
    let src = SourceInfo::of(checked);
    match target {
        CodeTarget::Wgsl => {
            back::wgsl::compile(module, kernel, &back::wgsl::WgslOptions::default(), src)
                .map(|k| k.source)
        }
        CodeTarget::Ptx { sm, fast_math } => {
            let opts = back::ptx::PtxOptions { sm, fast_math };
            back::ptx::compile(module, kernel, &opts, src).map(|k| k.source)
        }
        CodeTarget::Rust => {
            back::cpu::emit_rust(module, kernel, &back::cpu::RustOptions::default(), src)
        }
    }
}

/// Prints the code of every kernel (or of `only`) for `target`. Returns
/// whether every kernel compiled; `Err` names a kernel that does not exist.
pub fn print_code(
    checked: &Checked,
    target: CodeTarget,
    only: Option<&str>,
) -> Result<bool, String> {
    let Some(module) = &checked.module else {
        return Ok(false);
    };
    let names: Vec<&str> = module.kernels.iter().map(|k| k.name.as_str()).collect();
    let chosen: Vec<&str> = match only {
        Some(name) if names.contains(&name) => vec![name],
        Some(name) => {
            return Err(format!(
                "no kernel named `{name}` (kernels: {})",
                names.join(", ")
            ))
        }
        None => names,
    };
    let mut all_ok = true;
    for name in chosen {
        match emit_one(checked, name, target) {
            Ok(code) => {
                println!("// kernel `{name}`");
                println!("{}", code.trim_end());
                println!();
            }
            Err(diags) => {
                all_ok = false;
                eprint!("{}", cuda_compiler::diag::render(&diags, &checked.files));
            }
        }
    }
    Ok(all_ok)
}
