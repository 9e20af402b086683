//! Building one IR function: expressions, statements and nested blocks.
//!
//! Shared by the statement/expression lowering and the built-in call table
//! so both emit IR the same way.

use crate::diag::Diagnostic;
use crate::ir::{
    self, Block, Expr, ExprId, ExprKind, FunctionKind, Literal, LocalId, Rounding, Scalar,
    StmtKind, Type,
};
use crate::source::{ExpansionMap, Span};

/// An IR function under construction.
pub struct FnBuilder<'a> {
    /// Maps spans to files for diagnostics.
    pub map: &'a ExpansionMap,
    /// The function being built (its `body` is filled by [`FnBuilder::finish`]).
    pub func: ir::Function,
    /// Warnings raised while building (e.g. by built-in calls such as the
    /// legacy `__shfl`); the caller collects them with the function.
    pub warnings: Vec<Diagnostic>,
    blocks: Vec<Block>,
}

impl<'a> FnBuilder<'a> {
    /// Starts a function with no parameters and a void result.
    pub fn new(map: &'a ExpansionMap, name: String, kind: FunctionKind, span: Span) -> Self {
        Self {
            map,
            func: ir::Function {
                name,
                kind,
                params: Vec::new(),
                result: Type::Void,
                locals: Vec::new(),
                exprs: ir::Arena::new(),
                body: Vec::new(),
                span,
                launch_bounds: None,
            },
            warnings: Vec::new(),
            blocks: vec![Vec::new()],
        }
    }

    /// Adds an expression.
    pub fn expr(&mut self, kind: ExprKind, ty: Type, span: Span) -> ExprId {
        self.func.exprs.append(Expr { kind, ty }, span)
    }

    /// The type of an expression.
    pub fn ty(&self, e: ExprId) -> &Type {
        &self.func.exprs[e].ty
    }

    /// An integer literal of the given type.
    pub fn int(&mut self, value: i128, s: Scalar, span: Span) -> ExprId {
        self.expr(
            ExprKind::Literal(Literal::Int(value, s)),
            Type::Scalar(s),
            span,
        )
    }

    /// A floating literal of the given type (`value` must be representable).
    pub fn float(&mut self, value: f64, s: Scalar, span: Span) -> ExprId {
        self.expr(
            ExprKind::Literal(Literal::Float(value, s)),
            Type::Scalar(s),
            span,
        )
    }

    /// A bool literal.
    pub fn bool(&mut self, value: bool, span: Span) -> ExprId {
        self.expr(
            ExprKind::Literal(Literal::Bool(value)),
            Type::Scalar(Scalar::Bool),
            span,
        )
    }

    /// Converts a value to `to`: nothing if the types are equal, `Convert`
    /// between scalars (to `bool` means `!= 0`) and between vectors of equal
    /// length, `Splat` from a scalar to a vector. Other combinations are
    /// the caller's to reject before calling.
    pub fn convert(&mut self, e: ExprId, to: &Type, span: Span) -> ExprId {
        let from = self.ty(e).clone();
        if &from == to {
            return e;
        }
        match (&from, to) {
            (Type::Scalar(_), Type::Vector(s, _)) => {
                let elem = self.convert(e, &Type::Scalar(*s), span);
                self.expr(ExprKind::Splat { value: elem }, to.clone(), span)
            }
            (Type::Pointer { .. }, Type::Pointer { .. }) => {
                self.expr(ExprKind::PtrCast { ptr: e }, to.clone(), span)
            }
            _ => self.expr(
                ExprKind::Convert {
                    arg: e,
                    rounding: Rounding::Nearest,
                },
                to.clone(),
                span,
            ),
        }
    }

    /// A `StmtResult` expression for the statement about to be emitted.
    pub fn result(&mut self, ty: Type, span: Span) -> ExprId {
        self.expr(ExprKind::StmtResult, ty, span)
    }

    /// Appends a statement to the innermost open block.
    pub fn emit(&mut self, kind: StmtKind, span: Span) {
        if let Some(block) = self.blocks.last_mut() {
            block.push(ir::Stmt { kind, span });
        }
    }

    /// Adds a local variable.
    pub fn add_local(&mut self, name: impl Into<String>, ty: Type, span: Span) -> LocalId {
        self.func.locals.push(ir::Local {
            name: name.into(),
            ty,
            span,
        });
        LocalId(self.func.locals.len() as u32 - 1)
    }

    /// Stores `value` into a fresh local and returns a load of it: used to
    /// give a value with loads a fixed evaluation point.
    pub fn materialize(&mut self, name: &str, value: ExprId, span: Span) -> ExprId {
        let ty = self.ty(value).clone();
        let local = self.add_local(name, ty.clone(), span);
        let ptr = self.expr(
            ExprKind::LocalPtr(local),
            Type::ptr(ty.clone(), ir::AddrSpace::Local),
            span,
        );
        self.emit(
            StmtKind::Store {
                ptr,
                value,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            span,
        );
        self.expr(
            ExprKind::Load {
                ptr,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            ty,
            span,
        )
    }

    /// Stores `value` into a fresh local and returns the local's address:
    /// used to pass a temporary by reference or as `this`.
    pub fn materialize_ptr(&mut self, name: &str, value: ExprId, span: Span) -> ExprId {
        let ty = self.ty(value).clone();
        let local = self.add_local(name, ty.clone(), span);
        let ptr = self.expr(
            ExprKind::LocalPtr(local),
            Type::ptr(ty, ir::AddrSpace::Local),
            span,
        );
        self.emit(
            StmtKind::Store {
                ptr,
                value,
                hint: ir::CacheHint::Default,
                volatile: false,
            },
            span,
        );
        ptr
    }

    /// Number of statements in the innermost open block so far.
    pub fn current_block_len(&self) -> usize {
        self.blocks.last().map_or(0, Vec::len)
    }

    /// Opens a nested block (for an `if` arm, loop body, …).
    pub fn push_block(&mut self) {
        self.blocks.push(Vec::new());
    }

    /// Closes the innermost block and returns its statements.
    pub fn pop_block(&mut self) -> Block {
        if self.blocks.len() > 1 {
            self.blocks.pop().unwrap_or_default()
        } else {
            Vec::new()
        }
    }

    /// An error at a span of the preprocessed text.
    pub fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at_expanded(span, self.map)
    }

    /// Finishes the function with the statements emitted at top level.
    pub fn finish(mut self) -> ir::Function {
        let mut body = Vec::new();
        while let Some(b) = self.blocks.pop() {
            body = b;
        }
        self.func.body = body;
        self.func
    }
}
