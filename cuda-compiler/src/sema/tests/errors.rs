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
    assert_eq!(e, ["2:5: unsupported: `long double`"]);
}

#[test]
fn calling_a_variadic_template_is_unsupported() {
    let e = lower_err(
        "template <typename... Ts>\n__device__ int n(Ts... a) { return 0; }\n__global__ void k(int* p) {\n    p[0] = n(1, 2.0f);\n}",
    );
    assert_eq!(e, ["1:11: unsupported: variadic templates"]);
}

#[test]
fn writes_through_const_and_to_constant_memory() {
    let e = lower_err("__constant__ float c[4];\n__global__ void k(const float* x, float s) {\n    c[0] = s;\n    x[1] = s;\n}");
    assert_eq!(
        e,
        [
            "3:5: cannot write to constant memory from device code",
            "4:5: cannot assign to a value of type `const float`"
        ]
    );
}

#[test]
fn binary_operand_errors_point_at_the_operator() {
    let e = lower_err("__global__ void k(float* a, float* b) {\n    float* c = a + b;\n}");
    assert_eq!(
        e,
        ["2:18: invalid operands to binary `+`: `float*` and `float*`"]
    );
}

#[test]
fn redefinitions() {
    let e = lower_err("__device__ int sq(int x) { return x * x; }\n__device__ int sq(int x) { return x; }\n__global__ void k(int* o) {\n    int i = 0;\n    int i = 1;\n}");
    assert_eq!(
        e,
        ["2:16: redefinition of `sq`", "5:9: redefinition of `i`"]
    );
}

#[test]
fn template_recursion_stops_at_a_depth_limit() {
    let e = lower_err("template <int N> __device__ int depth() { return depth<N + 1>() + 1; }\n__global__ void k(int* o) { o[0] = depth<0>(); }");
    assert_eq!(
        e,
        ["1:50: recursive template instantiation exceeded maximum depth"]
    );
}

#[test]
fn statement_errors() {
    let e = lower_err("__global__ void k(int* o, int v) {\n    break;\n    switch (v) { default: break; default: break; }\n    auto a;\n    return 1;\n}");
    assert_eq!(
        e,
        [
            "2:5: `break` outside of a loop or `switch`",
            "3:34: multiple `default` labels in one `switch`",
            "4:10: `auto` variable `a` needs an initializer",
            "5:5: void function `k` should not return a value"
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut e = String::from("x");
    for _ in 0..300 {
        e = format!("(x + {e})");
    }
    let src = format!("__global__ void k(int* o, int x) {{ o[0] = {e}; }}");
    match lower_with(&src, &[]) {
        Ok(_) => {}
        Err(errs) => assert!(
            errs.iter().any(|m| m.contains("nested too deeply")),
            "{errs:?}"
        ),
    }
}

#[test]
fn scoped_enumerators_do_not_convert_to_int() {
    let e = lower_err("enum class Mode { Fast, Accurate };\n__global__ void k(int* o) {\n    Mode ok = Mode::Fast;\n    int x = (int)Mode::Fast;\n    int m = Mode::Accurate;\n}");
    assert_eq!(e, ["5:13: cannot convert `Mode` to `int`"]);
}
