//! The state of one built-in call being lowered, and the emit helpers every
//! family shares.

use super::{Arg, Lowered};
use crate::diag::Diagnostic;
use crate::ir::{
    AddrSpace, BinaryOp, CacheHint, ExprId, ExprKind, Intrinsic, Literal, Rounding, Scalar,
    StmtKind, Type, UnaryOp,
};
use crate::sema::builder::FnBuilder;
use crate::source::Span;

/// Upper bound on expression nodes visited when deciding whether a value
/// reads memory (beyond it the value is treated as reading memory).
const LOAD_SCAN_BUDGET: usize = 4096;

/// A value used by several statements (see [`Call::reusable`]).
pub(super) enum Reusable {
    /// Reads no memory: the expression itself.
    Pure(ExprId),
    /// Stored in a local: each use loads it.
    Local {
        /// The local's address.
        ptr: ExprId,
        /// The value's type.
        ty: Type,
    },
}

/// One built-in call: the builder, the callee name and the arguments.
pub(super) struct Call<'c, 'b> {
    /// The function being built.
    pub b: &'c mut FnBuilder<'b>,
    /// The callee as written (without `std::`/`::`).
    pub name: &'c str,
    /// Explicit template arguments (`<…>` after the name).
    pub template_args: &'c [Type],
    /// The arguments (default arguments appended by the family).
    pub args: Vec<Arg>,
    /// The argument types as written, for diagnostics.
    pub written: Vec<Type>,
    /// The whole call.
    pub span: Span,
}

impl Call<'_, '_> {
    /// An error at the call.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        self.b.error(self.span, message)
    }

    /// An error at argument `i` (the call when there is no such argument).
    pub fn error_at_arg(&self, i: usize, message: impl Into<String>) -> Diagnostic {
        let span = self.args.get(i).map_or(self.span, |a| a.span);
        self.b.error(span, message)
    }

    /// "unsupported: `name`" at the call, as a lowering result.
    pub fn unsupported(&self) -> Lowered {
        Err(Diagnostic::unsupported(format!("`{}`", self.name)).at_expanded(self.span, self.b.map))
    }

    /// Rejects explicit template arguments (`sqrtf<float>(x)`): no built-in
    /// except `std::min`/`std::max` takes any.
    pub fn reject_template_args(&self) -> Result<(), Diagnostic> {
        if self.template_args.is_empty() {
            Ok(())
        } else {
            Err(self.error(format!(
                "`{}` is not a template; it takes no template arguments",
                self.name
            )))
        }
    }

    /// Pushes a warning about this call.
    pub fn warn(&mut self, message: impl Into<String>) {
        let d = Diagnostic::warning(message).at_expanded(self.span, self.b.map);
        self.b.warnings.push(d);
    }

    /// Argument `i` converted to `to` (C++ implicit conversion; the
    /// overload resolution has already checked that it exists).
    pub fn arg_as(&mut self, i: usize, to: &Type) -> ExprId {
        match self.args.get(i) {
            Some(a) => {
                let (e, span) = (a.expr, a.span);
                self.b.convert(e, to, span)
            }
            None => self.zero(to),
        }
    }

    /// Argument `i` converted to a scalar type.
    pub fn arg_as_scalar(&mut self, i: usize, s: Scalar) -> ExprId {
        self.arg_as(i, &Type::Scalar(s))
    }

    /// A zero of a scalar type (void/aggregates get an `i32` zero; only
    /// reached on paths already reported as errors).
    pub fn zero(&mut self, ty: &Type) -> ExprId {
        match ty.element_scalar() {
            Some(s) if s.is_float() => self.b.float(0.0, s, self.span),
            Some(Scalar::Bool) => self.b.bool(false, self.span),
            Some(s) => self.b.int(0, s, self.span),
            None => self.b.int(0, Scalar::I32, self.span),
        }
    }

    /// An integer literal at the call.
    pub fn int(&mut self, value: i128, s: Scalar) -> ExprId {
        self.b.int(value, s, self.span)
    }

    /// A floating literal at the call.
    pub fn float(&mut self, value: f64, s: Scalar) -> ExprId {
        self.b.float(value, s, self.span)
    }

    /// An expression at the call.
    pub fn expr(&mut self, kind: ExprKind, ty: Type) -> ExprId {
        self.b.expr(kind, ty, self.span)
    }

    /// A pure intrinsic.
    pub fn intrinsic(&mut self, fun: Intrinsic, args: Vec<ExprId>, ty: Type) -> ExprId {
        self.expr(ExprKind::Intrinsic { fun, args }, ty)
    }

    /// A binary operator; comparisons and logical operators give `bool`,
    /// the rest the left operand's type.
    pub fn binary(&mut self, op: BinaryOp, lhs: ExprId, rhs: ExprId) -> ExprId {
        let ty = if op.is_comparison() || matches!(op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) {
            Type::Scalar(Scalar::Bool)
        } else {
            self.b.ty(lhs).clone()
        };
        self.expr(ExprKind::Binary { op, lhs, rhs }, ty)
    }

    /// A unary operator (result of the operand's type).
    pub fn unary(&mut self, op: UnaryOp, arg: ExprId) -> ExprId {
        let ty = self.b.ty(arg).clone();
        self.expr(ExprKind::Unary { op, arg }, ty)
    }

    /// A value conversion with an explicit rounding mode.
    pub fn convert_rounded(&mut self, arg: ExprId, to: Type, rounding: Rounding) -> ExprId {
        if self.b.ty(arg) == &to {
            return arg;
        }
        self.expr(ExprKind::Convert { arg, rounding }, to)
    }

    /// Reinterprets the bits of a value.
    pub fn bitcast(&mut self, arg: ExprId, to: Type) -> ExprId {
        self.expr(ExprKind::Bitcast { arg }, to)
    }

    /// Component `index` of a vector value.
    pub fn extract(&mut self, value: ExprId, index: u32) -> ExprId {
        let ty = match self.b.ty(value) {
            Type::Vector(s, _) => Type::Scalar(*s),
            other => other.clone(),
        };
        self.expr(ExprKind::Extract { value, index }, ty)
    }

    /// Builds a vector (or other aggregate) from components.
    pub fn compose(&mut self, components: Vec<ExprId>, ty: Type) -> ExprId {
        self.expr(ExprKind::Compose { components }, ty)
    }

    /// `cond ? accept : reject`.
    pub fn select(&mut self, cond: ExprId, accept: ExprId, reject: ExprId) -> ExprId {
        let ty = self.b.ty(accept).clone();
        self.expr(
            ExprKind::Select {
                cond,
                accept,
                reject,
            },
            ty,
        )
    }

    /// Prepares a value for use by several statements: a value that reads
    /// no memory is reused as is; one that does is stored in a fresh local
    /// here, and every use reads that local (the IR never shares a load
    /// between statements).
    pub fn reusable(&mut self, e: ExprId) -> Reusable {
        if !self.reads_memory(e) {
            return Reusable::Pure(e);
        }
        let ty = self.b.ty(e).clone();
        let local = self.b.add_local("__builtin_tmp", ty.clone(), self.span);
        let ptr = self.expr(
            ExprKind::LocalPtr(local),
            Type::ptr(ty.clone(), AddrSpace::Local),
        );
        self.b.emit(
            StmtKind::Store {
                ptr,
                value: e,
                hint: CacheHint::Default,
                volatile: false,
            },
            self.span,
        );
        Reusable::Local { ptr, ty }
    }

    /// One use of a [`Reusable`] value.
    pub fn use_value(&mut self, r: &Reusable) -> ExprId {
        match r {
            Reusable::Pure(e) => *e,
            Reusable::Local { ptr, ty } => self.expr(
                ExprKind::Load {
                    ptr: *ptr,
                    hint: CacheHint::Default,
                    volatile: false,
                },
                ty.clone(),
            ),
        }
    }

    /// Does evaluating `e` read memory (contain a `Load`)?
    pub fn reads_memory(&self, e: ExprId) -> bool {
        let mut work = vec![e];
        let mut visited = 0usize;
        while let Some(e) = work.pop() {
            visited += 1;
            if visited > LOAD_SCAN_BUDGET {
                return true;
            }
            let Some(expr) = self.b.func.exprs.try_get(e) else {
                return true;
            };
            match &expr.kind {
                ExprKind::Load { .. } => return true,
                ExprKind::Literal(_)
                | ExprKind::Param(_)
                | ExprKind::LocalPtr(_)
                | ExprKind::GlobalPtr(_)
                | ExprKind::Builtin(_)
                | ExprKind::StmtResult => {}
                ExprKind::PtrOffset { ptr, offset } => work.extend([*ptr, *offset]),
                ExprKind::ElementPtr { ptr, index } => work.extend([*ptr, *index]),
                ExprKind::MemberPtr { ptr, .. } | ExprKind::PtrCast { ptr } => work.push(*ptr),
                ExprKind::Unary { arg, .. }
                | ExprKind::Convert { arg, .. }
                | ExprKind::Bitcast { arg } => work.push(*arg),
                ExprKind::Binary { lhs, rhs, .. } => work.extend([*lhs, *rhs]),
                ExprKind::Select {
                    cond,
                    accept,
                    reject,
                } => work.extend([*cond, *accept, *reject]),
                ExprKind::Compose { components } => work.extend(components.iter().copied()),
                ExprKind::Extract { value, .. } | ExprKind::Splat { value } => work.push(*value),
                ExprKind::Intrinsic { args, .. } => work.extend(args.iter().copied()),
            }
        }
        false
    }

    /// A bool literal at the call.
    pub fn bool_lit(&mut self, value: bool) -> ExprId {
        self.expr(
            ExprKind::Literal(Literal::Bool(value)),
            Type::Scalar(Scalar::Bool),
        )
    }

    /// Emits `*ptr = value`.
    pub fn store(&mut self, ptr: ExprId, value: ExprId, hint: CacheHint) {
        self.b.emit(
            StmtKind::Store {
                ptr,
                value,
                hint,
                volatile: false,
            },
            self.span,
        );
    }

    /// Emits a statement at the call.
    pub fn emit(&mut self, kind: StmtKind) {
        self.b.emit(kind, self.span);
    }

    /// A `StmtResult` for the statement about to be emitted.
    pub fn result(&mut self, ty: Type) -> ExprId {
        self.b.result(ty, self.span)
    }

    /// Checks that argument `i`, a pointer the built-in writes through,
    /// does not point into constant memory or to `const` data.
    pub fn check_writable(&self, i: usize) -> Result<(), Diagnostic> {
        match self.args.get(i).map(|a| &a.ty) {
            Some(Type::Pointer {
                space: AddrSpace::Constant,
                ..
            }) => Err(self.error_at_arg(
                i,
                format!(
                    "`{}` cannot write through a pointer into constant memory",
                    self.name
                ),
            )),
            _ => Ok(()),
        }
    }
}
