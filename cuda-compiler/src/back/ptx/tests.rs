//! Snapshots of the PTX written for a dozen corpus kernels, so a change in
//! the emitted code is seen in review. (That ptxas accepts every corpus
//! kernel is checked by `tests/tests/ptx_assemble.rs`.)

use super::{compile, PtxOptions};
use crate::back::SourceInfo;
use std::path::PathBuf;

/// (corpus file, kernel) pairs snapshotted.
const KERNELS: &[(&str, &str)] = &[
    ("vector_add_host", "vectorAdd"),
    ("reduce_shared_tree", "reduce3"),
    ("reduce_warp_shuffle", "deviceReduceWarpAtomicKernel"),
    ("sgemm_tiled", "sgemm_tiled"),
    ("transpose", "transposeNoBankConflicts"),
    ("histogram_shared_atomics", "histogram256_shared"),
    ("stencil_2d_5pt", "laplacian5"),
    ("warp_aggregation", "filter_agg"),
    ("half_kernels", "half2_fma"),
    ("double_precision", "ddot_atomic"),
    ("struct_by_value", "spring_forces"),
    ("enums_switch", "bias_activation"),
    ("atomic_cas_loops", "max_reduce_cas"),
    ("vector_loads", "scale_float4_ldg"),
];

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance")
        .join(format!("{name}.cu"))
}

#[test]
fn ptx_snapshots() {
    for (file, kernel) in KERNELS {
        let checked = crate::check_file(&corpus(file), &crate::Options::default());
        let module = checked.module.as_ref();
        assert!(module.is_some(), "{file}: front end errors");
        let Some(module) = module else { continue };
        let ptx = compile(
            module,
            kernel,
            &PtxOptions::default(),
            SourceInfo::of(&checked),
        );
        match ptx {
            Ok(p) => insta::assert_snapshot!(format!("{file}__{kernel}"), p.source),
            Err(d) => panic!("{file}: {kernel}: {d:?}"),
        }
    }
}

#[test]
fn entry_names_follow_nvcc_mangling() {
    let checked = crate::check_file(&corpus("vector_add_host"), &crate::Options::default());
    let module = checked.module.as_ref().expect("vector_add_host checks");
    let ptx = compile(module, "vectorAdd", &PtxOptions::default(), None).expect("compiles");
    assert_eq!(ptx.entry_point, "_Z9vectorAddPKfS0_Pfi");
    assert_eq!(ptx.target, "sm_80");
    assert!(ptx.source.contains(".target sm_80"));
}

#[test]
fn unknown_kernel_and_old_targets_are_errors() {
    let checked = crate::check_file(&corpus("vector_add_host"), &crate::Options::default());
    let module = checked.module.as_ref().expect("vector_add_host checks");
    assert!(compile(module, "nope", &PtxOptions::default(), None).is_err());
    let old = PtxOptions {
        sm: 60,
        fast_math: false,
    };
    let err = compile(module, "vectorAdd", &old, None).expect_err("sm_60 is refused");
    assert!(err[0].message.contains("unsupported"));
}

#[test]
fn fast_math_uses_the_hardware_approximations() {
    let checked = crate::check_file(&corpus("enums_switch"), &crate::Options::default());
    let module = checked.module.as_ref().expect("enums_switch checks");
    let fast = PtxOptions {
        sm: 80,
        fast_math: true,
    };
    let precise = compile(module, "bias_activation", &PtxOptions::default(), None).expect("ok");
    let approx = compile(module, "bias_activation", &fast, None).expect("ok");
    assert!(!precise.source.contains("ex2.approx"));
    assert!(approx.source.contains("ex2.approx.ftz.f32"));
}
