//! Expressions.

use super::support::*;

#[test]
fn precedence_and_associativity() {
    assert_eq!(expr("a + b * c - d"), "((a + (b * c)) - d)");
    assert_eq!(expr("a = b = c"), "(a = (b = c))");
    assert_eq!(
        expr("a += b << 2 | c & d ^ e"),
        "(a += (((b << 2) | (c & d)) ^ e))"
            .replace("(((b << 2) | (c & d)) ^ e)", "((b << 2) | ((c & d) ^ e))")
    );
    assert_eq!(expr("x = c ? a : b"), "(x = (c ? a : b))");
    assert_eq!(expr("c ? a : d ? e : f"), "(c ? a : (d ? e : f))");
    assert_eq!(
        expr("a < b && c >= d || !e"),
        "(((a < b) && (c >= d)) || (!e))"
    );
    assert_eq!(expr("a == b != c"), "((a == b) != c)");
    assert_eq!(expr("a, b, c"), "((a, b), c)");
    assert_eq!(expr("-a[i]++"), "(-(a[i]++))");
    assert_eq!(expr("*p++ = ~x"), "((*(p++)) = (~x))");
    assert_eq!(expr("&s.x->y"), "(&s.x->y)");
    assert_eq!(expr("++i + --j"), "((++i) + (--j))");
    assert_eq!(expr("a >> 2 >= b"), "((a >> 2) >= b)");
    assert_eq!(expr("x %= y / z"), "(x %= (y / z))");
}

#[test]
fn literals() {
    assert_eq!(expr("42"), "42");
    assert_eq!(expr("0x1F"), "31");
    assert_eq!(expr("017"), "15");
    assert_eq!(expr("0b1010"), "10");
    assert_eq!(expr("1'000'000"), "1000000");
    assert_eq!(expr("1.5f"), "1.5");
    assert_eq!(expr("1.f"), "1.0");
    assert_eq!(expr(".5"), "0.5");
    assert_eq!(expr("1e-3"), "0.001");
    assert_eq!(expr("2.5e+2F"), "250.0");
    assert_eq!(expr("0x1.8p1"), "3.0");
    assert_eq!(expr("'a'"), "'97'");
    assert_eq!(expr("'\\n'"), "'10'");
    assert_eq!(expr("'\\x41'"), "'65'");
    assert_eq!(expr("'\\0'"), "'0'");
    assert_eq!(expr("\"ab\" \"cd\\t\""), "\"abcd\\t\"");
    assert_eq!(expr("true || false"), "(true || false)");
    assert_eq!(expr("nullptr"), "nullptr");
}

fn first_expr_kind(e: &str) -> crate::parse::ast::ExprKind {
    let src = format!("__device__ void f() {{ {e}; }}");
    match body(&src).into_iter().next().map(|s| s.kind) {
        Some(crate::parse::ast::StmtKind::Expr(x)) => x.kind,
        other => panic!("{other:?}"),
    }
}

#[test]
fn integer_suffixes() {
    use crate::parse::ast::ExprKind::IntLit;
    assert!(matches!(
        first_expr_kind("10u"),
        IntLit {
            value: 10,
            unsigned: true,
            long: 0,
            decimal: true
        }
    ));
    assert!(matches!(
        first_expr_kind("10UL"),
        IntLit {
            unsigned: true,
            long: 1,
            ..
        }
    ));
    assert!(matches!(
        first_expr_kind("10ll"),
        IntLit {
            unsigned: false,
            long: 2,
            ..
        }
    ));
    assert!(matches!(
        first_expr_kind("0xFFull"),
        IntLit {
            value: 255,
            unsigned: true,
            long: 2,
            decimal: false
        }
    ));
    assert!(matches!(
        first_expr_kind("10LLU"),
        IntLit {
            unsigned: true,
            long: 2,
            ..
        }
    ));
    assert!(matches!(
        first_expr_kind("1.0"),
        crate::parse::ast::ExprKind::FloatLit {
            is_float: false,
            is_long: false,
            ..
        }
    ));
    assert!(matches!(
        first_expr_kind("1.0L"),
        crate::parse::ast::ExprKind::FloatLit { is_long: true, .. }
    ));
}

#[test]
fn casts() {
    assert_eq!(expr("(float)x"), "cast<CStyle Float>(x)");
    assert_eq!(expr("(float)x / y"), "(cast<CStyle Float>(x) / y)");
    assert_eq!(expr("(unsigned int)a[i]"), "cast<CStyle UInt>(a[i])");
    assert_eq!(expr("(float4*)p"), "cast<CStyle ptr(float4)>(p)");
    assert_eq!(expr("(const T&)x"), "cast<CStyle ref(const T)>(x)");
    assert_eq!(expr("(std::size_t)n"), "cast<CStyle std::size_t>(n)");
    assert_eq!(expr("(T)x"), "cast<CStyle T>(x)");
    assert_eq!(expr("(T)(x + 1)"), "cast<CStyle T>((x + 1))");
    assert_eq!(expr("(T)1"), "cast<CStyle T>(1)");
    assert_eq!(expr("(a) - b"), "(a - b)");
    assert_eq!(expr("(i) * 4"), "(i * 4)");
    assert_eq!(expr("(a + b) * c"), "((a + b) * c)");
    assert_eq!(expr("(a[0]) * 2"), "(a[0] * 2)");
    assert_eq!(expr("(void**)&p"), "cast<CStyle ptr(ptr(Void))>((&p))");
    assert_eq!(expr("(uint)sizeof(R)"), "cast<CStyle uint>(sizeof(R))");
    assert_eq!(expr("(T)~x"), "cast<CStyle T>((~x))");
    assert_eq!(expr("(T)!x"), "cast<CStyle T>((!x))");
    assert_eq!(expr("(a) != b"), "(a != b)");
    assert_eq!(expr("(T)this"), "cast<CStyle T>(this)");
    assert_eq!(
        expr("(T)static_cast<int>(x)"),
        "cast<CStyle T>(cast<Static Int>(x))"
    );
    assert_eq!(expr("static_cast<int>(x)"), "cast<Static Int>(x)");
    assert_eq!(
        expr("reinterpret_cast<float4*>(p)[i]"),
        "cast<Reinterpret ptr(float4)>(p)[i]"
    );
    assert_eq!(expr("const_cast<float*>(p)"), "cast<Const ptr(Float)>(p)");
    assert_eq!(expr("float(x)"), "Float(x)");
    assert_eq!(expr("unsigned(x) + 1"), "(UInt(x) + 1)");
    assert_eq!(expr("float2{a, b}"), "float2{a, b}");
    assert_eq!(expr("make_float2(a, b)"), "make_float2(a, b)");
    assert_eq!(expr("T(x)"), "T(x)");
}

#[test]
fn sizeof_alignof() {
    assert_eq!(expr("sizeof(float)"), "sizeof(type Float)");
    assert_eq!(expr("sizeof(float) * n"), "(sizeof(type Float) * n)");
    assert_eq!(expr("sizeof(T)"), "sizeof(T)");
    assert_eq!(expr("sizeof(T*)"), "sizeof(type ptr(T))");
    assert_eq!(expr("sizeof(a[0])"), "sizeof(a[0])");
    assert_eq!(expr("sizeof x"), "sizeof(x)");
    assert_eq!(expr("sizeof(unsigned long long)"), "sizeof(type ULongLong)");
    assert_eq!(expr("sizeof(Foo<int>)"), "sizeof(type Foo<type Int>)");
    assert_eq!(expr("alignof(float4)"), "alignof(float4)");
    assert_eq!(expr("__alignof__(double)"), "alignof(Double)");
}

#[test]
fn templates_in_expressions() {
    assert_eq!(expr("a < b"), "(a < b)");
    assert_eq!(expr("a < b && c > d"), "((a < b) && (c > d))");
    assert_eq!(expr("f(a < b, c > d)"), "f((a < b), (c > d))");
    assert_eq!(expr("max<float>(a, b)"), "max<type Float>(a, b)");
    assert_eq!(expr("f<T, 256>(x)"), "f<T, 256>(x)");
    assert_eq!(expr("f<N * 2 + 1>(x)"), "f<((N * 2) + 1)>(x)");
    assert_eq!(expr("f<(a > b)>(x)"), "f<(a > b)>(x)");
    assert_eq!(
        expr("Foo<Bar<int>>::value"),
        "Foo<type Bar<type Int>>::value"
    );
    assert_eq!(expr("x = Traits<T>::zero()"), "(x = Traits<T>::zero())");
    assert_eq!(expr("a.template get<2>()"), "a.get<2>()");
    assert_eq!(expr("T::template f<N>(x)"), "T::f<N>(x)");
    assert_eq!(expr("std::min(a, b)"), "std::min(a, b)");
    assert_eq!(expr("::sqrtf(x)"), "::sqrtf(x)");
    assert_eq!(expr("i < n >> 1"), "(i < (n >> 1))");
    assert_eq!(expr("k<float><<<g, b>>>(x)"), "k<type Float><<<g, b>>>(x)");
    assert_eq!(expr("k<<<g, b, 0, s>>>(x, y)"), "k<<<g, b, 0, s>>>(x, y)");
}

#[test]
fn member_access_and_calls() {
    assert_eq!(expr("p->x.y[2]"), "p->x.y[2]");
    assert_eq!(expr("a.b(c)->d"), "a.b(c)->d");
    assert_eq!(expr("f()()"), "f()()");
    assert_eq!(expr("this->x"), "this->x");
    assert_eq!(expr("x.~T()"), "x.~T()");
    assert_eq!(expr("f({1, 2}, 3)"), "f({1, 2}, 3)");
}

#[test]
fn lambdas_and_unsupported() {
    assert_eq!(
        expr("f = [](int a) { return a; }"),
        "(f = lambda(1 params, 1 stmts))"
    );
    assert_eq!(
        expr("[=] __device__ (int i) { x[i] = 0; }(3)"),
        "lambda(1 params, 1 stmts)(3)"
    );
    assert_eq!(
        expr("[&, x](float a) -> float { return a * x; }"),
        "lambda(1 params, 1 stmts)"
    );
    assert_eq!(expr("new int[4]"), "unsupported(`new` expressions)");
    assert_eq!(expr("delete[] p"), "unsupported(`delete` expressions)");
    assert_eq!(expr("throw 1"), "unsupported(`throw` expressions)");
}

#[test]
fn deep_nesting_and_long_expressions() {
    let nested = format!("{}x{}", "(".repeat(500), ")".repeat(500));
    assert_eq!(expr(&nested), "x");
    let long = vec!["a"; 2000].join(" + ");
    let start = std::time::Instant::now();
    let shown = expr(&long);
    assert!(shown.starts_with(&format!("{}a + a)", "(".repeat(1999))));
    assert!(start.elapsed().as_secs() < 5);
    let nested_calls = format!("{}x{}", "f(".repeat(300), ")".repeat(300));
    assert!(expr(&nested_calls).starts_with("f(f(f("));
}
