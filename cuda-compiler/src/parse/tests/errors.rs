//! Error messages and recovery.

use super::support::*;
use crate::parse::ast::*;

#[test]
fn missing_semicolon_after_declaration() {
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  int x = a[0]\n  a[1] = x;\n}\n"),
        ["2:15: expected `;` after declaration"]
    );
}

#[test]
fn missing_semicolon_after_expression() {
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  a[0] = 1 + 2\n  a[1] = 3;\n}\n"),
        ["2:15: expected `;` after expression"]
    );
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  for (int i = 0; i < 4 i++) {}\n}\n"),
        ["2:24: expected `;` after expression"]
    );
    assert_eq!(
        parse_err("__device__ float f() { return 1 }\n"),
        ["1:32: expected `;` after expression"]
    );
}

#[test]
fn expected_expression() {
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  a[0] = f(1, );\n}\n"),
        ["2:15: expected expression, found `)`"]
    );
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  a[0] = (1 + );\n}\n"),
        ["2:15: expected expression, found `)`"]
    );
}

#[test]
fn expected_identifier() {
    assert_eq!(
        parse_err("__global__ void k() {\n  int = 4;\n}\n"),
        ["2:7: expected identifier, found `=`"]
    );
}

#[test]
fn delimiters() {
    let src = "__global__ void k(int* a) {\n  a[0] = 1;\n";
    assert_eq!(parse_err(src), ["2:12: unclosed `{`"]);
    let p = pp(src);
    let diags = crate::parse::parse(&p).expect_err("unclosed");
    assert_eq!(
        render(&p, &diags),
        "error: unclosed `{`\n --> t.cu:2:12\n  |\n2 |   a[0] = 1;\n  |            ^ the file ends here\n ::: t.cu:1:27\n  |\n1 | __global__ void k(int* a) {\n  |                           - unclosed delimiter\n  |\n\n"
    );
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  if (a[0] {\n  }\n}\n"),
        ["4:1: mismatched closing delimiter: `}`"]
    );
    assert_eq!(
        parse_err("__global__ void k() {\n}}\n"),
        ["2:2: unexpected closing delimiter: `}`"]
    );
}

#[test]
fn several_errors_per_file() {
    assert_eq!(
        parse_err(
            "__device__ int x = ;\n__global__ void k() { int y = 1 }\n__global__ void ok() {}\n"
        ),
        [
            "1:20: expected expression, found `;`",
            "2:32: expected `;` after declaration"
        ]
    );
}

#[test]
fn device_struct_with_error_is_an_error() {
    assert_eq!(
        parse_err("struct __align__(8) P { __device__ float f() { return 1 } };\n"),
        ["1:56: expected `;` after expression"]
    );
}

#[test]
fn host_code_never_stops_the_file() {
    let tu = parse_ok(
        "template <class... Ts> auto host_only(Ts&&... ts) -> decltype(auto) { return (ts + ...); }\n\
         void h() { std::map<int, std::string> m{{1, \"a\"}}; for (auto& [k, v] : m) {} }\n\
         __global__ void k(float* x) { x[0] = 1.0f; }\n",
    );
    let kinds: Vec<&str> = tu
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::HostCode { .. } => "host",
            ItemKind::Function(f) => match f.body {
                Some(FnBody::Host(_)) => "fn-host-body",
                _ => "fn",
            },
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["host", "fn-host-body", "fn"]);
}

#[test]
fn pest_limits_are_errors_not_hangs() {
    // Nesting beyond the limit is reported, never a stack overflow.
    let deep = format!(
        "__device__ int f(int x) {{ return {}x{}; }}",
        "(".repeat(2000),
        ")".repeat(2000)
    );
    assert_eq!(
        parse_err(&deep),
        ["1:1057: unsupported: nesting deeper than 1024 levels"]
    );
}

#[test]
fn pathological_backtracking_is_bounded() {
    for depth in [10usize, 25, 60] {
        let mut e = String::from("x");
        for i in 0..depth {
            e = format!("a{i} < (b{i} < ({e}");
        }
        e.push_str(&")".repeat(2 * depth));
        let src = format!("__device__ int f() {{ return {e}; }}");
        let start = std::time::Instant::now();
        let p = pp(&src);
        let _ = crate::parse::parse(&p);
        eprintln!("depth {depth}: {:?}", start.elapsed());
        assert!(start.elapsed().as_secs() < 20);
    }
}

#[test]
fn expected_tokens() {
    assert_eq!(
        parse_err("__global__ void k(int a b) {}\n"),
        ["1:25: expected one of `)`, `,`, `=`, `[`, found `b`"]
    );
    assert_eq!(
        parse_err("__global__ void k(int a) {\n  if a > 0 { }\n}\n"),
        ["2:6: expected one of `(`, `constexpr`, found `a`"]
    );
    assert_eq!(
        parse_err("__global__ void k(int a) {\n  switch (a) { case 1 break; }\n}\n"),
        ["2:23: expected `:`, found `break`"]
    );
    assert_eq!(
        parse_err("__global__ void k(int a) {\n  int 3x = 1;\n}\n"),
        ["2:7: expected identifier, found `3x`"]
    );
}

#[test]
fn host_items_with_unsupported_parts_become_host_code() {
    let tu =
        parse_ok("struct Flags { unsigned a : 4; unsigned b : 4; };\n__global__ void k() {}\n");
    assert!(
        matches!(&tu.items[0].kind, ItemKind::HostCode { reason } if reason == "unsupported: bit-fields")
    );
    assert_eq!(
        parse_err("struct D { __device__ int f(); unsigned a : 4; };\n"),
        ["1:43: unsupported: bit-fields"]
    );
}

#[test]
fn unclosed_paren_before_a_block_points_at_the_block() {
    assert_eq!(
        parse_err("__global__ void k(int* a, int n) {\n  if (n < 4 {\n    a[0] = 1;\n  }\n}\n"),
        ["2:13: expected `)`, found `{`"]
    );
    assert_eq!(
        parse_err("__global__ void k(int* a) {\n  a[f(1) {\n    a[0] = 1;\n  }\n}\n"),
        ["2:10: expected `]`, found `{`"]
    );
}

#[test]
fn variadic_templates_are_unsupported_not_a_syntax_error() {
    let src = "template <typename... Ts>\n__device__ int n(Ts... a) { return sizeof...(a); }\n";
    let p = pp(src);
    let tu = crate::parse::parse(&p).unwrap_or_else(|d| panic!("{}", render(&p, &d)));
    let text = format!("{tu:?}");
    assert!(text.contains("variadic templates"), "{text}");
}
