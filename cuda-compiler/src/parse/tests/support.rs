//! Test helpers: a `Preprocessed` with a trivial map, shortcuts.

use crate::diag::Diagnostic;
use crate::parse::ast::*;
use crate::source::{ExpansionMap, FileId, Files, Preprocessed, Segment, SourceFile, SrcSpan};

/// `text` as the preprocessed output of one file `t.cu`.
pub(crate) fn pp(text: &str) -> Preprocessed {
    let mut files = Files::new();
    let file = files.add(SourceFile::new("t.cu", None, text));
    let mut map = ExpansionMap::new();
    map.push(Segment {
        out_lo: 0,
        out_hi: text.len() as u32,
        src: SrcSpan {
            file,
            lo: 0,
            hi: text.len() as u32,
        },
        expansion: None,
    });
    Preprocessed {
        text: text.to_string(),
        map,
        files,
        dependencies: Vec::new(),
    }
}

/// Parses and expects success.
pub(crate) fn parse_ok(text: &str) -> TranslationUnit {
    let p = pp(text);
    match crate::parse::parse(&p) {
        Ok(tu) => tu,
        Err(diags) => panic!("unexpected errors:\n{}", render(&p, &diags)),
    }
}

/// Parses and expects errors; returns them as `line:col: message`.
pub(crate) fn parse_err(text: &str) -> Vec<String> {
    let p = pp(text);
    match crate::parse::parse(&p) {
        Ok(tu) => panic!("expected an error, got {tu:#?}"),
        Err(diags) => diags
            .iter()
            .map(|d| match d.location(&p.files) {
                Some((_, l, c)) => format!("{l}:{c}: {}", d.message),
                None => d.message.clone(),
            })
            .collect(),
    }
}

pub(crate) fn render(p: &Preprocessed, diags: &[Diagnostic]) -> String {
    crate::diag::render(diags, &p.files)
}

/// The statements of the body of the first function in a file.
pub(crate) fn body(text: &str) -> Vec<Stmt> {
    let tu = parse_ok(text);
    for item in tu.items {
        let f = match item.kind {
            ItemKind::Function(f) => f,
            ItemKind::Template(t) => match t.item.kind {
                ItemKind::Function(f) => f,
                _ => continue,
            },
            _ => continue,
        };
        if let Some(FnBody::Block(b)) = f.body {
            return b.stmts;
        }
    }
    panic!("no function body");
}

/// The expression of `__device__ void f() { <expr>; }`, rendered.
pub(crate) fn expr(e: &str) -> String {
    let src = format!("__device__ void f() {{ {e}; }}");
    let stmts = body(&src);
    match stmts.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(x)) => show(x),
        other => panic!("not an expression statement: {other:?}"),
    }
}

/// A compact, fully parenthesised rendering of an expression.
pub(crate) fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::IntLit { value, .. } => value.to_string(),
        ExprKind::FloatLit { value, .. } => format!("{value:?}"),
        ExprKind::CharLit(c) => format!("'{c}'"),
        ExprKind::StringLit(s) => format!("{s:?}"),
        ExprKind::BoolLit(b) => b.to_string(),
        ExprKind::Nullptr => "nullptr".into(),
        ExprKind::This => "this".into(),
        ExprKind::Path(p) => show_path(p),
        ExprKind::Unary { op, expr } => match op {
            UnaryOp::PostInc => format!("({}++)", show(expr)),
            UnaryOp::PostDec => format!("({}--)", show(expr)),
            _ => {
                let s = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                    UnaryOp::Not => "!",
                    UnaryOp::BitNot => "~",
                    UnaryOp::Deref => "*",
                    UnaryOp::AddrOf => "&",
                    UnaryOp::PreInc => "++",
                    _ => "--",
                };
                format!("({s}{})", show(expr))
            }
        },
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", show(lhs), binop(*op), show(rhs))
        }
        ExprKind::Assign { op, lhs, rhs } => {
            let o = op.map_or("", binop);
            format!("({} {o}= {})", show(lhs), show(rhs))
        }
        ExprKind::Cond { cond, then, else_ } => {
            format!("({} ? {} : {})", show(cond), show(then), show(else_))
        }
        ExprKind::Comma(a, b) => format!("({}, {})", show(a), show(b)),
        ExprKind::Call { callee, args } => format!("{}({})", show(callee), list(args)),
        ExprKind::Index { base, index } => format!("{}[{}]", show(base), show(index)),
        ExprKind::Member {
            base,
            member,
            arrow,
        } => format!(
            "{}{}{}",
            show(base),
            if *arrow { "->" } else { "." },
            show_seg(member)
        ),
        ExprKind::Cast { kind, ty, expr } => {
            format!("cast<{kind:?} {}>({})", show_ty(ty), show(expr))
        }
        ExprKind::Construct { ty, args, braces } => {
            if *braces {
                format!("{}{{{}}}", show_ty(ty), list(args))
            } else {
                format!("{}({})", show_ty(ty), list(args))
            }
        }
        ExprKind::InitList(elems) => format!("{{{}}}", show_elems(elems)),
        ExprKind::SizeofType(t) => format!("sizeof(type {})", show_ty(t)),
        ExprKind::SizeofExpr(x) => format!("sizeof({})", show(x)),
        ExprKind::AlignofType(t) => format!("alignof({})", show_ty(t)),
        ExprKind::Lambda { params, body, .. } => {
            format!(
                "lambda({} params, {} stmts)",
                params.len(),
                body.stmts.len()
            )
        }
        ExprKind::Launch {
            kernel,
            config,
            args,
        } => format!("{}<<<{}>>>({})", show(kernel), list(config), list(args)),
        ExprKind::Unsupported(w) => format!("unsupported({w})"),
    }
}

fn show_elems(elems: &[InitElem]) -> String {
    elems
        .iter()
        .map(|e| {
            let d = e
                .designator
                .as_ref()
                .map_or(String::new(), |d| format!(".{} = ", d.name));
            format!("{d}{}", show_init(&e.value))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders an initialiser.
pub(crate) fn show_init(i: &Initializer) -> String {
    match i {
        Initializer::Expr(e) => show(e),
        Initializer::List(l, _) => format!("{{{}}}", show_elems(l)),
        Initializer::Ctor(a, _) => format!("({})", list(a)),
    }
}

fn list(args: &[Expr]) -> String {
    args.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn binop(op: BinaryOp) -> &'static str {
    use BinaryOp::*;
    match op {
        Mul => "*",
        Div => "/",
        Rem => "%",
        Add => "+",
        Sub => "-",
        Shl => "<<",
        Shr => ">>",
        Lt => "<",
        Gt => ">",
        Le => "<=",
        Ge => ">=",
        Eq => "==",
        Ne => "!=",
        BitAnd => "&",
        BitXor => "^",
        BitOr => "|",
        LogicalAnd => "&&",
        LogicalOr => "||",
    }
}

/// Renders a path with template arguments.
pub(crate) fn show_path(p: &Path) -> String {
    let segs: Vec<String> = p.segments.iter().map(show_seg).collect();
    format!("{}{}", if p.global { "::" } else { "" }, segs.join("::"))
}

fn show_seg(s: &PathSegment) -> String {
    match &s.args {
        None => s.ident.name.clone(),
        Some(args) => {
            let a: Vec<String> = args
                .iter()
                .map(|a| match a {
                    TemplateArg::Type(t) => format!("type {}", show_ty(t)),
                    TemplateArg::Expr(e) => show(e),
                })
                .collect();
            format!("{}<{}>", s.ident.name, a.join(", "))
        }
    }
}

/// Renders a type in a compact prefix form: `ptr(const float)`.
pub(crate) fn show_ty(t: &Type) -> String {
    let inner = match &t.kind {
        TypeKind::Builtin(b) => format!("{b:?}"),
        TypeKind::Named(p) => show_path(p),
        TypeKind::Auto => "auto".into(),
        TypeKind::Decltype(e) => format!("decltype({})", show(e)),
        TypeKind::Pointer { pointee, restrict } => format!(
            "ptr{}({})",
            if *restrict { " restrict" } else { "" },
            show_ty(pointee)
        ),
        TypeKind::Reference { referee, rvalue } => {
            format!(
                "{}({})",
                if *rvalue { "rref" } else { "ref" },
                show_ty(referee)
            )
        }
        TypeKind::Array { elem, len } => format!(
            "array[{}]({})",
            len.as_ref().map_or(String::new(), |l| show(l)),
            show_ty(elem)
        ),
        TypeKind::Function { ret, params } => format!(
            "fn({}) -> {}",
            params.iter().map(show_ty).collect::<Vec<_>>().join(", "),
            show_ty(ret)
        ),
        TypeKind::Inline(item) => match &item.kind {
            ItemKind::Struct(s) => format!(
                "inline struct {}",
                s.name.as_ref().map_or("<anon>", |n| n.name.as_str())
            ),
            ItemKind::Enum(_) => "inline enum".into(),
            _ => "inline ?".into(),
        },
    };
    let mut s = String::new();
    if t.is_const {
        s.push_str("const ");
    }
    if t.is_volatile {
        s.push_str("volatile ");
    }
    s + &inner
}

#[allow(dead_code)]
pub(crate) fn file_id() -> FileId {
    FileId(0)
}
