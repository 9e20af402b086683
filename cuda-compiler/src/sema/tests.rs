//! Sema tests: CUDA snippets through the parser and sema, with exact IR
//! facts and exact diagnostics.

mod errors;
mod lowering;
mod templates;

use crate::ir::{self, Expr, ExprKind, Function, Module, Stmt, StmtKind, Type};
use crate::source::{ExpansionMap, Files, Preprocessed, Segment, SourceFile, SrcSpan};
use crate::{parse, Options};

/// Parses and lowers `src` (no preprocessing: an identity source map).
pub(super) fn lower_with(src: &str, instances: &[&str]) -> Result<Module, Vec<String>> {
    let mut files = Files::new();
    let id = files.add(SourceFile::new("t.cu", None, src));
    let mut map = ExpansionMap::new();
    map.push(Segment {
        out_lo: 0,
        out_hi: src.len() as u32,
        src: SrcSpan {
            file: id,
            lo: 0,
            hi: src.len() as u32,
        },
        expansion: None,
    });
    let pp = Preprocessed {
        text: src.to_string(),
        map,
        files,
        dependencies: Vec::new(),
    };
    let opts = Options {
        instances: instances.iter().map(|s| (*s).to_string()).collect(),
        ..Options::default()
    };
    let render = |d: &crate::diag::Diagnostic| match d.location(&pp.files) {
        Some((_, l, c)) => format!("{l}:{c}: {}", d.message),
        None => d.message.clone(),
    };
    let tu = parse::parse(&pp).map_err(|ds| {
        ds.iter()
            .map(|d| format!("parse: {}", render(d)))
            .collect::<Vec<_>>()
    })?;
    super::lower(&tu, &pp, &opts)
        .map(|(m, _)| m)
        .map_err(|ds| ds.iter().map(render).collect())
}

/// Lowers `src`, which must succeed.
pub(super) fn lower_ok(src: &str) -> Module {
    match lower_with(src, &[]) {
        Ok(m) => m,
        Err(e) => panic!("unexpected errors: {e:#?}"),
    }
}

/// Lowers `src`, which must fail; returns the errors as `line:col: msg`.
pub(super) fn lower_err(src: &str) -> Vec<String> {
    match lower_with(src, &[]) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

/// The function implementing kernel `name`.
pub(super) fn kernel<'m>(m: &'m Module, name: &str) -> &'m Function {
    let k = m
        .kernels
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no kernel {name}; have {:?}",
                m.kernels.iter().map(|k| &k.name).collect::<Vec<_>>()
            )
        });
    m.function(k.func)
}

/// All statements of a function, depth first.
pub(super) fn all_stmts(f: &Function) -> Vec<&Stmt> {
    fn walk<'f>(b: &'f [Stmt], out: &mut Vec<&'f Stmt>) {
        for s in b {
            out.push(s);
            match &s.kind {
                StmtKind::If { accept, reject, .. } => {
                    walk(accept, out);
                    walk(reject, out);
                }
                StmtKind::Loop {
                    body, continuing, ..
                } => {
                    walk(body, out);
                    walk(continuing, out);
                }
                StmtKind::Block(b) => walk(b, out),
                StmtKind::Switch { cases, .. } => {
                    for c in cases {
                        walk(&c.body, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&f.body, &mut out);
    out
}

/// The value stored into the local named `name` (the first such store).
pub(super) fn stored_to<'f>(f: &'f Function, name: &str) -> &'f Expr {
    for s in all_stmts(f) {
        if let StmtKind::Store { ptr, value, .. } = &s.kind {
            if let ExprKind::LocalPtr(l) = f.exprs[*ptr].kind {
                if f.locals[l.0 as usize].name == name {
                    return &f.exprs[*value];
                }
            }
        }
    }
    panic!("no store to {name}")
}

/// The type of the local named `name`.
pub(super) fn local_ty<'f>(f: &'f Function, name: &str) -> &'f Type {
    &f.locals
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no local {name}"))
        .ty
}

/// Shorthand for a scalar type.
pub(super) fn sc(s: ir::Scalar) -> Type {
    Type::Scalar(s)
}
