//! Declarations, declarators and types.

use super::support::*;
use crate::parse::ast::*;

/// The declarations of `__device__ void f() { <decl> }`: `name: type = init`.
fn decls(d: &str) -> Vec<String> {
    let src = format!("__device__ void f() {{ {d} }}");
    let mut out = Vec::new();
    for s in body(&src) {
        match s.kind {
            StmtKind::Decl(vs) => {
                for v in vs {
                    let init = v
                        .init
                        .as_ref()
                        .map_or(String::new(), |i| format!(" = {}", show_init(i)));
                    out.push(format!("{}: {}{init}", v.name.name, show_ty(&v.ty)));
                }
            }
            other => out.push(format!("not a decl: {other:?}")),
        }
    }
    out
}

#[test]
fn c_declarators() {
    assert_eq!(
        decls("int *a, b[4][4], (*fp)(int);"),
        [
            "a: ptr(Int)",
            "b: array[4](array[4](Int))",
            "fp: ptr(fn(Int) -> Int)"
        ]
    );
    assert_eq!(decls("float (&r)[3] = x;"), ["r: ref(array[3](Float)) = x"]);
    assert_eq!(
        decls("const float* const p = 0;"),
        ["p: const ptr(const Float) = 0"]
    );
    assert_eq!(
        decls("float const volatile* q;"),
        ["q: ptr(const volatile Float)"]
    );
    assert_eq!(decls("int* __restrict__ r;"), ["r: ptr restrict(Int)"]);
    assert_eq!(decls("T&& t = f();"), ["t: rref(T) = f()"]);
    assert_eq!(decls("auto x = 1;"), ["x: auto = 1"]);
    assert_eq!(decls("decltype(a + b) y;"), ["y: decltype((a + b))"]);
    assert_eq!(decls("T * x;"), ["x: ptr(T)"]);
    assert_eq!(decls("a * b = c;"), ["b: ptr(a) = c"]);
}

#[test]
fn builtin_spellings() {
    assert_eq!(
        decls("unsigned a; long long int b; unsigned long long c; short int d; unsigned char e; signed char f; long double g; signed h; long unsigned int i; unsigned short j; long k; char l; bool m;"),
        [
            "a: UInt", "b: LongLong", "c: ULongLong", "d: Short", "e: UChar", "f: SChar",
            "g: LongDouble", "h: Int", "i: ULong", "j: UShort", "k: Long", "l: Char", "m: Bool"
        ]
    );
    assert_eq!(decls("const unsigned int x = 1u;"), ["x: const UInt = 1"]);
    assert_eq!(decls("int const y = 2;"), ["y: const Int = 2"]);
}

#[test]
fn initialisers() {
    assert_eq!(
        decls("int a[3] = {1, 2, 3};"),
        ["a: array[3](Int) = {1, 2, 3}"]
    );
    assert_eq!(
        decls("int m[2][2] = {{1, 2}, {3, 4}};"),
        ["m: array[2](array[2](Int)) = {{1, 2}, {3, 4}}"]
    );
    assert_eq!(
        decls("P p = {.x = 1, .y = 2};"),
        ["p: P = {.x = 1, .y = 2}"]
    );
    assert_eq!(
        decls("dim3 grid(N / 16, N / 16);"),
        ["grid: dim3 = ((N / 16), (N / 16))"]
    );
    assert_eq!(decls("float2 v{1.0f, 2.0f};"), ["v: float2 = {1.0, 2.0}"]);
    assert_eq!(decls("int z{};"), ["z: Int = {}"]);
    assert_eq!(decls("Foo<int, 4> f(x);"), ["f: Foo<type Int, 4> = (x)"]);
    assert_eq!(
        decls("std::vector<float> v(n);"),
        ["v: std::vector<type Float> = (n)"]
    );
    assert_eq!(
        decls("typename T::value_type s = 0;"),
        ["s: T::value_type = 0"]
    );
}

#[test]
fn shared_and_qualified_locals() {
    let src = "__global__ void k() { __shared__ float t[32]; extern __shared__ float dyn[]; static const int c = 3; register int r; volatile int v; }";
    let stmts = body(src);
    let quals: Vec<(bool, bool, bool, bool)> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Decl(v) => (
                v[0].quals.shared,
                v[0].quals.is_extern,
                v[0].quals.is_static,
                v[0].quals.register,
            ),
            _ => panic!("not a decl"),
        })
        .collect();
    assert_eq!(
        quals,
        [
            (true, false, false, false),
            (true, true, false, false),
            (false, false, true, false),
            (false, false, false, true),
            (false, false, false, false)
        ]
    );
    let StmtKind::Decl(v) = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(show_ty(&v[0].ty), "array[](Float)");
}

#[test]
fn statement_ambiguities() {
    // `T * x;` is a declaration, `a = b;` / `f(x);` / `a < b;` are expressions.
    let stmts = body(
        "__device__ void f() { T * x; a = b; f(x); a < b; x++; *p = 1; s.x = 2; i = (int)f; }",
    );
    let kinds: Vec<&str> = stmts
        .iter()
        .map(|s| match s.kind {
            StmtKind::Decl(_) => "decl",
            StmtKind::Expr(_) => "expr",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["decl", "expr", "expr", "expr", "expr", "expr", "expr", "expr"]
    );
}
