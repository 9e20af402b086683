//! Faults stop a launch with the place and the reason.

use super::*;
use cuda_cpu::FaultKind;
use std::time::Duration;

#[test]
fn out_of_bounds_store_reports_thread_and_location() {
    let src = "__global__ void oob(float *a, int n)\n{\n    int i = threadIdx.x;\n    a[i + n] = 1.0f;\n}\n";
    let k = snippet_kernel(src, "oob");
    let a = buf_f32(&[0.0; 8]);
    let e = run_err(
        &*k,
        dims((1, 1), (4, 1), 0),
        &[ptr(&a), i32a(6)],
        &LaunchOptions::default(),
    );
    let KernelError::Fault(f) = e else {
        panic!("{e:?}")
    };
    assert_eq!(f.thread, Dim3::new(2, 0, 0));
    assert_eq!(f.block, Dim3::new(0, 0, 0));
    assert_eq!(
        f.kind,
        FaultKind::OutOfBounds {
            space: "global",
            offset: 32,
            size: 4,
            len: 32
        }
    );
    let loc = f.location.expect("a location");
    assert_eq!((loc.file.as_str(), loc.line), ("snippet.cu", 4));
    assert_eq!(loc.col, 5);
}

#[test]
fn out_of_bounds_shared_and_local() {
    let src = "__global__ void s(int *o, int n)\n{\n    __shared__ int t[16];\n    int loc[4];\n    loc[threadIdx.x % 4] = 1;\n    t[threadIdx.x + n] = loc[0];\n    o[0] = t[0];\n}\n";
    let k = snippet_kernel(src, "s");
    let o = buf_u32(&[0; 1]);
    let e = run_err(
        &*k,
        dims((1, 1), (16, 1), 0),
        &[ptr(&o), i32a(1)],
        &LaunchOptions::default(),
    );
    let KernelError::Fault(f) = e else {
        panic!("{e:?}")
    };
    assert_eq!(f.thread, Dim3::new(15, 0, 0));
    assert!(
        matches!(
            f.kind,
            FaultKind::OutOfBounds {
                space: "shared",
                offset: 64,
                ..
            }
        ),
        "{f}"
    );
    assert_eq!(f.location.map(|l| l.line), Some(6));
}

#[test]
fn integer_division_by_zero_faults() {
    let src = "__global__ void d(int *a, int q)\n{\n    a[threadIdx.x] = a[threadIdx.x] / q;\n}\n";
    let k = snippet_kernel(src, "d");
    let a = buf_u32(&[7; 4]);
    let e = run_err(
        &*k,
        dims((1, 1), (4, 1), 0),
        &[ptr(&a), i32a(0)],
        &LaunchOptions::default(),
    );
    let KernelError::Fault(f) = e else {
        panic!("{e:?}")
    };
    assert_eq!(f.kind, FaultKind::DivisionByZero);
    assert_eq!(f.location.map(|l| l.line), Some(3));
}

#[test]
fn barrier_in_divergent_branches_faults() {
    let src = "__global__ void b(int *a)\n{\n    if (threadIdx.x < 16) {\n        __syncthreads();\n        a[0] = 1;\n    } else {\n        __syncthreads();\n    }\n}\n";
    let k = snippet_kernel(src, "b");
    let a = buf_u32(&[0; 1]);
    let e = run_err(
        &*k,
        dims((1, 1), (64, 1), 0),
        &[ptr(&a)],
        &LaunchOptions::default(),
    );
    let KernelError::Fault(f) = e else {
        panic!("{e:?}")
    };
    assert_eq!(f.kind, FaultKind::DivergentBarrier);
    assert_eq!(f.location.map(|l| l.line), Some(7));
}

#[test]
fn infinite_loop_times_out() {
    let src = "__global__ void spin(float *a)\n{\n    while (a[0] >= 0.0f) { a[1] += 1.0f; }\n}\n";
    let k = snippet_kernel(src, "spin");
    let a = buf_f32(&[0.0; 2]);
    let opts = LaunchOptions {
        timeout: Some(Duration::from_millis(200)),
        ..Default::default()
    };
    let e = run_err(&*k, dims((2, 1), (32, 1), 0), &[ptr(&a)], &opts);
    assert!(
        matches!(e, KernelError::Timeout { limit_ms: 200, .. }),
        "{e:?}"
    );
}

#[test]
fn wrong_arguments_are_reported() {
    let src = "__global__ void f(float *a, int n) { a[0] = n; }\n";
    let k = snippet_kernel(src, "f");
    let a = buf_f32(&[0.0; 1]);
    let e = run_err(
        &*k,
        dims((1, 1), (1, 1), 0),
        &[ptr(&a)],
        &LaunchOptions::default(),
    );
    assert!(matches!(e, KernelError::BadArguments { .. }), "{e:?}");
}
