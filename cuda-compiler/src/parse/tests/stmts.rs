//! Statements.

use super::support::*;
use crate::parse::ast::*;

fn kinds(stmts: &[Stmt]) -> Vec<String> {
    stmts.iter().map(kind).collect()
}

fn kind(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Decl(v) => format!(
            "decl {}",
            v.iter()
                .map(|d| d.name.name.clone())
                .collect::<Vec<_>>()
                .join(",")
        ),
        StmtKind::Item(i) => format!(
            "item {}",
            match &i.kind {
                ItemKind::Struct(_) => "struct",
                ItemKind::Typedef(_) => "typedef",
                ItemKind::StaticAssert(_) => "static_assert",
                ItemKind::Enum(_) => "enum",
                ItemKind::UsingNamespace(_) => "using namespace",
                _ => "other",
            }
        ),
        StmtKind::Expr(e) => format!("expr {}", show(e)),
        StmtKind::Block(b) => format!("block[{}]", kinds(&b.stmts).join("; ")),
        StmtKind::If {
            constexpr,
            cond,
            then,
            else_,
        } => format!(
            "if{} {} then {}{}",
            if *constexpr { " constexpr" } else { "" },
            show(cond),
            kind(then),
            else_
                .as_ref()
                .map_or(String::new(), |e| format!(" else {}", kind(e)))
        ),
        StmtKind::While { cond, body } => format!("while {} {}", show(cond), kind(body)),
        StmtKind::DoWhile { body, cond } => format!("do {} while {}", kind(body), show(cond)),
        StmtKind::For {
            init,
            cond,
            step,
            body,
        } => format!(
            "for({}; {}; {}) {}",
            init.as_ref().map_or(String::new(), |i| kind(i)),
            cond.as_ref().map_or(String::new(), show),
            step.as_ref().map_or(String::new(), show),
            kind(body)
        ),
        StmtKind::RangeFor { var, range, body } => {
            format!(
                "for({}: {} : {}) {}",
                var.name.name,
                show_ty(&var.ty),
                show(range),
                kind(body)
            )
        }
        StmtKind::Switch { cond, body } => format!("switch {} {}", show(cond), kind(body)),
        StmtKind::Case(e) => format!("case {}", show(e)),
        StmtKind::Default => "default".into(),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Return(e) => format!(
            "return{}",
            e.as_ref()
                .map_or(String::new(), |e| format!(" {}", show(e)))
        ),
        StmtKind::Goto(l) => format!("goto {}", l.name),
        StmtKind::Label(l) => format!("label {}", l.name),
        StmtKind::PragmaUnroll(n) => format!(
            "unroll{}",
            n.as_ref()
                .map_or(String::new(), |n| format!(" {}", show(n)))
        ),
        StmtKind::Asm => "asm".into(),
        StmtKind::Empty => "empty".into(),
    }
}

fn stmts(code: &str) -> Vec<String> {
    kinds(&body(&format!("__device__ void f() {{\n{code}\n}}")))
}

#[test]
fn control_flow() {
    assert_eq!(
        stmts("if (a) b = 1; else if (c) { d(); } else ;"),
        ["if a then expr (b = 1) else if c then block[expr d()] else empty"]
    );
    assert_eq!(
        stmts("if constexpr (N > 1) x();"),
        ["if constexpr (N > 1) then expr x()"]
    );
    assert_eq!(
        stmts("while (i < n) i += s;"),
        ["while (i < n) expr (i += s)"]
    );
    assert_eq!(
        stmts("do { i--; } while (i > 0);"),
        ["do block[expr (i--)] while (i > 0)"]
    );
    assert_eq!(stmts("do x++; while (x);"), ["do expr (x++) while x"]);
    assert_eq!(
        stmts("for (int i = 0, j = 1; i < n; i++, j--) {}"),
        ["for(decl i,j; (i < n); ((i++), (j--))) block[]"]
    );
    assert_eq!(stmts("for (;;) break;"), ["for(; ; ) break"]);
    assert_eq!(
        stmts("for (i = 0; i < 4; ++i) continue;"),
        ["for(expr (i = 0); (i < 4); (++i)) continue"]
    );
    assert_eq!(
        stmts("for (auto& v : arr) s += v;"),
        ["for(v: ref(auto) : arr) expr (s += v)"]
    );
    assert_eq!(
        stmts("for (float v : {1.0f, 2.0f}) s += v;"),
        ["for(v: Float : {1.0, 2.0}) expr (s += v)"]
    );
    assert_eq!(
        stmts("switch (op) { case 0: case A::B: x = 1; break; default: return; }"),
        ["switch op block[case 0; case A::B; expr (x = 1); break; default; return]"]
    );
    assert_eq!(
        stmts("goto done; done: return x;"),
        ["goto done", "label done", "return x"]
    );
    assert_eq!(stmts("return {a, b};"), ["return {a, b}"]);
}

#[test]
fn pragmas_asm_and_local_items() {
    assert_eq!(
        stmts("#pragma unroll\nfor (;;) {}\n#pragma unroll 4\nfor (;;) {}\n  #  pragma unroll (N / 2)\nwhile (1) {}\n#pragma unroll 1\nfor(;;){}"),
        [
            "unroll",
            "for(; ; ) block[]",
            "unroll 4",
            "for(; ; ) block[]",
            "unroll (N / 2)",
            "while 1 block[]",
            "unroll 1",
            "for(; ; ) block[]"
        ]
    );
    assert_eq!(
        stmts("asm volatile(\"mov.u32 %0, %%laneid;\" : \"=r\"(id));\n__asm__ __volatile__(\"\" ::: \"memory\");"),
        ["asm", "asm"]
    );
    assert_eq!(
        stmts("struct P { int a; }; typedef float real; using V = float4; static_assert(N > 0, \"n\"); enum E { X }; P p; struct Q { int b; } q; using namespace cg;"),
        ["item struct", "item typedef", "item typedef", "item static_assert", "item enum", "decl p", "item struct", "item using namespace"]
    );
    assert_eq!(
        stmts("{ int x; { x = 1; } ; }"),
        ["block[decl x; block[expr (x = 1)]; empty]"]
    );
}

#[test]
fn pragma_errors() {
    assert_eq!(
        parse_err("__device__ void f() {\n#pragma unroll 4 +\nfor(;;){}\n}\n"),
        ["2:16: expected an unroll count after `#pragma unroll`"]
    );
}
