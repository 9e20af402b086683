//! Validator tests on hand-built IR.

use super::*;
use crate::analysis::test_support::*;
use crate::diag::render;
use crate::ir::{
    AddrSpace, BinaryOp, ExprKind, FuncId, Global, Literal, Scalar, Stmt, StmtKind, Type,
};
use crate::source::Span;

fn errors(m: &Module, map: &ExpansionMap) -> Vec<String> {
    match validate(m, map) {
        Ok(()) => Vec::new(),
        Err(e) => e.into_iter().map(|d| d.message).collect(),
    }
}

#[test]
fn saxpy_is_valid() {
    let (_, map) = identity_source(SAXPY);
    let m = saxpy(&map);
    assert_eq!(validate_with_warnings(&m, &map), Ok(Vec::new()));
}

#[test]
fn reports_binary_type_mismatch_at_its_span_with_help() {
    let (files, map) = identity_source(SAXPY);
    let mut m = saxpy(&map);
    // Make `a * x[i]` multiply an f32 by an i32 (the parameter `n`).
    let f = &mut m.functions[0];
    let mul = f
        .exprs
        .iter()
        .find(|(_, e)| {
            matches!(
                e.kind,
                ExprKind::Binary {
                    op: BinaryOp::Mul,
                    ..
                }
            ) && e.ty == Type::Scalar(Scalar::F32)
        })
        .map(|(h, _)| h)
        .expect("saxpy has a float multiply");
    if let ExprKind::Binary { rhs, .. } = &mut f.exprs.get_mut(mul).kind {
        *rhs = crate::ir::Handle::from_index(0);
    }
    let errs = validate(&m, &map).expect_err("invalid");
    assert_eq!(errs.len(), 1);
    let text = render(&errs, &files);
    assert_eq!(
        text,
        "error: internal error: invalid IR: expression %16 (binary): Mul of `f32` and `i32` typed `f32`
 --> k.cu:3:21
  |
3 |   if (i < n) y[i] = a * x[i] + y[i];
  |                     ^^^^^^^^
  |
  = note: in the IR of function `saxpy`
  = help: this is a bug in the cudawasm compiler, not in your code; please report it with the CUDA source that triggered it

"
    );
}

#[test]
fn operands_must_be_earlier_expressions() {
    let (_, map) = identity_source(SAXPY);
    let mut m = saxpy(&map);
    let f = &mut m.functions[0];
    let h = crate::ir::Handle::from_index(0);
    f.exprs.get_mut(h).kind = ExprKind::Unary {
        op: crate::ir::UnaryOp::Neg,
        arg: crate::ir::Handle::from_index(5),
    };
    assert_eq!(
        errors(&m, &map),
        vec![
            "internal error: invalid IR: expression %0 uses %5, which is not an earlier expression"
        ]
    );
}

/// A kernel `k(float* p)` with the given extra statements built by `f`.
fn kernel_with(
    build: impl FnOnce(&mut crate::sema::builder::FnBuilder<'_>, crate::ir::ExprId),
) -> Module {
    let map = ExpansionMap::new();
    let mut b = crate::sema::builder::FnBuilder::new(
        &map,
        "k".into(),
        crate::ir::FunctionKind::Kernel,
        Span::default(),
    );
    let p = param(&mut b, "p", global_f32_ptr());
    build(&mut b, p);
    module_of(vec![b.finish()])
}

#[test]
fn control_flow_rules() {
    let map = ExpansionMap::new();
    let m = kernel_with(|b, _| {
        b.emit(StmtKind::Break, Span::default());
        b.emit(StmtKind::Continue, Span::default());
        b.push_block();
        b.emit(StmtKind::Continue, Span::default());
        let body = b.pop_block();
        b.push_block();
        b.emit(StmtKind::Break, Span::default());
        let case = b.pop_block();
        let sel = b.int(1, Scalar::I32, Span::default());
        b.emit(
            StmtKind::Switch {
                selector: sel,
                cases: vec![crate::ir::SwitchCase {
                    values: vec![1],
                    is_default: false,
                    body: case,
                    fall_through: false,
                }],
            },
            Span::default(),
        );
        b.emit(
            StmtKind::Loop {
                body,
                continuing: Vec::new(),
                unroll: None,
            },
            Span::default(),
        );
        let one = b.int(1, Scalar::I32, Span::default());
        b.emit(StmtKind::Return(Some(one)), Span::default());
        b.emit(
            StmtKind::If {
                cond: one,
                accept: Vec::new(),
                reject: Vec::new(),
            },
            Span::default(),
        );
    });
    assert_eq!(
        errors(&m, &map),
        vec![
            "internal error: invalid IR: `break` outside a loop or switch",
            "internal error: invalid IR: `continue` outside a loop body",
            "internal error: invalid IR: `return` of `i32` in a function returning `void`",
            "internal error: invalid IR: `if` condition is `i32`, not `bool`",
        ]
    );
}

#[test]
fn stmt_results_calls_and_atomics() {
    let map = ExpansionMap::new();
    let mut m = kernel_with(|b, p| {
        // A result defined twice, one never defined, a call with a bad arg.
        let r = b.result(Type::Scalar(Scalar::F32), Span::default());
        let _orphan = b.result(Type::Scalar(Scalar::F32), Span::default());
        let one = b.float(1.0, Scalar::F32, Span::default());
        for _ in 0..2 {
            b.emit(
                StmtKind::Atomic {
                    op: crate::ir::AtomicOp::Add,
                    ptr: p,
                    value: one,
                    compare: None,
                    scope: crate::ir::Scope::Device,
                    result: Some(r),
                },
                Span::default(),
            );
        }
        let lp = b.add_local("t", Type::Scalar(Scalar::F32), Span::default());
        let lptr = b.expr(
            ExprKind::LocalPtr(lp),
            Type::ptr(Type::Scalar(Scalar::F32), AddrSpace::Local),
            Span::default(),
        );
        b.emit(
            StmtKind::Atomic {
                op: crate::ir::AtomicOp::Add,
                ptr: lptr,
                value: one,
                compare: None,
                scope: crate::ir::Scope::Device,
                result: None,
            },
            Span::default(),
        );
        b.emit(
            StmtKind::Call {
                func: FuncId(1),
                args: vec![one],
                result: None,
            },
            Span::default(),
        );
    });
    let mut callee = function("dev", Vec::new());
    callee.params.push(crate::ir::Param {
        name: "x".into(),
        ty: Type::Scalar(Scalar::I32),
        span: Span::default(),
    });
    m.functions.push(callee);
    assert_eq!(
        errors(&m, &map),
        vec![
            "internal error: invalid IR: atomic on local memory",
            "internal error: invalid IR: argument 0 of `dev` is `f32`, expected `i32`",
            "internal error: invalid IR: statement result %1 is defined by 2 statements, not one",
            "internal error: invalid IR: statement result %2 is defined by 0 statements, not one",
        ]
    );
}

#[test]
fn module_rules_and_recursion() {
    let map = ExpansionMap::new();
    let mut m = module_of(vec![
        function("k", vec![call(1)]),
        function("f", vec![call(1)]),
    ]);
    assert_eq!(
        errors(&m, &map),
        vec!["internal error: invalid IR: recursion in device code: `f` -> `f`"]
    );
    m.functions[1].body.clear();
    m.globals.push(Global {
        name: "g".into(),
        ty: Type::Scalar(Scalar::F32),
        space: AddrSpace::Local,
        init: None,
        dynamic: false,
        align: 4,
        span: Span::default(),
    });
    m.globals.push(Global {
        name: "d".into(),
        ty: Type::Array(Box::new(Type::Scalar(Scalar::F32)), 0),
        space: AddrSpace::Shared,
        init: None,
        dynamic: true,
        align: 3,
        span: Span::default(),
    });
    assert_eq!(
        errors(&m, &map),
        vec![
            "internal error: invalid IR: global `g` in local memory",
            "internal error: invalid IR: global `d` has alignment 3",
        ]
    );
}

#[test]
fn pointer_expressions() {
    let map = ExpansionMap::new();
    let m = kernel_with(|b, p| {
        let f = b.float(1.0, Scalar::F32, Span::default());
        // Offset by a float; element of a non-array; a store of i32 to f32.
        b.expr(
            ExprKind::PtrOffset { ptr: p, offset: f },
            global_f32_ptr(),
            Span::default(),
        );
        let zero = b.int(0, Scalar::I32, Span::default());
        b.expr(
            ExprKind::ElementPtr {
                ptr: p,
                index: zero,
            },
            global_f32_ptr(),
            Span::default(),
        );
        b.emit(store(p, zero), Span::default());
        let c = b.expr(
            ExprKind::Literal(Literal::Bool(true)),
            Type::Scalar(Scalar::Bool),
            Span::default(),
        );
        let _ = c;
    });
    assert_eq!(
        errors(&m, &map),
        vec![
            "internal error: invalid IR: expression %2 (pointer offset): non-integer offset `f32`",
            "internal error: invalid IR: expression %4 (element pointer): element of `ptr<global, f32>`, which is not a pointer to an array",
        ]
    );
}

#[test]
fn store_type_mismatch() {
    let map = ExpansionMap::new();
    let m = kernel_with(|b, p| {
        let zero = b.int(0, Scalar::I32, Span::default());
        b.emit(store(p, zero), Span::default());
    });
    assert_eq!(
        errors(&m, &map),
        vec!["internal error: invalid IR: store of `i32` through a pointer to `f32`"]
    );
    let _ = stmt(StmtKind::Break)
        == Stmt {
            kind: StmtKind::Break,
            span: Span::default(),
        };
}

#[test]
fn warns_on_barrier_after_divergent_return() {
    let text = "if (threadIdx.x >= n) return;\n__syncthreads();\n";
    let (files, map) = identity_source(text);
    let mut b = crate::sema::builder::FnBuilder::new(
        &map,
        "k".into(),
        crate::ir::FunctionKind::Kernel,
        Span::default(),
    );
    let n = param(&mut b, "n", Type::Scalar(Scalar::U32));
    let tid = b.expr(
        ExprKind::Builtin(crate::ir::BuiltinValue::ThreadIdx(crate::ir::Dim::X)),
        Type::Scalar(Scalar::U32),
        find(text, "threadIdx.x", 0),
    );
    let cond = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Ge,
            lhs: tid,
            rhs: n,
        },
        Type::Scalar(Scalar::Bool),
        find(text, "threadIdx.x >= n", 0),
    );
    b.emit(
        StmtKind::If {
            cond,
            accept: vec![stmt(StmtKind::Return(None))],
            reject: Vec::new(),
        },
        find(text, "if (threadIdx.x >= n) return;", 0),
    );
    b.emit(
        StmtKind::Barrier {
            kind: crate::ir::BarrierKind::Block,
            mask: None,
        },
        find(text, "__syncthreads()", 0),
    );
    let m = module_of(vec![b.finish()]);
    let warnings = validate_with_warnings(&m, &map).expect("valid");
    assert_eq!(
        render(&warnings, &files),
        "warning: `__syncthreads()` may be reached by only some threads of the block
 --> k.cu:2:1
  |
2 | __syncthreads();
  | ^^^^^^^^^^^^^^^ block barrier under thread-dependent control flow
 ::: k.cu:1:5
  |
1 | if (threadIdx.x >= n) return;
  |     ---------------- this depends on the thread
  |
  = note: every thread of a block must reach the same barrier, or the kernel may hang or read stale data
  = help: move the barrier out of the condition, or make the condition the same for all threads of the block

"
    );
}
