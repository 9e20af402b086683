//! Diagnostics: exact messages and positions.

use super::*;

#[test]
fn undeclared_identifier_with_suggestion() {
    let e =
        lower_err("__global__ void k(float* out) {\n    int count = 1;\n    out[0] = cuont;\n}");
    assert_eq!(e, ["3:14: use of undeclared identifier `cuont`"]);
}

#[test]
fn calling_host_function_from_kernel() {
    let e = lower_err(
        "int host_only(int x) { return x; }\n__global__ void k(int* o) { o[0] = host_only(1); }",
    );
    assert_eq!(e, ["2:36: calling a `__host__` function `host_only` from a `__global__` function is not allowed"]);
}

#[test]
fn recursion_is_unsupported() {
    let e = lower_err("__device__ int f(int n) { return n ? f(n - 1) : 0; }\n__global__ void k(int* o) { o[0] = f(3); }");
    assert_eq!(e, ["1:38: unsupported: recursion in device code"]);
}

#[test]
fn static_assert_failure() {
    let e = lower_err("static_assert(sizeof(float) == 8, \"float must be 8 bytes\");");
    assert_eq!(e, ["1:15: static assertion failed: float must be 8 bytes"]);
}

#[test]
fn inline_asm_and_goto_are_unsupported() {
    let e = lower_err("__global__ void k() {\n    asm(\"trap;\");\n    goto end;\nend:;\n}");
    assert_eq!(
        e,
        [
            "2:5: unsupported: inline PTX assembly (`asm`)",
            "3:5: unsupported: `goto` in device code"
        ]
    );
}

#[test]
fn ambiguous_and_unmatched_overloads() {
    let e = lower_err(
        "__device__ int f(int x, float y) { return 1; }\n__device__ int f(float x, int y) { return 2; }\n__global__ void k(int* o) { o[0] = f(1, 1); o[1] = f(o); }",
    );
    assert_eq!(
        e,
        [
            "3:36: call to `f` is ambiguous",
            "3:52: no matching function for call to `f`"
        ]
    );
}

#[test]
fn invalid_conversions() {
    let e = lower_err("__global__ void k(float* p) {\n    int* q = p;\n}");
    assert_eq!(e, ["2:14: cannot convert `float*` to `int*`"]);
}

#[test]
fn long_double_is_unsupported() {
    let e = lower_err("__global__ void k(float* p) {\n    long double x = 1;\n}");
    assert_eq!(e, ["2:5: unsupported: `long double` in device code"]);
}
