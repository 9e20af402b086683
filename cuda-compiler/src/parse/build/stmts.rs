//! Statements and blocks.

use super::{child, Builder};
use crate::diag::Diagnostic;
use crate::parse::ast::*;
use crate::parse::grammar::{CudaParser, Rule};
use crate::source::Span;
use pest::iterators::Pair;
use pest::Parser;

impl Builder<'_> {
    /// A `block` pair.
    pub(crate) fn block(&self, p: Pair<'_, Rule>) -> Block {
        let span = self.span(&p);
        let stmts = p
            .into_inner()
            .filter(|s| s.as_rule() == Rule::stmt)
            .flat_map(|s| self.stmt(s))
            .collect();
        Block { stmts, span }
    }

    /// One statement where the grammar wants exactly one (bodies of `if`,
    /// loops): several statements from one declaration become a block.
    fn single_stmt(&self, p: Pair<'_, Rule>) -> Stmt {
        let span = self.span(&p);
        let mut stmts = self.stmt(p);
        if stmts.len() == 1 {
            if let Some(s) = stmts.pop() {
                return s;
            }
        }
        Stmt {
            kind: StmtKind::Block(Block { stmts, span }),
            span,
        }
    }

    /// A `stmt` pair (a local typedef of several names gives several).
    pub(super) fn stmt(&self, p: Pair<'_, Rule>) -> Vec<Stmt> {
        let span = self.span(&p);
        let Some(s) = p.into_inner().next() else {
            return Vec::new();
        };
        let one = |kind| vec![Stmt { kind, span }];
        match s.as_rule() {
            Rule::pragma_unroll => one(self.pragma_unroll(s)),
            Rule::block => one(StmtKind::Block(self.block(s))),
            Rule::if_stmt => {
                let mut constexpr = false;
                let mut cond = None;
                let mut branches = Vec::new();
                for c in s.into_inner() {
                    match c.as_rule() {
                        Rule::k_constexpr => constexpr = true,
                        Rule::condition => cond = Some(self.condition(c)),
                        Rule::stmt => branches.push(self.single_stmt(c)),
                        _ => {}
                    }
                }
                let mut branches = branches.into_iter();
                let then = branches.next().unwrap_or(Stmt {
                    kind: StmtKind::Empty,
                    span,
                });
                one(StmtKind::If {
                    constexpr,
                    cond: cond.unwrap_or_else(|| self.missing(span)),
                    then: Box::new(then),
                    else_: branches.next().map(Box::new),
                })
            }
            Rule::while_stmt => {
                let (cond, body) = self.cond_and_body(s, span);
                one(StmtKind::While {
                    cond,
                    body: Box::new(body),
                })
            }
            Rule::switch_stmt => {
                let (cond, body) = self.cond_and_body(s, span);
                one(StmtKind::Switch {
                    cond,
                    body: Box::new(body),
                })
            }
            Rule::do_stmt => {
                let body = child(&s, Rule::stmt).map(|b| self.single_stmt(b));
                let cond = child(&s, Rule::expr).map(|e| self.expr(e));
                one(StmtKind::DoWhile {
                    body: Box::new(body.unwrap_or(Stmt {
                        kind: StmtKind::Empty,
                        span,
                    })),
                    cond: cond.unwrap_or_else(|| self.missing(span)),
                })
            }
            Rule::for_stmt => one(self.for_stmt(s, span)),
            Rule::case_label => {
                let mut values = s.into_inner().filter(|c| c.as_rule() == Rule::assign_expr);
                let value = values.next().map(|v| self.assign_expr(v));
                if values.next().is_some() {
                    self.push(Diagnostic::unsupported("case ranges").at_expanded(span, self.map));
                }
                one(StmtKind::Case(value.unwrap_or_else(|| self.missing(span))))
            }
            Rule::default_label => one(StmtKind::Default),
            Rule::break_stmt => one(StmtKind::Break),
            Rule::continue_stmt => one(StmtKind::Continue),
            Rule::return_stmt => {
                let value = s
                    .into_inner()
                    .find(|c| matches!(c.as_rule(), Rule::expr | Rule::init_list))
                    .map(|c| match c.as_rule() {
                        Rule::init_list => {
                            let span = self.span(&c);
                            Expr {
                                kind: ExprKind::InitList(self.init_list(c)),
                                span,
                            }
                        }
                        _ => self.expr(c),
                    });
                one(StmtKind::Return(value))
            }
            Rule::goto_stmt => match child(&s, Rule::identifier) {
                Some(i) => one(StmtKind::Goto(self.ident(&i))),
                None => Vec::new(),
            },
            Rule::asm_stmt => one(StmtKind::Asm),
            Rule::try_stmt => one(StmtKind::Expr(Expr {
                kind: ExprKind::Unsupported("`try` blocks".into()),
                span,
            })),
            Rule::label_stmt => match child(&s, Rule::identifier) {
                Some(i) => one(StmtKind::Label(self.ident(&i))),
                None => Vec::new(),
            },
            Rule::local_item => s
                .into_inner()
                .flat_map(|i| self.item_kind(i))
                .map(|item| Stmt {
                    span: item.span,
                    kind: StmtKind::Item(item),
                })
                .collect(),
            Rule::decl_stmt => one(StmtKind::Decl(self.declarations(s))),
            Rule::expr_stmt => match child(&s, Rule::expr) {
                Some(e) => one(StmtKind::Expr(self.expr(e))),
                None => Vec::new(),
            },
            _ => one(StmtKind::Empty),
        }
    }

    fn missing(&self, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Unsupported("missing expression".into()),
            span,
        }
    }

    fn cond_and_body(&self, s: Pair<'_, Rule>, span: Span) -> (Expr, Stmt) {
        let cond = child(&s, Rule::condition).map(|c| self.condition(c));
        let body = child(&s, Rule::stmt).map(|b| self.single_stmt(b));
        (
            cond.unwrap_or_else(|| self.missing(span)),
            body.unwrap_or(Stmt {
                kind: StmtKind::Empty,
                span,
            }),
        )
    }

    fn condition(&self, p: Pair<'_, Rule>) -> Expr {
        let span = self.span(&p);
        match p.into_inner().next() {
            Some(e) if e.as_rule() == Rule::expr => self.expr(e),
            _ => Expr {
                kind: ExprKind::Unsupported("declarations in conditions".into()),
                span,
            },
        }
    }

    /// Declarations of a `decl_stmt`, `var_item` or `field`.
    pub(super) fn declarations(&self, p: Pair<'_, Rule>) -> Vec<VarDecl> {
        let mut specs = None;
        let mut out = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::decl_specs => specs = Some(self.decl_specs(c)),
                Rule::init_declarator => {
                    if let Some(s) = &specs {
                        out.extend(self.init_declarator(c, &s.var, &s.base));
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn for_stmt(&self, s: Pair<'_, Rule>, span: Span) -> StmtKind {
        let body = child(&s, Rule::stmt).map(|b| self.single_stmt(b));
        let body = Box::new(body.unwrap_or(Stmt {
            kind: StmtKind::Empty,
            span,
        }));
        if let Some(head) = child(&s, Rule::range_for_head) {
            let mut specs = None;
            let mut var = None;
            let mut range = None;
            for c in head.into_inner() {
                match c.as_rule() {
                    Rule::decl_specs => specs = Some(self.decl_specs(c)),
                    Rule::declarator => {
                        let dspan = self.span(&c);
                        if let Some(sp) = &specs {
                            let (ty, name) = self.declare(sp.base.clone(), c.into_inner());
                            var = name.map(|name| VarDecl {
                                quals: sp.var.clone(),
                                ty,
                                name,
                                init: None,
                                span: dspan,
                            });
                        }
                    }
                    Rule::init_list => {
                        let rspan = self.span(&c);
                        range = Some(Expr {
                            kind: ExprKind::InitList(self.init_list(c)),
                            span: rspan,
                        });
                    }
                    Rule::expr => range = Some(self.expr(c)),
                    _ => {}
                }
            }
            return match var {
                Some(var) => StmtKind::RangeFor {
                    var: Box::new(var),
                    range: range.unwrap_or_else(|| self.missing(span)),
                    body,
                },
                None => StmtKind::Empty,
            };
        }
        let mut init = None;
        let mut cond = None;
        let mut step = None;
        if let Some(head) = child(&s, Rule::for_head) {
            for c in head.into_inner() {
                match c.as_rule() {
                    Rule::for_init => {
                        let ispan = self.span(&c);
                        init = c.into_inner().next().and_then(|st| {
                            let kind = match st.as_rule() {
                                Rule::decl_stmt => StmtKind::Decl(self.declarations(st)),
                                Rule::expr_stmt => StmtKind::Expr(
                                    child(&st, Rule::expr)
                                        .map_or_else(|| self.missing(ispan), |e| self.expr(e)),
                                ),
                                _ => return None,
                            };
                            Some(Box::new(Stmt { kind, span: ispan }))
                        });
                    }
                    Rule::for_cond => cond = c.into_inner().next().map(|x| self.condition(x)),
                    Rule::for_step => step = c.into_inner().next().map(|x| self.expr(x)),
                    _ => {}
                }
            }
        }
        StmtKind::For {
            init,
            cond,
            step,
            body,
        }
    }

    fn pragma_unroll(&self, p: Pair<'_, Rule>) -> StmtKind {
        let Some(arg) = child(&p, Rule::pragma_arg) else {
            return StmtKind::PragmaUnroll(None);
        };
        let text = arg.as_str();
        if text.trim().is_empty() {
            return StmtKind::PragmaUnroll(None);
        }
        let start = self.span(&arg).lo;
        match CudaParser::parse(Rule::expr_eoi, text) {
            Ok(mut pairs) => {
                let sub = super::Builder::new(start, self.full_text, self.map);
                let e = pairs
                    .next()
                    .and_then(|x| child(&x, Rule::expr))
                    .map(|e| sub.expr(e));
                self.diags.borrow_mut().extend(sub.into_diags());
                StmtKind::PragmaUnroll(e)
            }
            Err(_) => {
                let lead = (text.len() - text.trim_start().len()) as u32;
                let span = Span::new(start + lead, start + text.trim_end().len() as u32);
                self.error(span, "expected an unroll count after `#pragma unroll`");
                StmtKind::PragmaUnroll(None)
            }
        }
    }
}
