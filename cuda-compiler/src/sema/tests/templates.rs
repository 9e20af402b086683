//! Templates: kernel instances, deduction, class templates, specialisations.

use super::*;
use crate::ir::{AddrSpace, Scalar};

const REDUCE: &str = "template <typename T, unsigned int BLOCK>
__global__ void reduce(const T* in, T* out) {
    __shared__ T tile[BLOCK];
    tile[threadIdx.x] = in[threadIdx.x];
    if (threadIdx.x == 0) out[0] = tile[BLOCK - 1];
}
";

#[test]
fn template_kernel_without_instances_is_listed() {
    let m = lower_ok(REDUCE);
    assert!(m.kernels.is_empty());
    assert_eq!(
        m.kernel_templates,
        ["reduce<typename T, unsigned int BLOCK>"]
    );
}

#[test]
fn instances_from_options_launches_and_explicit_instantiation() {
    let src = format!(
        "{REDUCE}
template __global__ void reduce<double, 64>(const double*, double*);
void host(float* a, float* b) {{ reduce<float, 256><<<1, 256>>>(a, b); }}"
    );
    let m = match lower_with(&src, &["reduce<int, 32>"]) {
        Ok(m) => m,
        Err(e) => panic!("{e:#?}"),
    };
    let mut names: Vec<&str> = m.kernels.iter().map(|k| k.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "reduce<double, 64>",
            "reduce<float, 256>",
            "reduce<int, 32>"
        ]
    );
    let k = m
        .kernels
        .iter()
        .find(|k| k.name == "reduce<float, 256>")
        .unwrap_or_else(|| panic!());
    assert_eq!(k.base_name, "reduce");
    assert_eq!(k.template_args, ["float", "256"]);
    assert_eq!(k.params[0].cuda_type, "const float *");
    let tile = m
        .globals
        .iter()
        .find(|g| g.name == "reduce<float, 256>::tile")
        .unwrap_or_else(|| panic!());
    assert_eq!(tile.ty, Type::Array(Box::new(sc(Scalar::F32)), 256));
    assert!(m.kernel_templates.is_empty());
}

#[test]
fn bad_instance_string_is_an_error() {
    let e = lower_with(REDUCE, &["reduce<float"])
        .err()
        .unwrap_or_default();
    assert_eq!(e, ["invalid template instance `reduce<float`"]);
    let e = lower_with(REDUCE, &["nope<float, 4>"])
        .err()
        .unwrap_or_default();
    assert_eq!(e, ["no kernel template named `nope`"]);
}

#[test]
fn function_templates_deduce_and_specialise() {
    let m = lower_ok(
        "template <typename T> __device__ T twice(T x) { return x + x; }
         template <typename T, int N = 4> __device__ T sum(const T* p) {
             T s = 0;
             for (int i = 0; i < N; ++i) s += p[i];
             return s;
         }
         template <typename T> __device__ T one() { return T(1); }
         template <> __device__ float one<float>() { return 2.0f; }
         __global__ void k(float* f, int* i) {
             f[0] = twice(f[1]) + sum(f) + sum<float, 2>(f) + one<float>();
             i[0] = twice(i[1]) + one<int>();
         }",
    );
    let mut names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "k",
            "one",
            "one<int>",
            "sum<float, 2>",
            "sum<float, 4>",
            "twice<float>",
            "twice<int>"
        ]
    );
}

#[test]
fn class_templates_and_dependent_names() {
    let m = lower_ok(
        "template <typename T, int N> struct Vec {
             typedef T value_type;
             T v[N];
             __device__ T get(int i) const { return v[i]; }
         };
         template <typename V> __device__ typename V::value_type first(const V& x) { return x.get(0); }
         __global__ void k(float* out) {
             Vec<float, 3> a;
             a.v[0] = 1.0f;
             out[0] = first(a);
         }",
    );
    let s = m
        .structs
        .iter()
        .find(|s| s.name == "Vec<float, 3>")
        .unwrap_or_else(|| panic!());
    assert_eq!((s.size, s.align), (12, 4));
    assert!(m.functions.iter().any(|f| f.name == "first<Vec<float, 3>>"));
    let get = m
        .functions
        .iter()
        .find(|f| f.name == "Vec<float, 3>::get")
        .unwrap_or_else(|| panic!());
    assert_eq!(
        get.params[0].ty,
        Type::Pointer {
            pointee: Box::new(Type::Struct(ir::StructId(0))),
            space: AddrSpace::Local,
            read_only: true,
            restrict: false
        }
    );
}

#[test]
fn if_constexpr_picks_one_branch() {
    let m = lower_ok(
        "template <bool B> __device__ int pick() {
             if constexpr (B) { return 1; } else { return 2; }
         }
         __global__ void k(int* o) { o[0] = pick<true>() + pick<false>(); }",
    );
    assert!(m.functions.iter().any(|f| f.name == "pick<true>"));
    assert!(m.functions.iter().any(|f| f.name == "pick<false>"));
}
