//! Rules of statements: control flow, returns, statement results, calls,
//! atomics, warp collectives and barriers.

use super::types::{is_bool, is_int_scalar, pointer, same};
use super::Cx;
use crate::analysis::walk::{stmt_exprs, stmt_result};
use crate::ir::{
    AddrSpace, AtomicOp, BarrierKind, Block, ExprId, ExprKind, Function, FunctionKind, Scalar,
    Stmt, StmtKind, Type, WarpOp,
};
use crate::source::Span;

/// What encloses the statement being checked.
#[derive(Clone, Copy, Default)]
struct Nest {
    /// Inside a loop body (a `Continue` target).
    in_loop: bool,
    /// Inside a loop body or switch (a `Break` target).
    breakable: bool,
}

struct StmtCx<'c, 'a> {
    cx: &'c mut Cx<'a>,
    func: &'a Function,
    /// How many statements define each `StmtResult` expression.
    defined: Vec<u32>,
}

/// Checks the statements of a function whose expressions were checked.
pub fn check_body<'a>(cx: &mut Cx<'a>, func: &'a Function) {
    let mut sc = StmtCx {
        cx,
        func,
        defined: vec![0; func.exprs.len()],
    };
    sc.block(&func.body, Nest::default());
    for (h, e) in func.exprs.iter() {
        if e.kind == ExprKind::StmtResult {
            let n = sc.defined.get(h.index()).copied().unwrap_or(0);
            if n != 1 {
                sc.cx.error(
                    func.exprs.span(h),
                    format_args!("statement result {h:?} is defined by {n} statements, not one"),
                );
            }
        }
    }
}

impl StmtCx<'_, '_> {
    fn ty(&self, e: ExprId) -> &Type {
        &self.func.exprs[e].ty
    }

    fn show(&self, ty: &Type) -> String {
        format!("`{}`", self.cx.ty(ty))
    }

    fn block(&mut self, block: &Block, nest: Nest) {
        for stmt in block {
            self.stmt(stmt, nest);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, nest: Nest) {
        let span = stmt.span;
        let exprs = stmt_exprs(&stmt.kind);
        if let Some(bad) = exprs.iter().find(|e| e.index() >= self.func.exprs.len()) {
            self.cx.error(
                span,
                format_args!("statement names expression {bad:?}, which is out of range"),
            );
            return;
        }
        if let Some(r) = stmt_result(&stmt.kind) {
            if self.func.exprs[r].kind != ExprKind::StmtResult {
                self.cx.error(
                    span,
                    format_args!("statement result {r:?} is not a `StmtResult` expression"),
                );
            } else if let Some(n) = self.defined.get_mut(r.index()) {
                *n += 1;
            }
        }
        match &stmt.kind {
            StmtKind::Store { ptr, value, .. } => self.store(span, *ptr, *value),
            StmtKind::Eval(_) | StmtKind::Fence(_) => {}
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                self.condition(span, *cond, "`if`");
                self.block(accept, nest);
                self.block(reject, nest);
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                let inner = Nest {
                    in_loop: true,
                    breakable: true,
                };
                self.block(body, inner);
                // `continue` inside `continuing` would never leave it.
                self.block(
                    continuing,
                    Nest {
                        in_loop: false,
                        breakable: true,
                    },
                );
            }
            StmtKind::Break if !nest.breakable => {
                self.cx.error(span, "`break` outside a loop or switch");
            }
            StmtKind::Continue if !nest.in_loop => {
                self.cx.error(span, "`continue` outside a loop body");
            }
            StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Return(value) => self.ret(span, *value),
            StmtKind::Switch { selector, cases } => {
                if !is_int_scalar(self.ty(*selector)) {
                    let t = self.show(self.ty(*selector));
                    self.cx
                        .error(span, format_args!("switch on {t}, not an integer"));
                }
                let mut seen = std::collections::HashSet::new();
                let mut defaults = 0;
                for case in cases {
                    defaults += usize::from(case.is_default);
                    for v in &case.values {
                        if !seen.insert(*v) {
                            self.cx
                                .error(span, format_args!("duplicate case value {v}"));
                        }
                    }
                    self.block(
                        &case.body,
                        Nest {
                            breakable: true,
                            ..nest
                        },
                    );
                }
                if defaults > 1 {
                    self.cx.error(span, "switch with several `default` arms");
                }
            }
            StmtKind::Block(b) => self.block(b, nest),
            StmtKind::Call { func, args, result } => self.call(span, *func, args, *result),
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                result,
                ..
            } => self.atomic(span, *op, *ptr, *value, *compare, *result),
            StmtKind::Warp { op, args, result } => self.warp(span, *op, args, *result),
            StmtKind::Barrier { kind, mask } => {
                if *kind == BarrierKind::Block && mask.is_some() {
                    self.cx.error(span, "block barrier with a lane mask");
                }
                if let Some(m) = mask {
                    if !is_int_scalar(self.ty(*m)) {
                        let t = self.show(self.ty(*m));
                        self.cx
                            .error(span, format_args!("barrier mask of type {t}"));
                    }
                }
            }
            StmtKind::BarrierReduce { pred, result, .. } => {
                let p = self.ty(*pred);
                if !(is_int_scalar(p) || is_bool(p)) {
                    let t = self.show(p);
                    self.cx
                        .error(span, format_args!("barrier predicate of type {t}"));
                }
                if *self.ty(*result) != Type::Scalar(Scalar::I32) {
                    self.cx.error(span, "barrier reduction result is not `i32`");
                }
            }
        }
    }

    fn condition(&mut self, span: Span, cond: ExprId, what: &str) {
        if !is_bool(self.ty(cond)) {
            let t = self.show(self.ty(cond));
            self.cx
                .error(span, format_args!("{what} condition is {t}, not `bool`"));
        }
    }

    fn store(&mut self, span: Span, ptr: ExprId, value: ExprId) {
        match pointer(self.ty(ptr)) {
            None => {
                let t = self.show(self.ty(ptr));
                self.cx
                    .error(span, format_args!("store through a non-pointer {t}"));
            }
            Some((_, AddrSpace::Constant)) => {
                self.cx.error(span, "store into constant memory");
            }
            Some((pointee, _)) if !same(pointee, self.ty(value)) => {
                let (p, v) = (self.show(pointee), self.show(self.ty(value)));
                self.cx
                    .error(span, format_args!("store of {v} through a pointer to {p}"));
            }
            Some(_) => {}
        }
    }

    fn ret(&mut self, span: Span, value: Option<ExprId>) {
        let want = &self.func.result;
        match value {
            None if *want == Type::Void => {}
            None => {
                let w = self.show(want);
                self.cx.error(
                    span,
                    format_args!("`return` without a value in a function returning {w}"),
                );
            }
            Some(v) if !same(self.ty(v), want) => {
                let (g, w) = (self.show(self.ty(v)), self.show(want));
                self.cx.error(
                    span,
                    format_args!("`return` of {g} in a function returning {w}"),
                );
            }
            Some(_) => {}
        }
    }

    fn result_type(&mut self, span: Span, result: Option<ExprId>, want: &Type, what: &str) {
        if let Some(r) = result {
            if !same(self.ty(r), want) {
                let (g, w) = (self.show(self.ty(r)), self.show(want));
                self.cx
                    .error(span, format_args!("{what} result typed {g}, expected {w}"));
            }
        }
    }

    fn call(
        &mut self,
        span: Span,
        func: crate::ir::FuncId,
        args: &[ExprId],
        result: Option<ExprId>,
    ) {
        let Some(callee) = self.cx.module.functions.get(func.0 as usize) else {
            self.cx.error(
                span,
                format_args!("call of function #{}, which is out of range", func.0),
            );
            return;
        };
        if callee.kind == FunctionKind::Kernel {
            self.cx.error(
                span,
                format_args!("call of kernel `{}` from device code", callee.name),
            );
        }
        if args.len() != callee.params.len() {
            self.cx.error(
                span,
                format_args!(
                    "call of `{}` with {} arguments, expected {}",
                    callee.name,
                    args.len(),
                    callee.params.len()
                ),
            );
        } else {
            for (i, (a, p)) in args.iter().zip(&callee.params).enumerate() {
                if !same(self.ty(*a), &p.ty) {
                    let (g, w) = (self.show(self.ty(*a)), self.show(&p.ty));
                    self.cx.error(
                        span,
                        format_args!("argument {i} of `{}` is {g}, expected {w}", callee.name),
                    );
                }
            }
        }
        if result.is_some() && callee.result == Type::Void {
            self.cx.error(
                span,
                format_args!("result taken from `{}`, which returns void", callee.name),
            );
        } else {
            let want = callee.result.clone();
            self.result_type(span, result, &want, "call");
        }
    }

    fn atomic(
        &mut self,
        span: Span,
        op: AtomicOp,
        ptr: ExprId,
        value: ExprId,
        compare: Option<ExprId>,
        result: Option<ExprId>,
    ) {
        let Some((pointee, space)) = pointer(self.ty(ptr)).map(|(p, s)| (p.clone(), s)) else {
            let t = self.show(self.ty(ptr));
            self.cx
                .error(span, format_args!("atomic on a non-pointer {t}"));
            return;
        };
        if !matches!(
            space,
            AddrSpace::Global | AddrSpace::Shared | AddrSpace::Generic
        ) {
            self.cx
                .error(span, format_args!("atomic on {} memory", space.name()));
        }
        let scalar_ok = match &pointee {
            Type::Scalar(s) => s.is_int() || s.is_float(),
            Type::Vector(s, 2) => matches!(s, Scalar::F16 | Scalar::BF16),
            _ => false,
        };
        if !scalar_ok {
            let t = self.show(&pointee);
            self.cx.error(span, format_args!("atomic on {t}"));
        }
        if !same(self.ty(value), &pointee) {
            let (v, p) = (self.show(self.ty(value)), self.show(&pointee));
            self.cx
                .error(span, format_args!("atomic operand {v} on a pointer to {p}"));
        }
        match (op == AtomicOp::CompareExchange, compare) {
            (true, None) => self
                .cx
                .error(span, "compare-exchange without a compare value"),
            (false, Some(_)) => self.cx.error(
                span,
                "compare value on an atomic that is not compare-exchange",
            ),
            (true, Some(c)) if !same(self.ty(c), &pointee) => {
                let t = self.show(self.ty(c));
                self.cx
                    .error(span, format_args!("compare value of type {t}"));
            }
            _ => {}
        }
        self.result_type(span, result, &pointee, "atomic");
    }

    fn warp(&mut self, span: Span, op: WarpOp, args: &[ExprId], result: Option<ExprId>) {
        let arity = match op {
            WarpOp::Shuffle(_) => 4,
            WarpOp::ActiveMask => 0,
            _ => 2,
        };
        if args.len() != arity {
            self.cx.error(
                span,
                format_args!(
                    "warp {op:?} with {} arguments, expected {arity}",
                    args.len()
                ),
            );
            return;
        }
        if let Some(&mask) = args.first() {
            if !is_int_scalar(self.ty(mask)) {
                let t = self.show(self.ty(mask));
                self.cx.error(span, format_args!("warp mask of type {t}"));
            }
        }
        let want = match op {
            WarpOp::All | WarpOp::Any | WarpOp::Uni => Type::Scalar(Scalar::Bool),
            WarpOp::Ballot | WarpOp::ActiveMask | WarpOp::MatchAny | WarpOp::MatchAll => {
                Type::Scalar(Scalar::U32)
            }
            WarpOp::Shuffle(_)
            | WarpOp::ReduceAdd
            | WarpOp::ReduceMin
            | WarpOp::ReduceMax
            | WarpOp::ReduceAnd
            | WarpOp::ReduceOr
            | WarpOp::ReduceXor => self.ty(args[1]).clone(),
        };
        self.result_type(span, result, &want, "warp collective");
    }
}
