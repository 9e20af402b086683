//! Every known name, called with many random argument lists: no panic, a
//! value of a real type or an error with a message, stores/atomics whose
//! value type matches the pointee, and IR that passes the validator.

use super::*;
use crate::ir::Scalar::*;
use crate::ir::StructId;

/// A small deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn type_pool() -> Vec<Type> {
    let mut pool: Vec<Type> = [
        Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64,
    ]
    .iter()
    .map(|t| s(*t))
    .collect();
    pool.extend([
        Type::Vector(F16, 2),
        Type::Vector(BF16, 2),
        Type::Vector(F32, 2),
        Type::Vector(F32, 4),
        Type::Vector(I32, 2),
        Type::Struct(StructId(0)),
        Type::Array(Box::new(s(F32)), 4),
        Type::Void,
    ]);
    let pointees = [s(I32), s(U32), s(F32), s(F64), s(U64), Type::Vector(F16, 2)];
    for space in [
        AddrSpace::Global,
        AddrSpace::Shared,
        AddrSpace::Constant,
        AddrSpace::Local,
        AddrSpace::Generic,
    ] {
        for p in &pointees {
            pool.push(ptr(p.clone(), space));
            pool.push(cptr(p.clone(), space));
        }
    }
    pool
}

#[test]
fn every_name_belongs_to_exactly_one_family() {
    let names = super::super::builtin_names();
    assert!(names.len() > 600, "only {} names", names.len());
    let families: [fn(&str) -> bool; 9] = [
        super::super::math::knows,
        super::super::integer::knows,
        super::super::convert::knows,
        super::super::half::knows,
        super::super::atomic::knows,
        super::super::warp::knows,
        super::super::sync::knows,
        super::super::memory::knows,
        super::super::vector::knows,
    ];
    for name in &names {
        let owners = families.iter().filter(|knows| knows(name)).count();
        assert_eq!(owners, 1, "`{name}` is known by {owners} families");
        assert!(super::super::is_builtin(name));
    }
}

#[test]
fn random_calls_never_panic_and_stay_well_typed() {
    let pool = type_pool();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let map = ExpansionMap::new();
    let mut lowered_ok = 0usize;
    for name in super::super::builtin_names() {
        for round in 0..120 {
            let mut b = FnBuilder::new(&map, "k".into(), FunctionKind::Device, Span::default());
            let n = rng.below(5);
            let mut args = Vec::new();
            for i in 0..n {
                let ty = pool[rng.below(pool.len())].clone();
                let e = b.expr(ExprKind::Param(i as u32), ty.clone(), Span::default());
                let int_const = (rng.below(4) == 0).then(|| rng.below(70) as i128 - 3);
                args.push(Arg {
                    expr: e,
                    ty,
                    span: Span::default(),
                    int_const,
                });
            }
            let targs = if round % 17 == 0 {
                vec![pool[rng.below(pool.len())].clone()]
            } else {
                Vec::new()
            };
            let Some(result) = lower_builtin_call(&mut b, &name, &targs, &args, Span::default())
            else {
                panic!("`{name}` is listed but not lowered");
            };
            match result {
                Ok(Some(v)) => {
                    assert_ne!(b.ty(v), &Type::Void, "`{name}` gave a void value");
                    lowered_ok += 1;
                }
                Ok(None) => lowered_ok += 1,
                Err(d) => assert!(!d.message.is_empty()),
            }
            let f = b.finish();
            for stmt in &f.body {
                let (ptr, value) = match &stmt.kind {
                    StmtKind::Store { ptr, value, .. } => (*ptr, *value),
                    StmtKind::Atomic { ptr, value, .. } => (*ptr, *value),
                    _ => continue,
                };
                let pointee = f.exprs[ptr].ty.pointee().cloned();
                assert_eq!(
                    pointee.as_ref(),
                    Some(&f.exprs[value].ty),
                    "`{name}` stores a mismatched value"
                );
            }
        }
    }
    assert!(lowered_ok > 1000, "only {lowered_ok} calls lowered");
}

#[test]
fn random_well_typed_calls_produce_valid_ir() {
    // Only types the validator can check without a module context.
    let pool: Vec<Type> = type_pool()
        .into_iter()
        .filter(|t| !matches!(t, Type::Struct(_) | Type::Array(..) | Type::Void))
        .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let map = ExpansionMap::new();
    let mut failures = Vec::new();
    let mut validated = 0usize;
    for name in super::super::builtin_names() {
        for _ in 0..150 {
            let mut b = FnBuilder::new(&map, "k".into(), FunctionKind::Device, Span::default());
            let n = rng.below(5);
            let mut args = Vec::new();
            for i in 0..n {
                let ty = pool[rng.below(pool.len())].clone();
                b.func.params.push(Param {
                    name: format!("p{i}"),
                    ty: ty.clone(),
                    span: Span::default(),
                });
                let e = b.expr(ExprKind::Param(i as u32), ty.clone(), Span::default());
                args.push(Arg {
                    expr: e,
                    ty,
                    span: Span::default(),
                    int_const: None,
                });
            }
            let Some(Ok(value)) = lower_builtin_call(&mut b, &name, &[], &args, Span::default())
            else {
                continue;
            };
            if let Some(v) = value {
                b.emit(StmtKind::Eval(v), Span::default());
            }
            let module = crate::ir::Module {
                functions: vec![b.finish()],
                ..Default::default()
            };
            validated += 1;
            if let Err(errors) = crate::ir::validate(&module, &map) {
                let tys: Vec<String> = args
                    .iter()
                    .map(|a| super::super::resolve::cuda_type(&a.ty))
                    .collect();
                failures.push(format!(
                    "{name}({}): {}",
                    tys.join(", "),
                    errors
                        .iter()
                        .map(|e| e.message.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
    }
    failures.sort();
    failures.dedup();
    assert!(validated > 2000, "only {validated} calls validated");
    assert!(
        failures.is_empty(),
        "{} invalid:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
