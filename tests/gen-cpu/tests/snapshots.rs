//! Snapshots of the Rust that `emit_rust` prints for four kernels: saxpy,
//! a shared-memory tree reduction, a warp-shuffle reduction and a tiled
//! matrix product (barriers inside a loop). Printed without a source map so
//! the text does not depend on where the checkout lives.

use cuda_compiler::back::cpu::{emit_rust, RustOptions};
use cuda_compiler::Options;
use std::path::PathBuf;

fn emit(file: &str, kernel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../conformance")
        .join(file);
    let opts = Options {
        instances: if kernel.contains('<') {
            vec![kernel.to_string()]
        } else {
            Vec::new()
        },
        ..Options::default()
    };
    let checked = cuda_compiler::check_file(&path, &opts);
    let Some(module) = &checked.module else {
        panic!("{file} does not compile");
    };
    match emit_rust(module, kernel, &RustOptions::default(), None) {
        Ok(code) => code,
        Err(d) => panic!("{d:?}"),
    }
}

#[test]
fn saxpy() {
    insta::assert_snapshot!(emit("template_saxpy_host.cu", "axpy<float>"));
}

#[test]
fn shared_memory_reduction() {
    insta::assert_snapshot!(emit("reduce_shared_tree.cu", "reduce3"));
}

#[test]
fn shuffle_reduction() {
    insta::assert_snapshot!(emit("reduce_warp_shuffle.cu", "deviceReduceKernel"));
}

#[test]
fn barriers_in_a_loop() {
    insta::assert_snapshot!(emit("sgemm_tiled.cu", "sgemm_tiled"));
}
