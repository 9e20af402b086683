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
