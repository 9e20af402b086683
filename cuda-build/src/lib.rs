//! Build-time compilation of CUDA for cudawasm: the build-script helper
//! ([`compile`], [`Builder`]) and the code generator the proc macros of
//! `cuda-macros` share, so `cuda!`, `#[cuda_kernel]` and `build.rs` emit
//! the same typed launch functions.
//!
//! ```no_run
//! // build.rs
//! cuda_build::compile("kernels/");
//! // src/main.rs: cuda_rt::include_kernels!();
//! ```
//!
//! Per kernel (template instances named `reduce_float_256`) a unit's
//! module gets `NAME(device, config, args…) -> cuda_rt::Result<()>` with
//! `const T*` → `impl DeviceRead<T>` (`&DeviceBuffer<T>`, `BufferSlice`),
//! `T*` → `impl DeviceWrite<T>` (`&mut DeviceBuffer<T>`,
//! `BufferSliceMut`), scalars → Rust scalars, structs → generated
//! `#[repr(C)]` Pod structs with nvcc's layout; `NAME_artifact()` (WGSL,
//! PTX, the CPU form compiled as Rust, and the targets skipped with their
//! reasons) and `NAME_config(n)`.

mod builder;
pub mod codegen;
pub mod signature;
pub mod unit;

pub use builder::{compile, BuildOutput, Builder};
pub use cuda_abi::Target;
pub use cuda_compiler::Options;
pub use unit::{UnitError, UnitOptions};

use cuda_compiler::source::SourceFile;
use cuda_compiler::Checked;
use proc_macro2::TokenStream;
use std::path::Path;

/// Checks `rel` (relative to `root`): diagnostics name it as written
/// (`kernels/x.cu:12:7`), includes resolve from its real folder.
pub fn check_relative(root: &Path, rel: &Path, opts: &Options) -> Checked {
    let abs = root.join(rel);
    match std::fs::read_to_string(&abs) {
        Ok(text) => cuda_compiler::check(
            SourceFile::new(rel.display().to_string(), Some(abs), text),
            opts,
        ),
        Err(e) => {
            let mut checked = cuda_compiler::check_file(&abs, opts);
            if let Some(d) = checked.diagnostics.first_mut() {
                d.message = format!("cannot read `{}`: {e}", rel.display());
            }
            checked
        }
    }
}

/// The module items for a checked unit and its warnings (rendered), or
/// its first error.
pub fn module_tokens(
    checked: &Checked,
    opts: &UnitOptions,
) -> Result<(TokenStream, Vec<String>), UnitError> {
    let unit = unit::compile_unit(checked, opts)?;
    let tokens = codegen::unit_tokens(&unit)?;
    Ok((tokens, unit.warnings))
}
