//! `include_kernels!`: brings in what `cuda_build::compile` wrote.

/// Includes the kernels `cuda_build::compile` generated in the build
/// script (`$OUT_DIR/cuda_kernels.rs`): one module per `.cu` file, each
/// with a typed launch function per kernel.
///
/// ```ignore
/// cuda_rt::include_kernels!();
/// // kernels/saxpy.cu → mod saxpy { pub fn saxpy(...) }
/// ```
///
/// `include_kernels!("other.rs")` includes another file of `$OUT_DIR`
/// (a builder given `.output("other.rs")`).
#[macro_export]
macro_rules! include_kernels {
    () => {
        include!(concat!(env!("OUT_DIR"), "/cuda_kernels.rs"));
    };
    ($file:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $file));
    };
}
