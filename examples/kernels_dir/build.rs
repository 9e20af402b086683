//! Compiles every kernel of `kernels/` (headers from `kernels/include`).
fn main() {
    cuda_build::Builder::new()
        .dir("kernels")
        .include("kernels/include")
        .define("SCALE", Some("2"))
        .run();
}
