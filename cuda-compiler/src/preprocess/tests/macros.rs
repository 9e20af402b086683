//! Tests: macro definition and expansion.

use super::*;

/// Output with all white space removed (for token-sequence comparisons).
fn compact(src: &str) -> String {
    out(src).chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn object_and_function_like_macros() {
    let src = "#define N 4\n#define ADD(a, b) ((a) + (b))\n__global__ void k(float* x) {\n  x[0] = ADD(N, 1);\n}\n";
    assert_eq!(
        out(src),
        "\n\n__global__ void k(float* x) {\n  x[0] = ((4)+(1));\n}\n"
    );
}

#[test]
fn arguments_with_parentheses_and_commas() {
    let src = "#define FIRST(a, b) a\n#define SECOND(a, b) b\nFIRST((x, y), z) SECOND(f(1, 2), g(3, (4)))\n";
    assert_eq!(flat(src), "(x,y) g(3,(4))");
}

#[test]
fn empty_arguments_and_no_parameters() {
    let src = "#define F() 7\n#define G(x) [x]\n#define H(x, y) x y\nF() G() H(,) H(1,)\n";
    assert_eq!(flat(src), "7 [] 1");
}

#[test]
fn function_like_name_without_parentheses_is_not_expanded() {
    assert_eq!(flat("#define f(x) x\nint f; f (2);\n"), "int f; 2;");
}

#[test]
fn invocation_across_newlines_keeps_following_lines() {
    let src = "#define ADD(a, b) a + b\nint x = ADD(1,\n            2);\nint y;\n";
    assert_eq!(out(src), "\nint x = 1+2\n;\nint y;\n");
}

#[test]
fn stringize() {
    let src = "#define S(x) #x\nS(a  +  \"b\\n\") S( 'c' ) S() S(a\n b)\n";
    assert_eq!(flat(src), r#""a + \"b\\n\"" "'c'" "" "a b""#);
}

#[test]
fn paste() {
    let src = "#define CAT(a, b) a ## b\n#define X3 three\nCAT(x, 1) CAT(, y) CAT(z, ) CAT(,) CAT(X, 3) CAT(0x, 1fu) CAT(+, =)\n";
    assert_eq!(flat(src), "x1 y z three 0x1fu +=");
}

#[test]
fn paste_of_invalid_token_is_an_error() {
    let src = "#define CAT(a, b) a ## b\nint x = CAT(+, -);\n";
    assert_eq!(
        diags(src),
        ["k.cu:1:21: error: pasting `+` and `-` does not give a valid preprocessing token"]
    );
}

#[test]
fn variadic_macros() {
    let src = "\
#define P(fmt, ...) printf(fmt, __VA_ARGS__)
#define Q(fmt, ...) printf(fmt, ## __VA_ARGS__)
#define R(...) f(0 __VA_OPT__(,) __VA_ARGS__)
#define NAMED(args...) g(args)
P(\"%d %d\", 1, (2, 3)) Q(\"x\") Q(\"y\", 1) R() R(1, 2) NAMED(a, b)
";
    assert_eq!(
        flat(src),
        r#"printf("%d %d",1,(2,3)) printf("x") printf("y",1) f(0) f(0,1,2) g(a,b)"#
    );
}

#[test]
fn self_reference_does_not_recurse() {
    let src =
        "#define foo foo + 1\n#define a b\n#define b a\n#define f(x) f(x) + x\nfoo a b f(f(1))\n";
    assert_eq!(flat(src), "foo+1 a b f(f(1)+1)+f(1)+1");
}

/// The example of C11 6.10.3.5p5.
#[test]
fn c_standard_rescanning_example() {
    let src = "\
#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
";
    let want = "f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);\
        f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);\
        int i[] = { 1, 23, 4, 5, };\
        char c[2][6] = { \"hello\", \"\" };";
    let want: String = want.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(compact(src), want);
}

#[test]
fn no_space_between_tokens_unless_they_would_glue() {
    let src = "#define P +\n#define M(x) -x\n#define ID(x) x\nP+ +P P P M(-1) ID(a)ID(b) ID(1).ID(5) ID(.)ID(.)ID(.)\n";
    assert_eq!(out(src), "\n\n\n+ + + + + + - -1 a b 1 . 5 . . .\n");
}

#[test]
fn undef_and_redefinition() {
    let src = "#define A 1\n#define A 1\nA\n#undef A\nA\n#define A 2\nA\n";
    assert_eq!(flat(src), "1 A 2");
    assert!(diags(src).is_empty());
    let src = "#define A 1\n#define A 2\n#define F(x) x\n#define F(y) y\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:2:9: warning: `A` redefined",
            "k.cu:4:9: warning: `F` redefined"
        ]
    );
}

#[test]
fn argument_count_errors() {
    let src = "#define F(a, b) a\n#define G() 1\n#define V(a, ...) a\nF(1)\nF(1, 2, 3)\nG(1)\nV()\nV(1)\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:4:1: error: macro `F` takes 2 arguments but 1 was given",
            "k.cu:5:1: error: macro `F` takes 2 arguments but 3 were given",
            "k.cu:6:1: error: macro `G` takes 0 arguments but 1 was given",
        ]
    );
}

#[test]
fn unterminated_invocation() {
    let src = "#define F(a) a\nint x = F(1, \n";
    assert_eq!(
        diags(src),
        ["k.cu:2:9: error: unterminated invocation of macro `F`"]
    );
    let src = "#define F(a) a\nint x = F(1\n#define Y\n);\n";
    assert_eq!(
        diags(src),
        ["k.cu:2:9: error: unsupported: preprocessing directive inside the arguments of macro `F`"]
    );
}

#[test]
fn define_errors() {
    let src = "#define\n#define 1x\n#define defined\n#define F(a, a) a\n#define G(a b) a\n#define H(a) #b\n#define I ## x\n#define J(\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:1:1: error: `#define` expects a macro name",
            "k.cu:2:9: error: macro names must be identifiers",
            "k.cu:3:9: error: `defined` cannot be used as a macro name",
            "k.cu:4:14: error: duplicate macro parameter `a`",
            "k.cu:5:13: error: expected `)` in macro parameter list",
            "k.cu:6:14: error: `#` is not followed by a macro parameter",
            "k.cu:7:11: error: `##` cannot appear at either end of a macro expansion",
            "k.cu:8:10: error: expected `)` in macro parameter list",
        ]
    );
}

#[test]
fn builtin_line_file_counter() {
    let src = "#define L __LINE__\nint a = __LINE__;\nint b = L;\nconst char* f = __FILE__;\nint c[] = {__COUNTER__, __COUNTER__};\n#define F(x) x\nint d = F(\n  __LINE__);\n";
    assert_eq!(
        flat(src),
        "int a = 2; int b = 3; const char* f = \"k.cu\"; int c[] = {0, 1}; int d = 8 ;"
    );
}

#[test]
fn predefined_macros_match_nvcc_device_pass() {
    let src = "__CUDACC__ __NVCC__ __CUDA_ARCH__ __CUDACC_VER_MAJOR__ __CUDACC_VER_MINOR__ CUDART_VERSION __cplusplus __x86_64__ __linux__\n\
#if defined(__CUDACC_RTC__) || defined(__GNUC__) || defined(__global__) || defined(__device__) || defined(__shared__)\nbad\n#endif\n\
#ifdef __CUDACC_VER_BUILD__\nbuild\n#endif\n";
    assert_eq!(flat(src), "1 1 800 12 4 12040 201703L 1 1 build");
}

#[test]
fn command_line_defines_and_undefines() {
    let opts = Options {
        defines: vec![
            ("N".into(), Some("8".into())),
            ("DEBUG".into(), None),
            ("SQ(x)".into(), Some("((x)*(x))".into())),
        ],
        undefines: vec!["__CUDA_ARCH__".into()],
        ..Options::default()
    };
    let (pp, _) = run_with("N DEBUG SQ(3) __CUDA_ARCH__\n", &opts);
    assert_eq!(pp.text.trim(), "8 1 ((3)*(3)) __CUDA_ARCH__");
}

#[test]
fn exponential_expansion_is_bounded() {
    let mut src = String::from("#define A0 x x\n");
    for i in 1..40 {
        src.push_str(&format!("#define A{i} A{} A{}\n", i - 1, i - 1));
    }
    src.push_str("A39\n");
    assert_eq!(diags(&src), ["k.cu:41:1: error: macro expansion too large"]);
    // Doubling through `##` (token text) is bounded too.
    let mut src = String::from("#define D(x) E(x)\n#define E(x) x ## x\n");
    src.push_str(&"D(".repeat(60));
    src.push('a');
    src.push_str(&")".repeat(60));
    src.push('\n');
    let d = diags(&src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].ends_with("error: macro expansion too large"), "{d:?}");
}

#[test]
fn deeply_nested_arguments_are_bounded() {
    let depth = 1000;
    let src = format!(
        "#define F(x) x\n{}1{}\n",
        "F(".repeat(depth),
        ")".repeat(depth)
    );
    let d = diags(&src);
    assert_eq!(d, ["k.cu:2:401: error: macro arguments nested too deeply"]);
    let depth = 150;
    let src = format!(
        "#define F(x) (x)\n{}1{}\n",
        "F(".repeat(depth),
        ")".repeat(depth)
    );
    assert_eq!(
        out(&src).trim(),
        format!("{}1{}", "(".repeat(depth), ")".repeat(depth))
    );
}
