//! Tests: conditional groups and `#if` expressions.

use super::*;

/// Which of `yes`/`no` an `#if` line selects.
fn cond(expr: &str) -> String {
    flat(&format!("#if {expr}\nyes\n#else\nno\n#endif\n"))
}

#[test]
fn if_elif_else_chains() {
    let src = "#define A 2\n#if A == 1\none\n#elif A == 2\ntwo\n#elif A == 2\nagain\n#else\nother\n#endif\n";
    assert_eq!(flat(src), "two");
    let src = "#ifdef A\na\n#endif\n#ifndef A\nnot_a\n#endif\n#define A\n#ifdef A\nA_now\n#else\nno\n#endif\n";
    assert_eq!(flat(src), "not_a A_now");
    let src = "#if 0\n#if 1\nx\n#else\ny\n#endif\n#elif 1\nz\n#endif\n";
    assert_eq!(flat(src), "z");
    let src =
        "#define B\n#if 0\n#elifdef B\nb\n#endif\n#if 0\n#elifndef B\nnb\n#else\nelse\n#endif\n";
    assert_eq!(flat(src), "b else");
}

#[test]
fn lines_stay_aligned_across_skipped_groups() {
    let src = "a\n#if 0\nb\nc\n#endif\nd\n";
    assert_eq!(out(src), "a\n\n\n\n\nd\n");
}

#[test]
fn skipped_groups_may_hold_anything() {
    let src = "#if 0\n#bogus directive\ndon't \"stop\n#error not reached\n#include \"missing.h\"\n#if garbage (((\n#endif\n#else\nok\n#endif\n";
    assert_eq!(flat(src), "ok");
    assert!(diags(src).is_empty());
}

#[test]
fn integer_expression_semantics() {
    assert_eq!(cond("1 + 2 * 3 == 7 && (1 + 2) * 3 == 9"), "yes");
    assert_eq!(cond("-1 > 0u"), "yes"); // unsigned comparison
    assert_eq!(cond("-1 < 0"), "yes");
    assert_eq!(cond("0x7fffffffffffffff + 1 < 0"), "yes"); // wraps
    assert_eq!(cond("18446744073709551615 == -1"), "yes"); // too big for intmax: unsigned
    assert_eq!(
        cond("(-7 / 2 == -3) && (-7 % 2 == -1) && (7u / 2 == 3)"),
        "yes"
    );
    assert_eq!(
        cond("(1 << 4) == 16 && (-16 >> 2) == -4 && (0xf0 >> 4) == 15"),
        "yes"
    );
    assert_eq!(
        cond("(5 & 3) == 1 && (5 | 3) == 7 && (5 ^ 3) == 6 && ~0 == -1"),
        "yes"
    );
    assert_eq!(cond("!0 && !!5 == 1 && +3 == 3"), "yes");
    assert_eq!(cond("(1 ? 2 : 3) == 2 && (0 ? 2 : 0 ? 3 : 4) == 4"), "yes");
    assert_eq!(cond("(0 ? 1u : -1) > 0"), "yes"); // `?:` converts both arms
    assert_eq!(cond("(1, 0)"), "no");
    assert_eq!(
        cond("'A' == 65 && '\\n' == 10 && '\\x41' == 'A' && '\\377' < 0"),
        "yes"
    );
    assert_eq!(
        cond("1'000'000 == 1000000 && 0b101 == 5 && 017 == 15 && 10ULL == 10"),
        "yes"
    );
    assert_eq!(cond("true && !false"), "yes");
    assert_eq!(cond("UNKNOWN_NAME"), "no");
    assert_eq!(cond("UNKNOWN_NAME == 0"), "yes");
    assert_eq!(cond("0 && 1 / 0"), "no"); // not evaluated: no error
    assert_eq!(cond("1 || 1 / 0"), "yes");
    assert_eq!(cond("1 ? 1 : 1 % 0"), "yes");
}

#[test]
fn defined_and_has_include() {
    let src = "#define X\n#define Y 0\n#if defined X && defined(Y) && !defined Z && !defined ( Z )\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
    // `defined` produced by a macro expansion.
    let src = "#define HAVE_Q defined(Q) && !defined R\n#define Q 0\n#if HAVE_Q\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
    // The operand of `defined` is not expanded.
    let src = "#define A B\n#if defined A && !defined B\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
    let src = "#if __has_include(<stdio.h>) && __has_include(<cuda_runtime.h>) && !__has_include(\"nope.h\") && !__has_include(<nope.h>)\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
    let src = "#define H <cuda_fp16.h>\n#if __has_include(H)\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
    let src = "#if defined(__has_include) && !__has_builtin(__builtin_expect) && !__has_attribute(noinline)\nyes\n#endif\n";
    assert_eq!(flat(src), "yes");
}

#[test]
fn expression_errors() {
    let src = "#if 1 / 0\n#endif\n#if 2 % (1 - 1)\n#endif\n#if\n#endif\n#if (1\n#endif\n#if 1 +\n#endif\n#if 1.5\n#endif\n#if F(2)\n#endif\n#if 1 2\n#endif\n#if \"s\"\n#endif\n#if 1 ? 2\n#endif\n#if defined\n#endif\n#if defined(X\n#endif\n#if 99999999999999999999\n#endif\n#if 12abc\n#endif\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:1:7: error: division by zero in `#if` expression",
            "k.cu:3:7: error: division by zero in `#if` expression",
            "k.cu:5:1: error: `#if` with no expression",
            "k.cu:7:5: error: expected `)` in `#if` expression",
            "k.cu:9:7: error: expected a value in `#if` expression",
            "k.cu:11:5: error: floating-point literal in `#if` expression",
            "k.cu:13:5: error: function-like macro `F` is not defined",
            "k.cu:15:7: error: unexpected `2` in `#if` expression",
            "k.cu:17:5: error: unexpected `\"s\"` in `#if` expression",
            "k.cu:19:9: error: expected `:` in `#if` expression",
            "k.cu:21:5: error: `defined` expects a macro name",
            "k.cu:23:13: error: missing `)` after `defined`",
            "k.cu:25:5: error: integer literal `99999999999999999999` is too large in `#if` expression",
            "k.cu:27:5: error: invalid integer literal `12abc` in `#if` expression",
        ]
    );
}

#[test]
fn elif_error_points_at_elif() {
    let src = "#if 0\n#elif 1 / 0\n#endif\n#if 1\n#elif 1 / 0\n#endif\n";
    assert_eq!(
        diags(src),
        ["k.cu:2:9: error: division by zero in `#elif` expression"]
    );
}

#[test]
fn unbalanced_conditionals() {
    let src = "#else\n#endif\n#elif 1\n#if 1\n#else\n#else\n#elif 1\n#endif\n#ifdef\n#endif\n#ifndef 3\n#endif\n#if 1\n#ifdef X\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:1:1: error: `#else` without `#if`",
            "k.cu:2:1: error: `#endif` without `#if`",
            "k.cu:3:1: error: `#elif` without `#if`",
            "k.cu:6:1: error: `#else` after `#else`",
            "k.cu:7:1: error: `#elif` after `#else`",
            "k.cu:9:1: error: `#ifdef` expects a macro name",
            "k.cu:11:9: error: `#ifndef` expects a macro name",
            "k.cu:13:1: error: unterminated `#if`",
            "k.cu:14:1: error: unterminated `#ifdef`",
        ]
    );
}

#[test]
fn extra_tokens_warn() {
    let src = "#define X\n#ifdef X Y\n#else Z\n#endif W // ok\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:2:10: warning: extra tokens at end of `#ifdef` directive",
            "k.cu:4:8: warning: extra tokens at end of `#endif` directive",
        ]
    );
}

#[test]
fn deeply_nested_expression_is_an_error_not_a_crash() {
    let src = format!("#if {}1{}\n#endif\n", "(".repeat(5000), ")".repeat(5000));
    let d = diags(&src);
    assert_eq!(d, ["k.cu:1:133: error: `#if` expression nested too deeply"]);
    let src = format!("#if {}1\n#endif\n", "-".repeat(5000));
    assert_eq!(diags(&src).len(), 1);
}
