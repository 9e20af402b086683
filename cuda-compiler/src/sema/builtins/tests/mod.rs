//! Tests of the built-in lowering: each builds a function with parameters of
//! given types, lowers one call and compares the IR, printed compactly, with
//! the exact expected text.

mod atomics_warp;
mod conversions_half;
mod end_to_end;
mod fuzz;
mod math_integer;
mod sync_memory_vector;

use super::{lower_builtin_call, Arg};
use crate::diag::Diagnostic;
use crate::ir::{
    AddrSpace, ExprId, ExprKind, FunctionKind, Literal, Param, Scalar, StmtKind, Type,
};
use crate::sema::builder::FnBuilder;
use crate::source::{ExpansionMap, Span};

/// A scalar type.
pub(super) fn s(s: Scalar) -> Type {
    Type::Scalar(s)
}

/// A pointer in a space.
pub(super) fn ptr(pointee: Type, space: AddrSpace) -> Type {
    Type::ptr(pointee, space)
}

/// A `const` pointer in a space.
pub(super) fn cptr(pointee: Type, space: AddrSpace) -> Type {
    Type::Pointer {
        pointee: Box::new(pointee),
        space,
        read_only: true,
        restrict: false,
    }
}

/// An argument: a parameter of the given type, or an integer literal.
#[derive(Clone)]
pub(super) enum A {
    Param(Type),
    Int(i128, Scalar),
    /// A value loaded from a global pointer parameter (reads memory).
    Loaded(Scalar),
}

/// What a lowered call printed to: its value and the statements it
/// emitted, or the error (message and notes) and warnings.
#[derive(Debug, PartialEq)]
pub(super) struct Out {
    pub value: String,
    pub stmts: Vec<String>,
    pub warnings: Vec<String>,
}

/// Lowers `name(args…)`; `None` when it is not a built-in.
pub(super) fn try_lower(name: &str, args: &[A]) -> Option<Result<Out, Diagnostic>> {
    try_lower_templated(name, &[], args)
}

/// Lowers `name<targs…>(args…)`.
pub(super) fn try_lower_templated(
    name: &str,
    targs: &[Type],
    args: &[A],
) -> Option<Result<Out, Diagnostic>> {
    let map = ExpansionMap::new();
    let mut b = FnBuilder::new(&map, "k".into(), FunctionKind::Device, Span::default());
    let mut lowered = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let span = Span::new(i as u32, i as u32 + 1);
        let (expr, ty, int_const) = match a {
            A::Param(ty) => {
                b.func.params.push(Param {
                    name: format!("p{i}"),
                    ty: ty.clone(),
                    span,
                });
                let e = b.expr(ExprKind::Param(i as u32), ty.clone(), span);
                (e, ty.clone(), None)
            }
            A::Int(v, sc) => (b.int(*v, *sc, span), s(*sc), Some(*v)),
            A::Loaded(sc) => {
                let pty = ptr(s(*sc), AddrSpace::Global);
                b.func.params.push(Param {
                    name: format!("p{i}"),
                    ty: pty.clone(),
                    span,
                });
                let p = b.expr(ExprKind::Param(i as u32), pty, span);
                let e = b.expr(
                    ExprKind::Load {
                        ptr: p,
                        hint: crate::ir::CacheHint::Default,
                        volatile: false,
                    },
                    s(*sc),
                    span,
                );
                (e, s(*sc), None)
            }
        };
        lowered.push(Arg {
            expr,
            ty,
            span,
            int_const,
        });
    }
    let result = lower_builtin_call(&mut b, name, targs, &lowered, Span::new(100, 110))?;
    let warnings = b.warnings.iter().map(|w| w.message.clone()).collect();
    let f = b.finish();
    let p = Printer { f: &f };
    Some(result.map(|v| Out {
        value: v.map_or_else(|| "void".to_string(), |e| p.expr(e)),
        stmts: f.body.iter().map(|s| p.stmt(&s.kind)).collect(),
        warnings,
    }))
}

/// Lowers a call that must succeed.
pub(super) fn lower(name: &str, args: &[A]) -> Out {
    match try_lower(name, args) {
        Some(Ok(out)) => out,
        Some(Err(d)) => panic!("`{name}` failed: {} {:?}", d.message, d.notes),
        None => panic!("`{name}` is not a built-in"),
    }
}

/// The value of a call that must succeed without statements.
pub(super) fn value(name: &str, args: &[A]) -> String {
    let out = lower(name, args);
    assert!(
        out.stmts.is_empty(),
        "unexpected statements {:?}",
        out.stmts
    );
    out.value
}

/// The error of a call that must fail: message and notes.
pub(super) fn error(name: &str, args: &[A]) -> (String, Vec<String>) {
    match try_lower(name, args) {
        Some(Err(d)) => (d.message, d.notes),
        Some(Ok(out)) => panic!("`{name}` should fail, gave {out:?}"),
        None => panic!("`{name}` is not a built-in"),
    }
}

/// Parameter shorthand.
pub(super) fn p(ty: Type) -> A {
    A::Param(ty)
}

/// Scalar parameter shorthand.
pub(super) fn ps(sc: Scalar) -> A {
    A::Param(s(sc))
}

/// Prints IR compactly: `Sqrt<f32>(conv<f32>(p0))`.
struct Printer<'f> {
    f: &'f crate::ir::Function,
}

impl Printer<'_> {
    fn ty(&self, t: &Type) -> String {
        crate::ir::TypeDisplay {
            ty: t,
            structs: &[],
        }
        .to_string()
    }

    fn list(&self, es: &[ExprId]) -> String {
        es.iter()
            .map(|e| self.expr(*e))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn expr(&self, e: ExprId) -> String {
        let x = &self.f.exprs[e];
        let t = self.ty(&x.ty);
        match &x.kind {
            ExprKind::Literal(Literal::Int(v, _)) => format!("{v}{t}"),
            ExprKind::Literal(Literal::Float(v, _)) => format!("{v}{t}"),
            ExprKind::Literal(Literal::Bool(v)) => format!("{v}"),
            ExprKind::Param(i) => format!("p{i}"),
            ExprKind::LocalPtr(l) => format!("&l{}", l.0),
            ExprKind::GlobalPtr(g) => format!("&g{}", g.0),
            ExprKind::Load { ptr, hint, .. } => format!("load.{hint:?}({})", self.expr(*ptr)),
            ExprKind::PtrOffset { ptr, offset } => {
                format!("({} + {})", self.expr(*ptr), self.expr(*offset))
            }
            ExprKind::ElementPtr { ptr, index } => {
                format!("&{}[{}]", self.expr(*ptr), self.expr(*index))
            }
            ExprKind::MemberPtr { ptr, index } => format!("&{}.{index}", self.expr(*ptr)),
            ExprKind::PtrCast { ptr } => format!("cast<{t}>({})", self.expr(*ptr)),
            ExprKind::Unary { op, arg } => format!("{op:?}({})", self.expr(*arg)),
            ExprKind::Binary { op, lhs, rhs } => {
                format!("{op:?}({}, {})", self.expr(*lhs), self.expr(*rhs))
            }
            ExprKind::Select {
                cond,
                accept,
                reject,
            } => format!(
                "select({}, {}, {})",
                self.expr(*cond),
                self.expr(*accept),
                self.expr(*reject)
            ),
            ExprKind::Convert { arg, rounding } => {
                format!("conv.{rounding:?}<{t}>({})", self.expr(*arg))
            }
            ExprKind::Bitcast { arg } => format!("bitcast<{t}>({})", self.expr(*arg)),
            ExprKind::Compose { components } => format!("{t}({})", self.list(components)),
            ExprKind::Extract { value, index } => format!("{}.{index}", self.expr(*value)),
            ExprKind::Splat { value } => format!("splat<{t}>({})", self.expr(*value)),
            ExprKind::Builtin(v) => format!("{v:?}"),
            ExprKind::Intrinsic { fun, args } => format!("{fun:?}<{t}>({})", self.list(args)),
            ExprKind::StmtResult => format!("r{}<{t}>", e.index()),
        }
    }

    fn opt(&self, e: &Option<ExprId>) -> String {
        e.map_or_else(|| "-".into(), |e| self.expr(e))
    }

    fn stmt(&self, s: &StmtKind) -> String {
        match s {
            StmtKind::Store {
                ptr, value, hint, ..
            } => format!("store.{hint:?} {} = {}", self.expr(*ptr), self.expr(*value)),
            StmtKind::Eval(e) => format!("eval {}", self.expr(*e)),
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                scope,
                result,
            } => format!(
                "{} = atomic.{op:?}.{scope:?} {}, {}, cmp {}",
                self.opt(result),
                self.expr(*ptr),
                self.expr(*value),
                self.opt(compare)
            ),
            StmtKind::Warp { op, args, result } => {
                format!("{} = warp.{op:?}({})", self.opt(result), self.list(args))
            }
            StmtKind::Barrier { kind, mask } => format!("barrier.{kind:?} {}", self.opt(mask)),
            StmtKind::BarrierReduce { op, pred, result } => format!(
                "{} = barrier.{op:?}({})",
                self.expr(*result),
                self.expr(*pred)
            ),
            StmtKind::Fence(scope) => format!("fence.{scope:?}"),
            other => format!("{other:?}"),
        }
    }
}

#[test]
fn unknown_names_are_not_builtins() {
    assert!(try_lower("my_function", &[]).is_none());
    assert!(try_lower("make_float5", &[]).is_none());
    assert!(try_lower("atomicAdd_warp", &[]).is_none());
    assert!(try_lower("__fadd_rx", &[]).is_none());
    assert!(!super::is_builtin("foo"));
    assert!(super::is_builtin("atomicAdd_block"));
    assert!(super::is_builtin("__float2int_rd"));
}

#[test]
fn template_arguments_are_rejected() {
    let map = ExpansionMap::new();
    let mut b = FnBuilder::new(&map, "k".into(), FunctionKind::Device, Span::default());
    let x = b.float(1.0, Scalar::F32, Span::default());
    let arg = Arg {
        expr: x,
        ty: s(Scalar::F32),
        span: Span::default(),
        int_const: None,
    };
    let r = lower_builtin_call(&mut b, "sqrtf", &[s(Scalar::F32)], &[arg], Span::default());
    let Some(Err(d)) = r else {
        panic!("expected an error")
    };
    assert_eq!(
        d.message,
        "`sqrtf` is not a template; it takes no template arguments"
    );
}
