//! Read-only walks over statements and expressions (launch discovery,
//! lambda captures, return detection).

use crate::parse::ast::{self, ExprKind as E, StmtKind as S};

/// Calls `on_stmt` for every statement and `on_expr` for every expression
/// under `s`, outer before inner; lambda bodies are included.
pub(crate) fn walk_stmt<'a>(
    s: &'a ast::Stmt,
    on_stmt: &mut dyn FnMut(&'a ast::Stmt),
    on_expr: &mut dyn FnMut(&'a ast::Expr),
) {
    on_stmt(s);
    match &s.kind {
        S::Decl(decls) => {
            for d in decls {
                walk_init(d.init.as_ref(), on_expr);
            }
        }
        S::Expr(e) | S::Case(e) => walk_expr(e, on_expr),
        S::Block(b) => walk_block(b, on_stmt, on_expr),
        S::If {
            cond, then, else_, ..
        } => {
            walk_expr(cond, on_expr);
            walk_stmt(then, on_stmt, on_expr);
            if let Some(e) = else_ {
                walk_stmt(e, on_stmt, on_expr);
            }
        }
        S::While { cond, body } | S::DoWhile { body, cond } => {
            walk_expr(cond, on_expr);
            walk_stmt(body, on_stmt, on_expr);
        }
        S::For {
            init,
            cond,
            step,
            body,
        } => {
            if let Some(i) = init {
                walk_stmt(i, on_stmt, on_expr);
            }
            if let Some(c) = cond {
                walk_expr(c, on_expr);
            }
            if let Some(st) = step {
                walk_expr(st, on_expr);
            }
            walk_stmt(body, on_stmt, on_expr);
        }
        S::RangeFor { range, body, .. } => {
            walk_expr(range, on_expr);
            walk_stmt(body, on_stmt, on_expr);
        }
        S::Switch { cond, body } => {
            walk_expr(cond, on_expr);
            walk_stmt(body, on_stmt, on_expr);
        }
        S::Return(Some(e)) => walk_expr(e, on_expr),
        _ => {}
    }
}

/// Walks every statement of a block.
pub(crate) fn walk_block<'a>(
    b: &'a ast::Block,
    on_stmt: &mut dyn FnMut(&'a ast::Stmt),
    on_expr: &mut dyn FnMut(&'a ast::Expr),
) {
    for s in &b.stmts {
        walk_stmt(s, on_stmt, on_expr);
    }
}

fn walk_init<'a>(init: Option<&'a ast::Initializer>, on_expr: &mut dyn FnMut(&'a ast::Expr)) {
    match init {
        Some(ast::Initializer::Expr(e)) => walk_expr(e, on_expr),
        Some(ast::Initializer::List(elems, _)) => {
            for el in elems {
                walk_init(Some(&el.value), on_expr);
            }
        }
        Some(ast::Initializer::Ctor(args, _)) => {
            for a in args {
                walk_expr(a, on_expr);
            }
        }
        None => {}
    }
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn walk_expr<'a>(e: &'a ast::Expr, f: &mut dyn FnMut(&'a ast::Expr)) {
    let mut stack = vec![e];
    let mut steps = 0usize;
    while let Some(x) = stack.pop() {
        steps += 1;
        if steps > 1_000_000 {
            return;
        }
        f(x);
        match &x.kind {
            E::Unary { expr, .. } | E::Cast { expr, .. } | E::SizeofExpr(expr) => stack.push(expr),
            E::Binary { lhs, rhs, .. } | E::Assign { lhs, rhs, .. } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            E::Cond { cond, then, else_ } => {
                stack.push(cond);
                stack.push(then);
                stack.push(else_);
            }
            E::Comma(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            E::Call { callee, args } => {
                stack.push(callee);
                stack.extend(args.iter());
            }
            E::Index { base, index } => {
                stack.push(base);
                stack.push(index);
            }
            E::Member { base, .. } => stack.push(base),
            E::Construct { args, .. } => stack.extend(args.iter()),
            E::InitList(elems) => {
                for el in elems {
                    if let ast::Initializer::Expr(v) = &el.value {
                        stack.push(v);
                    }
                }
            }
            E::Launch {
                kernel,
                config,
                args,
            } => {
                stack.push(kernel);
                stack.extend(config.iter());
                stack.extend(args.iter());
            }
            E::Lambda { body, .. } => {
                let mut inner: Vec<&'a ast::Expr> = Vec::new();
                walk_block(body, &mut |_| {}, &mut |ie| inner.push(ie));
                for ie in inner {
                    f(ie);
                }
            }
            _ => {}
        }
    }
}

/// Does the block contain a `return` (outside nested lambdas)?
pub(crate) fn count_returns(stmts: &[ast::Stmt]) -> usize {
    let mut n = 0;
    for s in stmts {
        walk_stmt(
            s,
            &mut |st| {
                if matches!(st.kind, S::Return(_)) {
                    n += 1;
                }
            },
            &mut |_| {},
        );
    }
    n
}
