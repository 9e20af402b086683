//! Every kernel launched by a conformance plan, compiled at build time from
//! the Rust that `cuda_compiler::back::cpu::emit_rust` prints (see
//! `build.rs`), so `cargo test` checks that the printed Rust compiles
//! warning-free and runs the corpus like the executor.

pub mod plans;

/// A generated kernel.
pub type Kernel = std::sync::Arc<dyn cuda_cpu::CpuKernel>;

/// One generated kernel: (plan, kernel, constructor or why there is none).
pub type Entry = (
    &'static str,
    &'static str,
    Result<fn() -> Kernel, &'static str>,
);

#[allow(missing_docs)]
mod generated {
    use super::{Entry, Kernel};
    include!(concat!(env!("OUT_DIR"), "/gen.rs"));
}

pub use generated::GENERATED;

/// The generated kernel `kernel` of plan `plan` (file stem), or why the
/// printer refused it; `None` when the build did not see it.
pub fn generated(plan: &str, kernel: &str) -> Option<Result<Kernel, String>> {
    GENERATED
        .iter()
        .find(|(p, k, _)| *p == plan && *k == kernel)
        .map(|(_, _, r)| match r {
            Ok(f) => Ok(f()),
            Err(e) => Err((*e).to_string()),
        })
}
