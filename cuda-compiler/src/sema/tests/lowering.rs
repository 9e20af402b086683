//! Lowering of the C subset, structs and methods.

use super::*;
use crate::ir::{AddrSpace, BinaryOp, BuiltinValue, Dim, Literal, Scalar, Unroll};

#[test]
fn saxpy_kernel() {
    let m = lower_ok(
        "__global__ void saxpy(int n, float a, const float* x, float* y) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) y[i] = a * x[i] + y[i];
        }",
    );
    assert_eq!(m.kernels.len(), 1);
    let k = &m.kernels[0];
    assert_eq!(k.name, "saxpy");
    let types: Vec<&str> = k.params.iter().map(|p| p.cuda_type.as_str()).collect();
    assert_eq!(types, ["int", "float", "const float *", "float *"]);
    assert_eq!(
        k.params[2].ty,
        Type::Pointer {
            pointee: Box::new(sc(Scalar::F32)),
            space: AddrSpace::Global,
            read_only: true,
            restrict: false
        }
    );
    let f = kernel(&m, "saxpy");
    // `blockIdx.x * blockDim.x + threadIdx.x` is unsigned, converted to int.
    let init = stored_to(f, "i");
    assert_eq!(init.ty, sc(Scalar::I32));
    let ExprKind::Convert { arg, .. } = init.kind else {
        panic!("{init:?}")
    };
    assert_eq!(f.exprs[arg].ty, sc(Scalar::U32));
    assert!(f
        .exprs
        .iter()
        .any(|(_, e)| e.kind == ExprKind::Builtin(BuiltinValue::ThreadIdx(Dim::X))));
}

#[test]
fn double_literal_makes_double_arithmetic() {
    let m = lower_ok(
        "__global__ void k(float* x) {
            float a = x[0] * 0.5;
            float b = x[0] * 0.5f;
            auto c = x[0] * 0.5;
            auto d = 'a';
        }",
    );
    let f = kernel(&m, "k");
    let a = stored_to(f, "a");
    let ExprKind::Convert { arg, .. } = a.kind else {
        panic!("{a:?}")
    };
    assert_eq!(f.exprs[arg].ty, sc(Scalar::F64));
    assert_eq!(stored_to(f, "b").ty, sc(Scalar::F32));
    assert!(matches!(
        stored_to(f, "b").kind,
        ExprKind::Binary {
            op: BinaryOp::Mul,
            ..
        }
    ));
    assert_eq!(local_ty(f, "c"), &sc(Scalar::F64));
    assert_eq!(local_ty(f, "d"), &sc(Scalar::I8));
}

#[test]
fn unsigned_comparison_uses_unsigned() {
    let m = lower_ok(
        "__global__ void k(int* out) {
            unsigned u = -1;
            bool b = u > 0;
            long long big = 1LL << 40;
            unsigned long long w = 3000000000;
            out[0] = b;
        }",
    );
    let f = kernel(&m, "k");
    let u = stored_to(f, "u");
    assert_eq!(u.ty, sc(Scalar::U32));
    let b = stored_to(f, "b");
    let ExprKind::Binary {
        op: BinaryOp::Gt,
        lhs,
        rhs,
    } = b.kind
    else {
        panic!("{b:?}")
    };
    assert_eq!(f.exprs[lhs].ty, sc(Scalar::U32));
    assert_eq!(f.exprs[rhs].ty, sc(Scalar::U32));
    let big = stored_to(f, "big");
    assert_eq!(big.ty, sc(Scalar::I64));
    let w = stored_to(f, "w");
    let ExprKind::Convert { arg, .. } = w.kind else {
        panic!("{w:?}")
    };
    assert_eq!(
        f.exprs[arg].kind,
        ExprKind::Literal(Literal::Int(3_000_000_000, Scalar::I64))
    );
}

#[test]
fn shared_arrays_and_loops() {
    let m = lower_ok(
        "__global__ void reduce(const float* in, float* out) {
            __shared__ float tile[256];
            tile[threadIdx.x] = in[threadIdx.x];
            __syncthreads();
            #pragma unroll 4
            for (int s = 128; s > 0; s >>= 1) {
                if (threadIdx.x < s) tile[threadIdx.x] += tile[threadIdx.x + s];
            }
            if (threadIdx.x == 0) out[blockIdx.x] = tile[0];
        }",
    );
    assert_eq!(m.globals.len(), 1);
    assert_eq!(m.globals[0].name, "reduce::tile");
    assert_eq!(m.globals[0].space, AddrSpace::Shared);
    assert_eq!(m.globals[0].ty, Type::Array(Box::new(sc(Scalar::F32)), 256));
    let f = kernel(&m, "reduce");
    let unroll = all_stmts(f).iter().find_map(|s| match &s.kind {
        StmtKind::Loop { unroll, .. } => Some(*unroll),
        _ => None,
    });
    assert_eq!(unroll, Some(Some(Unroll::Count(4))));
}

#[test]
fn extern_shared_arrays_share_one_region() {
    let m = lower_ok(
        "__global__ void k(float* out) {
            extern __shared__ float a[];
            extern __shared__ int b[];
            a[threadIdx.x] = 1.0f;
            out[0] = b[1];
        }",
    );
    assert_eq!(m.globals.len(), 1);
    assert!(m.globals[0].dynamic);
    let f = kernel(&m, "k");
    assert!(f
        .exprs
        .iter()
        .any(|(_, e)| matches!(e.kind, ExprKind::PtrCast { .. })
            && e.ty == Type::ptr(Type::Array(Box::new(sc(Scalar::I32)), 0), AddrSpace::Shared)));
}

#[test]
fn struct_layout_matches_nvcc() {
    let m = lower_ok(
        "struct S { char c; float4 v; double d; };
         struct T { char a; short b; char c; };
         union U { char c; double d; int i[3]; };
         struct __align__(16) A { float x; };
         __global__ void k(S* s, T* t, U* u, A* a) {}",
    );
    let get = |n: &str| {
        m.structs
            .iter()
            .find(|s| s.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let s = get("S");
    assert_eq!((s.size, s.align), (48, 16));
    assert_eq!(
        s.fields.iter().map(|f| f.offset).collect::<Vec<_>>(),
        [0, 16, 32]
    );
    let t = get("T");
    assert_eq!((t.size, t.align), (6, 2));
    assert_eq!(
        t.fields.iter().map(|f| f.offset).collect::<Vec<_>>(),
        [0, 2, 4]
    );
    let u = get("U");
    assert_eq!((u.size, u.align), (16, 8));
    let a = get("A");
    assert_eq!((a.size, a.align), (16, 16));
}

#[test]
fn methods_operators_and_constructors() {
    let m = lower_ok(
        "struct V {
            float x, y;
            __device__ V(float a, float b) : x(a), y(b) {}
            __device__ float dot(const V& o) const { return x * o.x + y * o.y; }
            __device__ V operator+(const V& o) const { return V(x + o.x, y + o.y); }
            __device__ V& operator+=(const V& o) { x += o.x; y += o.y; return *this; }
        };
        __global__ void k(float* out) {
            V a(1.0f, 2.0f);
            V b{3.0f, 4.0f};
            V c = a + b;
            c += a;
            out[0] = c.dot(b);
        }",
    );
    let f = kernel(&m, "k");
    let calls: Vec<String> = all_stmts(f)
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Call { func, .. } => Some(m.function(*func).name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        calls,
        ["V::V", "V::V", "V::operator+", "V::operator+=", "V::dot"]
    );
    let plus = m
        .functions
        .iter()
        .find(|f| f.name == "V::operator+")
        .unwrap_or_else(|| panic!());
    assert_eq!(plus.params.len(), 2);
    assert_eq!(
        plus.params[0].ty,
        Type::ptr(Type::Struct(ir::StructId(0)), AddrSpace::Local)
    );
}

#[test]
fn device_functions_are_instantiated_per_pointer_space() {
    let m = lower_ok(
        "__device__ float first(const float* p) { return p[0]; }
         __global__ void k(const float* g, float* out) {
             __shared__ float s[32];
             s[threadIdx.x] = g[threadIdx.x];
             out[0] = first(g) + first(s) + first(g);
         }",
    );
    let firsts: Vec<&Function> = m.functions.iter().filter(|f| f.name == "first").collect();
    assert_eq!(firsts.len(), 2);
    let spaces: Vec<AddrSpace> = firsts
        .iter()
        .map(|f| match &f.params[0].ty {
            Type::Pointer { space, .. } => *space,
            _ => AddrSpace::Generic,
        })
        .collect();
    assert_eq!(spaces, [AddrSpace::Global, AddrSpace::Shared]);
}

#[test]
fn pointer_local_assigned_two_spaces_is_generic() {
    let m = lower_ok(
        "__global__ void k(float* g, int c) {
            __shared__ float s[32];
            float* p = g;
            float* q = s + 1;
            if (c) p = s;
            p[0] = q[0];
        }",
    );
    let f = kernel(&m, "k");
    assert!(matches!(
        local_ty(f, "p"),
        Type::Pointer {
            space: AddrSpace::Generic,
            ..
        }
    ));
    assert!(matches!(
        local_ty(f, "q"),
        Type::Pointer {
            space: AddrSpace::Shared,
            ..
        }
    ));
}

#[test]
fn switch_with_fall_through() {
    let m = lower_ok(
        "__global__ void k(int* out, int v) {
            int r = 0;
            switch (v) {
                case 0: r = 1;
                case 1: case 2: r += 2; break;
                default: r = 7;
            }
            out[0] = r;
        }",
    );
    let f = kernel(&m, "k");
    let cases = all_stmts(f)
        .iter()
        .find_map(|s| match &s.kind {
            StmtKind::Switch { cases, .. } => Some(cases.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let shape: Vec<(Vec<i128>, bool, bool)> = cases
        .iter()
        .map(|c| (c.values.clone(), c.is_default, c.fall_through))
        .collect();
    assert_eq!(
        shape,
        [
            (vec![0], false, true),
            (vec![1, 2], false, false),
            (vec![], true, false)
        ]
    );
}

#[test]
fn namespaces_enums_typedefs_and_constants() {
    let m = lower_ok(
        "namespace cfg { constexpr int N = 4; enum class Mode { A, B = 5, C }; }
         enum Color { Red, Green = 3, Blue };
         typedef float real;
         using idx_t = unsigned int;
         const int M = cfg::N * 2;
         static_assert(M == 8, \"M must be 8\");
         __global__ void k(real* out) {
             using namespace cfg;
             real buf[M];
             idx_t i = threadIdx.x;
             int m = (int)Mode::C + Blue + N;
             buf[0] = m;
             out[i] = buf[0] + sizeof(buf);
         }",
    );
    let f = kernel(&m, "k");
    assert_eq!(
        local_ty(f, "buf"),
        &Type::Array(Box::new(sc(Scalar::F32)), 8)
    );
    assert_eq!(local_ty(f, "i"), &sc(Scalar::U32));
}

#[test]
fn increments_and_compound_assignment() {
    let m = lower_ok(
        "__global__ void k(float* p, int n) {
            char c = 1;
            c += 300;
            int i = 0;
            int j = i++;
            int l = ++i;
            float f = 1.5f;
            f++;
            p++;
            *p = (float)(j + l) + f;
            while (n--) { p[n] = 0; }
        }",
    );
    let f = kernel(&m, "k");
    let c = stored_to(f, "c");
    assert_eq!(c.ty, sc(Scalar::I8));
}

#[test]
fn ternary_and_logical_are_lazy_with_side_effects() {
    let m = lower_ok(
        "__device__ int bump(int* p) { return (*p)++; }
         __global__ void k(int* p, int c) {
             int a = c ? 1 : 2.0f;
             int b = (c > 0 && bump(p) > 1) ? 3 : 4;
             p[0] = a + b;
         }",
    );
    let f = kernel(&m, "k");
    assert_eq!(local_ty(f, "a"), &sc(Scalar::I32));
    let a = stored_to(f, "a");
    let ExprKind::Convert { arg, .. } = a.kind else {
        panic!("{a:?}")
    };
    assert!(matches!(f.exprs[arg].kind, ExprKind::Select { .. }));
    assert_eq!(f.exprs[arg].ty, sc(Scalar::F32));
    // The call sits inside an `if`, not at top level.
    let top_calls = f
        .body
        .iter()
        .filter(|s| matches!(s.kind, StmtKind::Call { .. }))
        .count();
    assert_eq!(top_calls, 0);
}

#[test]
fn half_arithmetic() {
    let m = lower_ok(
        "__global__ void k(half* h, float* f) {
            half a = h[0] + h[1];
            auto b = h[0] * f[0];
        }",
    );
    let f = kernel(&m, "k");
    assert_eq!(stored_to(f, "a").ty, sc(Scalar::F16));
    assert_eq!(local_ty(f, "b"), &sc(Scalar::F32));
}

#[test]
fn vectors_members_and_builtins() {
    let m = lower_ok(
        "__global__ void k(float4* v, float* out) {
            float4 a = v[threadIdx.x];
            dim3 t = threadIdx;
            float2 p = make_float2(1.0f, 2.0f);
            out[0] = a.x + a.w + t.y + warpSize;
        }",
    );
    let _ = m;
}

#[test]
fn lambdas_are_inlined() {
    let m = lower_ok(
        "__global__ void k(float* out, float s) {
            int base = 1;
            auto scale = [=](float v) { return v * s + base; };
            auto add = [&](int d) { base += d; };
            add(2);
            out[0] = scale(3.0f) + [](int z) { return z * 2; }(4);
        }",
    );
    let f = kernel(&m, "k");
    assert!(f.locals.iter().any(|l| l.name == "base.copy"));
    assert!(all_stmts(f)
        .iter()
        .all(|s| !matches!(s.kind, StmtKind::Call { .. })));
}

#[test]
fn functors_and_default_arguments() {
    let m = lower_ok(
        "struct Scale { float k; __device__ float operator()(float v) const { return v * k; } };
         __device__ int add(int a, int b = 10) { return a + b; }
         __global__ void k(float* out) {
             Scale s{2.0f};
             out[0] = s(3.0f) + add(1);
         }",
    );
    assert!(m.functions.iter().any(|f| f.name == "Scale::operator()"));
    assert!(m
        .functions
        .iter()
        .any(|f| f.name == "add" && f.params.len() == 2));
}

#[test]
fn overloads_pick_best_match() {
    let m = lower_ok(
        "__device__ int f(int x) { return 1; }
         __device__ int f(float x) { return 2; }
         __device__ int f(double x) { return 3; }
         __global__ void k(int* out, short s) {
             out[0] = f(1) + f(1.0f) + f(1.0) + f(s);
         }",
    );
    let f = kernel(&m, "k");
    let called: Vec<ir::Type> = all_stmts(f)
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Call { func, .. } => Some(m.function(*func).params[0].ty.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        called,
        [
            sc(Scalar::I32),
            sc(Scalar::F32),
            sc(Scalar::F64),
            sc(Scalar::I32)
        ]
    );
}

#[test]
fn conversion_operators_and_constexpr_functions() {
    let m = lower_ok(
        "template <class T> struct SharedMemory {
             __device__ operator T*() { extern __shared__ int smem[]; return (T*)smem; }
             __device__ operator const T*() const { extern __shared__ int smem[]; return (T*)smem; }
         };
         constexpr int square(int x) { return x * x; }
         __global__ void k(float* out) {
             float* s = SharedMemory<float>();
             __shared__ float buf[square(4)];
             s[threadIdx.x] = 1.0f;
             buf[0] = s[0];
             out[0] = buf[0];
         }",
    );
    let f = kernel(&m, "k");
    assert!(matches!(
        local_ty(f, "s"),
        Type::Pointer {
            space: AddrSpace::Shared,
            ..
        }
    ));
    let buf = m
        .globals
        .iter()
        .find(|g| g.name == "k::buf")
        .unwrap_or_else(|| panic!());
    assert_eq!(buf.ty, Type::Array(Box::new(sc(Scalar::F32)), 16));
}

#[test]
fn builtins_are_called_when_no_user_function_matches() {
    let m = lower_ok(
        "__global__ void k(float* out, int* c) {
            __syncthreads();
            atomicAdd(c, 1);
            out[threadIdx.x] = sqrtf(out[threadIdx.x]) + __shfl_down_sync(0xffffffffu, out[0], 1);
        }",
    );
    let f = kernel(&m, "k");
    assert!(all_stmts(f)
        .iter()
        .any(|s| matches!(s.kind, StmtKind::Barrier { .. })));
    assert!(all_stmts(f)
        .iter()
        .any(|s| matches!(s.kind, StmtKind::Atomic { .. })));
}

#[test]
fn casts_sizeof_pointer_arithmetic_and_aggregates() {
    let m = lower_ok(
        "struct P { int a; float b; double c; };
         union U { float f; unsigned int u; };
         __global__ void k(float* x, int* out, const float4* v) {
             int bits = reinterpret_cast<const int*>(x)[0];
             unsigned int u = __float_as_uint(x[0]);
             float* end = x + 8;
             long d = end - x;
             size_t s = sizeof(P) + alignof(double) + sizeof(float4);
             float arr[4] = {1.0f, 2.0f};
             P p = {1, 2.0f};
             P q{.a = 3};
             P z = P();
             U un;
             un.f = 1.0f;
             int sum = 0;
             for (float e : arr) sum += (int)e;
             int i = 0;
             do { i++; } while (i < 3 && x);
             int c = (i++, i);
             out[0] = bits + u + d + s + p.a + q.a + z.a + sum + c + un.u + (int)v[0].w;
         }",
    );
    let f = kernel(&m, "k");
    assert_eq!(local_ty(f, "d"), &sc(Scalar::I64));
    let s = stored_to(f, "s");
    assert_eq!(s.ty, sc(Scalar::U64));
    let ExprKind::Compose { components } = &stored_to(f, "arr").kind else {
        panic!()
    };
    assert_eq!(components.len(), 4);
    let p = m
        .structs
        .iter()
        .find(|s| s.name == "P")
        .unwrap_or_else(|| panic!());
    assert_eq!((p.size, p.align), (16, 8));
    let u = m
        .structs
        .iter()
        .find(|s| s.name == "U")
        .unwrap_or_else(|| panic!());
    assert!(u.is_union);
    assert_eq!((u.size, u.align), (4, 4));
    assert!(f
        .exprs
        .iter()
        .any(|(_, e)| matches!(e.kind, ExprKind::PtrCast { .. })));
}

#[test]
fn explicit_instantiation_deduces_arguments() {
    let m = lower_ok(
        "template <typename T> __global__ void fill(T* out, T v) { out[threadIdx.x] = v; }
         template __global__ void fill(double*, double);
         template __global__ void fill<int>(int*, int);",
    );
    let mut names: Vec<&str> = m.kernels.iter().map(|k| k.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["fill<double>", "fill<int>"]);
}
