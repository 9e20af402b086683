//! Expressions: operands with prefix/postfix operators, binary operators
//! by precedence climbing (pest's `PrattParser`), primaries.

use super::{child, Builder};
use crate::parse::ast::*;
use crate::parse::grammar::Rule;
use crate::source::Span;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

/// C++ binary operator precedences, lowest first. Assignment and `?:` share
/// the lowest level and associate to the right.
pub(super) fn precedences() -> PrattParser<Rule> {
    use Rule::*;
    PrattParser::new()
        .op(Op::infix(assign, Assoc::Right)
            | Op::infix(add_assign, Assoc::Right)
            | Op::infix(sub_assign, Assoc::Right)
            | Op::infix(mul_assign, Assoc::Right)
            | Op::infix(div_assign, Assoc::Right)
            | Op::infix(rem_assign, Assoc::Right)
            | Op::infix(shl_assign, Assoc::Right)
            | Op::infix(shr_assign, Assoc::Right)
            | Op::infix(and_assign, Assoc::Right)
            | Op::infix(or_assign, Assoc::Right)
            | Op::infix(xor_assign, Assoc::Right)
            | Op::infix(ternary, Assoc::Right))
        .op(Op::infix(log_or, Assoc::Left))
        .op(Op::infix(log_and, Assoc::Left))
        .op(Op::infix(bit_or, Assoc::Left) | Op::infix(bit_or_nt, Assoc::Left))
        .op(Op::infix(bit_xor, Assoc::Left))
        .op(Op::infix(bit_and, Assoc::Left) | Op::infix(bit_and_nt, Assoc::Left))
        .op(Op::infix(eq, Assoc::Left) | Op::infix(ne, Assoc::Left))
        .op(Op::infix(lt, Assoc::Left)
            | Op::infix(gt, Assoc::Left)
            | Op::infix(le, Assoc::Left)
            | Op::infix(ge, Assoc::Left))
        .op(Op::infix(shl, Assoc::Left) | Op::infix(shr, Assoc::Left))
        .op(Op::infix(add, Assoc::Left) | Op::infix(sub, Assoc::Left))
        .op(Op::infix(mul, Assoc::Left) | Op::infix(div, Assoc::Left) | Op::infix(rem, Assoc::Left))
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    use BinaryOp as B;
    Some(match rule {
        Rule::mul | Rule::mul_assign => B::Mul,
        Rule::div | Rule::div_assign => B::Div,
        Rule::rem | Rule::rem_assign => B::Rem,
        Rule::add | Rule::add_assign => B::Add,
        Rule::sub | Rule::sub_assign => B::Sub,
        Rule::shl | Rule::shl_assign => B::Shl,
        Rule::shr | Rule::shr_assign => B::Shr,
        Rule::lt => B::Lt,
        Rule::gt => B::Gt,
        Rule::le => B::Le,
        Rule::ge => B::Ge,
        Rule::eq => B::Eq,
        Rule::ne => B::Ne,
        Rule::bit_and | Rule::bit_and_nt | Rule::and_assign => B::BitAnd,
        Rule::bit_xor | Rule::xor_assign => B::BitXor,
        Rule::bit_or | Rule::bit_or_nt | Rule::or_assign => B::BitOr,
        Rule::log_and => B::LogicalAnd,
        Rule::log_or => B::LogicalOr,
        _ => return None,
    })
}

fn is_assign(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::add_assign
            | Rule::sub_assign
            | Rule::mul_assign
            | Rule::div_assign
            | Rule::rem_assign
            | Rule::shl_assign
            | Rule::shr_assign
            | Rule::and_assign
            | Rule::or_assign
            | Rule::xor_assign
    )
}

impl Builder<'_> {
    /// An `expr` pair (comma expressions fold to the left).
    pub(super) fn expr(&self, p: Pair<'_, Rule>) -> Expr {
        let mut parts = p.into_inner().map(|a| self.assign_expr(a));
        let Some(mut acc) = parts.next() else {
            return self.missing_expr(Span::default());
        };
        for rhs in parts {
            let span = acc.span.to(rhs.span);
            acc = Expr {
                kind: ExprKind::Comma(Box::new(acc), Box::new(rhs)),
                span,
            };
        }
        acc
    }

    fn missing_expr(&self, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Unsupported("missing expression".into()),
            span,
        }
    }

    /// An `assign_expr` or `targ_expr` pair: operands and infix operators.
    pub(super) fn assign_expr(&self, p: Pair<'_, Rule>) -> Expr {
        match p.as_rule() {
            Rule::expr => return self.expr(p),
            Rule::assign_expr | Rule::targ_expr | Rule::targ_rel => {}
            _ => return self.missing_expr(self.span(&p)),
        }
        // The Pratt parser needs at least one operand.
        if p.clone().into_inner().next().is_none() {
            return self.missing_expr(self.span(&p));
        }
        self.pratt
            .map_primary(|operand| self.operand(operand))
            .map_infix(|lhs, op, rhs| self.infix(lhs, op, rhs))
            .parse(p.into_inner())
    }

    fn infix(&self, lhs: Expr, op: Pair<'_, Rule>, rhs: Expr) -> Expr {
        let span = lhs.span.to(rhs.span);
        let rule = op.as_rule();
        let kind = if rule == Rule::ternary {
            let then = match op.into_inner().next() {
                Some(e) => self.expr(e),
                None => self.missing_expr(span),
            };
            ExprKind::Cond {
                cond: Box::new(lhs),
                then: Box::new(then),
                else_: Box::new(rhs),
            }
        } else if rule == Rule::assign {
            ExprKind::Assign {
                op: None,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            }
        } else if is_assign(rule) {
            ExprKind::Assign {
                op: binary_op(rule),
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            }
        } else {
            match binary_op(rule) {
                Some(op) => ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                None => ExprKind::Unsupported(format!("operator `{}`", op.as_str())),
            }
        };
        Expr { kind, span }
    }

    /// An `operand`: prefix operators, a primary, postfix operators.
    fn operand(&self, p: Pair<'_, Rule>) -> Expr {
        let mut prefixes = Vec::new();
        let mut acc: Option<Expr> = None;
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::primary | Rule::targ_primary => acc = Some(self.primary(part)),
                _ if acc.is_none() => prefixes.push(part),
                _ => {
                    let base = acc
                        .take()
                        .unwrap_or_else(|| self.missing_expr(Span::default()));
                    acc = Some(self.postfix(base, part));
                }
            }
        }
        let mut e = acc.unwrap_or_else(|| self.missing_expr(Span::default()));
        for pre in prefixes.into_iter().rev() {
            e = self.prefix(pre, e);
        }
        e
    }

    fn prefix(&self, op: Pair<'_, Rule>, e: Expr) -> Expr {
        let span = self.span(&op).to(e.span);
        let unary = |op| ExprKind::Unary {
            op,
            expr: Box::new(e.clone()),
        };
        let kind = match op.as_rule() {
            Rule::pre_inc => unary(UnaryOp::PreInc),
            Rule::pre_dec => unary(UnaryOp::PreDec),
            Rule::neg => unary(UnaryOp::Neg),
            Rule::plus => unary(UnaryOp::Plus),
            Rule::not => unary(UnaryOp::Not),
            Rule::bit_not => unary(UnaryOp::BitNot),
            Rule::deref => unary(UnaryOp::Deref),
            Rule::addr_of => unary(UnaryOp::AddrOf),
            Rule::sizeof_op => ExprKind::SizeofExpr(Box::new(e)),
            Rule::cast_op => {
                let ty = match op.into_inner().next() {
                    Some(t) if t.as_rule() == Rule::bare_cast_type => {
                        let id = t.into_inner().next().map(|i| self.ident(&i));
                        let span = id.as_ref().map_or(span, |i| i.span);
                        match id {
                            Some(id) => Type {
                                kind: TypeKind::Named(Path::simple(id)),
                                is_const: false,
                                is_volatile: false,
                                span,
                            },
                            None => self.error_type(span),
                        }
                    }
                    Some(t) => self.type_id(t),
                    None => self.error_type(span),
                };
                ExprKind::Cast {
                    kind: CastKind::CStyle,
                    ty,
                    expr: Box::new(e),
                }
            }
            _ => ExprKind::Unsupported(format!("operator `{}`", op.as_str())),
        };
        Expr { kind, span }
    }

    fn postfix(&self, base: Expr, op: Pair<'_, Rule>) -> Expr {
        let span = base.span.to(self.span(&op));
        let kind = match op.as_rule() {
            Rule::post_inc => ExprKind::Unary {
                op: UnaryOp::PostInc,
                expr: Box::new(base),
            },
            Rule::post_dec => ExprKind::Unary {
                op: UnaryOp::PostDec,
                expr: Box::new(base),
            },
            Rule::index | Rule::targ_index => {
                let index = match op.into_inner().next() {
                    Some(e) => self.assign_expr(e),
                    None => self.missing_expr(span),
                };
                ExprKind::Index {
                    base: Box::new(base),
                    index: Box::new(index),
                }
            }
            Rule::call => ExprKind::Call {
                callee: Box::new(base),
                args: op
                    .into_inner()
                    .next()
                    .map(|a| self.args(a))
                    .unwrap_or_default(),
            },
            Rule::launch => {
                let mut inner = op.into_inner();
                let config = inner.next().map(|a| self.args(a)).unwrap_or_default();
                let args = inner.next().map(|a| self.args(a)).unwrap_or_default();
                ExprKind::Launch {
                    kernel: Box::new(base),
                    config,
                    args,
                }
            }
            Rule::member_dot | Rule::arrow => {
                let arrow = op.as_rule() == Rule::arrow;
                let member = match child(&op, Rule::member_name) {
                    Some(m) => self.member_name(m),
                    None => PathSegment {
                        ident: Ident {
                            name: String::new(),
                            span,
                        },
                        args: None,
                    },
                };
                ExprKind::Member {
                    base: Box::new(base),
                    member,
                    arrow,
                }
            }
            _ => ExprKind::Unsupported(format!("operator `{}`", op.as_str())),
        };
        Expr { kind, span }
    }

    fn member_name(&self, p: Pair<'_, Rule>) -> PathSegment {
        let mut ident = None;
        let mut args = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::identifier => ident = Some(self.ident(&c)),
                Rule::dtor_name | Rule::operator_name => ident = Some(self.special_name(&c)),
                Rule::template_args => args = Some(self.template_args(c)),
                _ => {}
            }
        }
        PathSegment {
            ident: ident.unwrap_or_else(|| Ident {
                name: String::new(),
                span: Span::default(),
            }),
            args,
        }
    }

    /// An `args` pair: call or construction arguments.
    pub(super) fn args(&self, p: Pair<'_, Rule>) -> Vec<Expr> {
        p.into_inner().map(|a| self.arg(a)).collect()
    }

    fn arg(&self, a: Pair<'_, Rule>) -> Expr {
        match a.as_rule() {
            Rule::init_list => {
                let span = self.span(&a);
                Expr {
                    kind: ExprKind::InitList(self.init_list(a)),
                    span,
                }
            }
            _ => self.assign_expr(a),
        }
    }

    fn primary(&self, p: Pair<'_, Rule>) -> Expr {
        let span = self.span(&p);
        let Some(inner) = p.into_inner().next() else {
            return self.missing_expr(span);
        };
        let kind = match inner.as_rule() {
            Rule::int_lit => self.int_lit(&inner),
            Rule::float_lit => self.float_lit(&inner),
            Rule::char_lit => self.char_lit(&inner),
            Rule::strings => ExprKind::StringLit(self.strings(&inner)),
            Rule::bool_lit => ExprKind::BoolLit(inner.as_str() == "true"),
            Rule::nullptr => ExprKind::Nullptr,
            Rule::this => ExprKind::This,
            Rule::paren_expr | Rule::targ_paren => {
                return match inner.into_inner().next() {
                    Some(e) => {
                        let mut e = self.assign_expr(e);
                        e.span = span;
                        e
                    }
                    None => self.missing_expr(span),
                }
            }
            Rule::lambda => self.lambda(inner),
            Rule::sizeof_expr => match child(&inner, Rule::expr).map(|e| self.expr(e)) {
                Some(Expr {
                    kind: ExprKind::Path(path),
                    span: pspan,
                }) if path.segments.last().is_some_and(|s| s.args.is_some()) => {
                    ExprKind::SizeofType(Type {
                        kind: TypeKind::Named(path),
                        is_const: false,
                        is_volatile: false,
                        span: pspan,
                    })
                }
                Some(e) => ExprKind::SizeofExpr(Box::new(e)),
                None => ExprKind::Unsupported("sizeof".into()),
            },
            Rule::sizeof_type => match child(&inner, Rule::type_id) {
                Some(t) => ExprKind::SizeofType(self.type_id(t)),
                None => ExprKind::Unsupported("sizeof".into()),
            },
            Rule::sizeof_pack => ExprKind::Unsupported("variadic templates".into()),
            Rule::alignof_type => match child(&inner, Rule::type_id) {
                Some(t) => ExprKind::AlignofType(self.type_id(t)),
                None => ExprKind::Unsupported("alignof".into()),
            },
            Rule::named_cast => self.named_cast(inner, span),
            Rule::unsupported_expr => {
                let what = match inner.into_inner().next().map(|c| c.as_rule()) {
                    Some(Rule::new_expr) => "`new` expressions",
                    Some(Rule::delete_expr) => "`delete` expressions",
                    Some(Rule::throw_expr) => "`throw` expressions",
                    _ => "`typeid`",
                };
                ExprKind::Unsupported(what.into())
            }
            Rule::builtin_construct => {
                let mut ty = None;
                let mut args = Vec::new();
                let mut braces = false;
                for c in inner.into_inner() {
                    match c.as_rule() {
                        Rule::builtin_seq => ty = Some(self.builtin_seq(c)),
                        Rule::args => args = self.args(c),
                        Rule::braced_args => {
                            braces = true;
                            args = c
                                .into_inner()
                                .next()
                                .map(|a| self.args(a))
                                .unwrap_or_default();
                        }
                        _ => {}
                    }
                }
                ExprKind::Construct {
                    ty: ty.unwrap_or_else(|| self.error_type(span)),
                    args,
                    braces,
                }
            }
            Rule::init_list => ExprKind::InitList(self.init_list(inner)),
            Rule::plain_path => ExprKind::Path(self.path(inner)),
            Rule::path_primary => {
                let mut path = None;
                let mut braced = None;
                for c in inner.into_inner() {
                    match c.as_rule() {
                        Rule::expr_path => path = Some(self.expr_path(c)),
                        Rule::braced_args => {
                            braced = Some(
                                c.into_inner()
                                    .next()
                                    .map(|a| self.args(a))
                                    .unwrap_or_default(),
                            )
                        }
                        _ => {}
                    }
                }
                let path = path.unwrap_or_else(|| self.error_path(span));
                match braced {
                    Some(args) => ExprKind::Construct {
                        ty: Type {
                            span: path.span,
                            kind: TypeKind::Named(path),
                            is_const: false,
                            is_volatile: false,
                        },
                        args,
                        braces: true,
                    },
                    None => ExprKind::Path(path),
                }
            }
            _ => ExprKind::Unsupported(format!("expression `{}`", inner.as_str())),
        };
        Expr { kind, span }
    }

    fn named_cast(&self, p: Pair<'_, Rule>, span: Span) -> ExprKind {
        let mut kind = CastKind::Static;
        let mut ty = None;
        let mut expr = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::cast_kw => {
                    kind = match c.as_str() {
                        "reinterpret_cast" => CastKind::Reinterpret,
                        "const_cast" => CastKind::Const,
                        "dynamic_cast" => CastKind::Dynamic,
                        _ => CastKind::Static,
                    }
                }
                Rule::type_id => ty = Some(self.type_id(c)),
                Rule::expr => expr = Some(self.expr(c)),
                _ => {}
            }
        }
        ExprKind::Cast {
            kind,
            ty: ty.unwrap_or_else(|| self.error_type(span)),
            expr: Box::new(expr.unwrap_or_else(|| self.missing_expr(span))),
        }
    }

    /// An `init_list` pair: `{ a, .x = b, {c, d} }`.
    pub(super) fn init_list(&self, p: Pair<'_, Rule>) -> Vec<InitElem> {
        p.into_inner()
            .filter(|e| e.as_rule() == Rule::init_elem)
            .map(|e| {
                let mut designator = None;
                let mut value = None;
                for c in e.into_inner() {
                    match c.as_rule() {
                        Rule::designator => {
                            designator = c.into_inner().next().map(|i| self.ident(&i))
                        }
                        Rule::init_list => {
                            let span = self.span(&c);
                            value = Some(Initializer::List(self.init_list(c), span));
                        }
                        _ => value = Some(Initializer::Expr(self.assign_expr(c))),
                    }
                }
                InitElem {
                    designator,
                    value: value
                        .unwrap_or_else(|| Initializer::Expr(self.missing_expr(Span::default()))),
                }
            })
            .collect()
    }

    fn lambda(&self, p: Pair<'_, Rule>) -> ExprKind {
        let mut capture_default = CaptureDefault::None;
        let mut captures = Vec::new();
        let mut params = Vec::new();
        let mut ret = None;
        let mut body = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::captures => {
                    for cap in c.into_inner().filter_map(|x| x.into_inner().next()) {
                        match cap.as_rule() {
                            Rule::capture_default_val => capture_default = CaptureDefault::ByValue,
                            Rule::capture_default_ref => capture_default = CaptureDefault::ByRef,
                            Rule::capture_ref | Rule::capture_val | Rule::capture_this => {
                                let by_ref = cap.as_rule() == Rule::capture_ref;
                                let id =
                                    match cap.clone().into_inner().find(|x| {
                                        matches!(x.as_rule(), Rule::identifier | Rule::this)
                                    }) {
                                        Some(i) => self.ident(&i),
                                        None => self.ident(&cap),
                                    };
                                captures.push((id, by_ref));
                            }
                            _ => {}
                        }
                    }
                }
                Rule::lambda_params => {
                    if let Some(list) = c.into_inner().next() {
                        params = self.param_list(list).0;
                    }
                }
                Rule::type_id => ret = Some(self.type_id(c)),
                Rule::block => body = Some(self.block(c)),
                _ => {}
            }
        }
        let body = body.unwrap_or(Block {
            stmts: Vec::new(),
            span: Span::default(),
        });
        ExprKind::Lambda {
            capture_default,
            captures,
            params,
            ret,
            body,
        }
    }
}
