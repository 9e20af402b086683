//! Tests: pp-token lexing, comments, line splices, literals, robustness.

use super::*;
use crate::preprocess::lexer::lex_file;
use crate::preprocess::token::Kind;

fn kinds(src: &str) -> Vec<(Kind, String)> {
    let mut d = Vec::new();
    lex_file(FileId(0), src, &mut d)
        .into_iter()
        .map(|t| (t.kind, t.text.to_string()))
        .collect()
}

#[test]
fn token_kinds() {
    use Kind::*;
    let toks = kinds("x1 _y $z 42 0x1Fu 1.5e-3f .5 1e+ 1'000 'a' u8\"s\" L'w' R\"d(a\"b)d\" \"q\"_s a->b ... <<= >>= :: ## @ `");
    let want: Vec<(Kind, &str)> = vec![
        (Ident, "x1"),
        (Ident, "_y"),
        (Ident, "$z"),
        (Number, "42"),
        (Number, "0x1Fu"),
        (Number, "1.5e-3f"),
        (Number, ".5"),
        (Number, "1e+"),
        (Number, "1'000"),
        (Char, "'a'"),
        (Str, "u8\"s\""),
        (Char, "L'w'"),
        (Str, "R\"d(a\"b)d\""),
        (Str, "\"q\"_s"),
        (Ident, "a"),
        (Punct, "->"),
        (Ident, "b"),
        (Punct, "..."),
        (Punct, "<<="),
        (Punct, ">>="),
        (Punct, "::"),
        (Punct, "##"),
        (Other, "@"),
        (Other, "`"),
    ];
    let got: Vec<(Kind, &str)> = toks.iter().map(|(k, t)| (*k, t.as_str())).collect();
    assert_eq!(got, want);
}

#[test]
fn kernel_launch_chevrons_are_shift_then_less() {
    let toks = kinds("k<<<g, b>>>(x);");
    let texts: Vec<&str> = toks.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["k", "<<", "<", "g", ",", "b", ">>", ">", "(", "x", ")", ";"]
    );
    assert_eq!(out("k<<<g, b>>>(x);\n"), "k<<<g, b>>>(x);\n");
}

#[test]
fn comments_become_white_space() {
    assert_eq!(
        out("a/*c*/b // tail\nc /* multi\nline */ d\n"),
        "a b\nc\nd\n"
    );
    assert_eq!(out("#define X 1 // c\nX/**/X\n"), "\n1 1\n");
    assert_eq!(out("a = b//*c*/d\n;\n"), "a = b\n;\n");
    assert_eq!(
        out("x = \"/* not a comment */\";\n"),
        "x = \"/* not a comment */\";\n"
    );
}

#[test]
fn line_splices() {
    let src = "#define LONG(a, b) \\\n  ((a) + \\\n   (b))\nin\\\nt x = LONG(1, 2);\n";
    assert_eq!(out(src).trim(), "int x = ((1)+(2));");
    let (pp, _) = run_with(src, &Options::default());
    // The spliced identifier maps to where it starts.
    assert_eq!(origin(&pp, "int", 0), "k.cu:4:1");
    // A body token after a splice maps to its real line.
    assert_eq!(origin(&pp, "+", 0), "k.cu:2:8 in LONG@5:7-5:17");
    assert_eq!(out("// comment \\\ncontinued\nx\n"), "\n\nx\n");
    assert_eq!(out("a\\\r\nb\n"), "ab\n");
    // Trailing blanks after the backslash still splice.
    assert_eq!(out("#define TWO 1 + \\  \n  1\nTWO\n"), "\n\n1+1\n");
}

#[test]
fn unicode_is_fine() {
    let src = "float été = 1.0f; // ünïcödé\nconst char* s = \"日本\";\n#define Π 3\nint p = Π;\n";
    assert_eq!(
        out(src),
        "float été = 1.0f;\nconst char* s = \"日本\";\n\nint p = 3;\n"
    );
}

#[test]
fn unterminated_literals_and_comments() {
    assert_eq!(
        diags("char c = 'x;\nconst char* s = \"abc;\nint y; /* never closed\n"),
        [
            "k.cu:3:8: error: unterminated `/*` comment",
            "k.cu:1:10: error: unterminated character literal",
            "k.cu:2:17: error: unterminated string literal",
        ]
    );
    // In a skipped group nothing is reported.
    assert!(diags("#if 0\nit's fine\n#endif\n").is_empty());
}

#[test]
fn crlf_line_endings() {
    let src = "#define A 1\r\nint x = A;\r\n#if A\r\nint y;\r\n#endif\r\n";
    assert_eq!(flat(src), "int x = 1; int y;");
}

/// A small deterministic generator for robustness tests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn never_panics_on_random_input() {
    const PIECES: &[&str] = &[
        "#",
        "##",
        "#define ",
        "#if ",
        "#elif ",
        "#else",
        "#endif",
        "#include ",
        "#undef ",
        "#pragma unroll ",
        "_Pragma",
        "defined",
        "__VA_ARGS__",
        "__VA_OPT__",
        "F",
        "G",
        "X",
        "(",
        ")",
        ",",
        "...",
        "\"",
        "'",
        "\\",
        "\n",
        " ",
        "/*",
        "*/",
        "//",
        "1",
        "0x",
        "/",
        "%",
        "<",
        ">",
        "?",
        ":",
        "é",
        "\u{0}",
        "\r",
        "__LINE__",
        "__COUNTER__",
        "__has_include",
        "<stdio.h>",
        "\"x.h\"",
        "-",
        "!",
        "~",
        "&&",
        "||",
        "R\"(",
        "u8",
        "#x",
        "a##b",
    ];
    let mut rng = Lcg(0x5eed);
    for _ in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let mut src =
            String::from("#define F(x, ...) x ## __VA_ARGS__ #x F\n#define G(a) G(a) F(a, a)\n");
        for _ in 0..len {
            src.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        }
        let _ = preprocess(SourceFile::new("fuzz.cu", None, src), &Options::default());
    }
    // Arbitrary characters, ASCII-heavy, with some multi-byte ones.
    for _ in 0..2000 {
        let len = (rng.next() % 80) as usize;
        let src: String = (0..len)
            .map(|_| match rng.next() % 10 {
                0 => char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{fffd}'),
                1 => '\n',
                2 => '#',
                _ => char::from((rng.next() % 128) as u8),
            })
            .collect();
        let _ = preprocess(SourceFile::new("fuzz.cu", None, src), &Options::default());
    }
}

#[test]
fn glue_check() {
    use crate::preprocess::lexer::would_glue;
    let long = format!("\"{}\"", "x".repeat(200));
    let glue = [
        ("+", "+"),
        ("-", ">"),
        ("a", "b"),
        ("1", "."),
        (".", "5"),
        ("1e", "+"),
        ("u8", "\"x\""),
        ("\"s\"", "x"),
        ("<", "<="),
        ("/", "/"),
        ("/", "*"),
        (".", "."),
        ("#", "#"),
        ("&", "&"),
        (long.as_str(), "_suffix"),
        ("x", "é"),
        ("-", "-1x"),
    ];
    for (a, b) in glue {
        assert!(would_glue(a, b), "{a} {b}");
    }
    let apart = [
        (")", "("),
        ("a", "("),
        ("x", ";"),
        ("a", "+"),
        ("+", "a"),
        ("1", ")"),
        ("\"s\"", "+"),
        (long.as_str(), ","),
        ("<", "a"),
        ("", "a"),
    ];
    for (a, b) in apart {
        assert!(!would_glue(a, b), "{a} {b}");
    }
}
