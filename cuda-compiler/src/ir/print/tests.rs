//! Printer tests: the format is pinned here.

use super::*;
use crate::analysis::test_support::*;

#[test]
fn prints_saxpy() {
    let (_, map) = identity_source(SAXPY);
    let m = saxpy(&map);
    assert_eq!(
            module_to_string(&m),
            "kernel saxpy(int n, float a, const float *x, float *y) = fn#0

fn#0 kernel saxpy(n: i32, a: f32, x: ptr<global, const f32>, y: ptr<global, f32>) -> void {
  local i: i32
  store(&local.i, convert<i32>(add(mul(blockIdx.x, blockDim.x), threadIdx.x)))
  if lt(load(&local.i), param.n) {
    store(ptroffset(param.y, load(&local.i)), add(mul(param.a, load(ptroffset(param.x, load(&local.i)))), load(ptroffset(param.y, load(&local.i)))))
  }
}
"
        );
}

#[test]
fn prints_structs_globals_and_statements() {
    use crate::ir::{AddrSpace, Field, Global, GlobalId, Scalar, StructDef, StructId, SwitchCase};
    use crate::source::Span;
    let map = crate::source::ExpansionMap::new();
    let mut b = crate::sema::builder::FnBuilder::new(
        &map,
        "k".into(),
        FunctionKind::Kernel,
        Span::default(),
    );
    let pt = Type::Struct(StructId(0));
    let p = param(&mut b, "p", Type::ptr(pt, AddrSpace::Global));
    let m1 = b.expr(
        ExprKind::MemberPtr { ptr: p, index: 1 },
        Type::ptr(Type::Vector(Scalar::F32, 4), AddrSpace::Global),
        Span::default(),
    );
    let hist = b.expr(
        ExprKind::GlobalPtr(GlobalId(0)),
        Type::ptr(Type::Scalar(Scalar::U32), AddrSpace::Shared),
        Span::default(),
    );
    let one = b.int(1, Scalar::U32, Span::default());
    let r = b.result(Type::Scalar(Scalar::U32), Span::default());
    b.emit(
        StmtKind::Atomic {
            op: AtomicOp::Add,
            ptr: hist,
            value: one,
            compare: None,
            scope: Scope::Block,
            result: Some(r),
        },
        Span::default(),
    );
    b.emit(
        StmtKind::Barrier {
            kind: BarrierKind::Block,
            mask: None,
        },
        Span::default(),
    );
    let x = b.expr(
        ExprKind::MemberPtr { ptr: m1, index: 0 },
        Type::ptr(Type::Scalar(Scalar::F32), AddrSpace::Global),
        Span::default(),
    );
    let v = b.expr(
        ExprKind::Intrinsic {
            fun: Intrinsic::SqrtRounded(Rounding::Zero),
            args: vec![one],
        },
        Type::Scalar(Scalar::F32),
        Span::default(),
    );
    b.emit(
        StmtKind::Switch {
            selector: r,
            cases: vec![
                SwitchCase {
                    values: vec![1, 2],
                    is_default: false,
                    body: vec![stmt(store(x, v))],
                    fall_through: true,
                },
                SwitchCase {
                    values: vec![],
                    is_default: true,
                    body: vec![stmt(StmtKind::Break)],
                    fall_through: false,
                },
            ],
        },
        Span::default(),
    );
    b.emit(
        StmtKind::Loop {
            body: vec![stmt(StmtKind::Break)],
            continuing: vec![stmt(StmtKind::Fence(Scope::Device))],
            unroll: Some(Unroll::Count(4)),
        },
        Span::default(),
    );
    let mut m = module_of(vec![b.finish()]);
    m.structs.push(StructDef {
        name: "Particle".into(),
        fields: vec![
            Field {
                name: "mass".into(),
                ty: Type::Scalar(Scalar::F32),
                offset: 0,
            },
            Field {
                name: "pos".into(),
                ty: Type::Vector(Scalar::F32, 4),
                offset: 16,
            },
        ],
        size: 32,
        align: 16,
        is_union: false,
        span: Span::default(),
    });
    m.globals.push(Global {
        name: "hist".into(),
        ty: Type::Array(Box::new(Type::Scalar(Scalar::U32)), 256),
        space: AddrSpace::Shared,
        init: None,
        dynamic: false,
        align: 4,
        span: Span::default(),
    });
    m.globals.push(Global {
        name: "coef".into(),
        ty: Type::Array(Box::new(Type::Scalar(Scalar::F32)), 2),
        space: AddrSpace::Constant,
        init: Some(ConstValue::Aggregate(vec![
            ConstValue::Scalar(Literal::Float(0.5, Scalar::F32)),
            ConstValue::Zero,
        ])),
        dynamic: false,
        align: 4,
        span: Span::default(),
    });
    // The shared pointer's type is not the array's: the printer does
    // not validate.
    assert_eq!(
        module_to_string(&m),
        "struct Particle { // size 32, align 16
  @0 mass: f32
  @16 pos: f32x4
}

shared hist: [u32; 256] align 4
constant coef: [f32; 2] align 4 = {0.5f32, zeroinit}

kernel k(p) = fn#0

fn#0 kernel k(p: ptr<global, struct Particle>) -> void {
  %4 = atomic.add.block(&shared.hist, 1u32)
  barrier.block
  switch %4 {
    case 1, 2 fallthrough {
      store(member(member(param.p, .pos), .x), sqrt.rz(1u32))
    }
    case default {
      break
    }
  }
  loop unroll(4) {
    break
  } continuing {
    fence.device
  }
}
"
    );
}
