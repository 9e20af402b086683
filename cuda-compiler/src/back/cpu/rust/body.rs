//! Prints a kernel's register bytecode as the body of `ThreadCode::run`:
//! registers as `u64` locals, runs of instructions between leaders (jump
//! targets, instructions after jumps, park points and the instructions
//! after them) as arms of `loop { match pc { … } }`.

use super::super::code::{Op, Program};
use super::super::intrinsics::intr;
use super::super::ops::{atom, bin, round, un};
use super::super::vm::point_of;
use crate::ir::{BuiltinValue, Dim};
use cuda_cpu::exec::Point;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Is `op` a place where a thread may park?
fn parks(op: &Op) -> bool {
    matches!(
        op,
        Op::Warp { .. } | Op::SyncWarp | Op::Barrier { .. } | Op::Exit
    ) || matches!(
        op,
        Op::Load { sync: true, .. } | Op::Store { sync: true, .. }
    )
}

/// The first instruction of every straight-line run.
fn leaders(p: &Program) -> BTreeSet<u32> {
    let mut set = BTreeSet::from([0u32]);
    for (pc, op) in p.ops.iter().enumerate() {
        let pc = pc as u32;
        match op {
            Op::Jump { target }
            | Op::JumpBack { target }
            | Op::JumpIf { target, .. }
            | Op::JumpIfNot { target, .. } => {
                set.insert(*target);
                set.insert(pc + 1);
            }
            op if parks(op) => {
                set.insert(pc);
                set.insert(pc + 1);
            }
            _ => {}
        }
    }
    set.retain(|&l| (l as usize) <= p.ops.len());
    set
}

fn builtin(which: BuiltinValue) -> String {
    let d = |d: Dim| match d {
        Dim::X => "x",
        Dim::Y => "y",
        Dim::Z => "z",
    };
    match which {
        BuiltinValue::ThreadIdx(x) => format!("u64::from(th.tid.{})", d(x)),
        BuiltinValue::BlockIdx(x) => format!("u64::from(th.bid.{})", d(x)),
        BuiltinValue::BlockDim(x) => format!("u64::from(l.block.{})", d(x)),
        BuiltinValue::GridDim(x) => format!("u64::from(l.grid.{})", d(x)),
        BuiltinValue::WarpSize => "32".into(),
        BuiltinValue::LaneId => "u64::from(th.linear % 32)".into(),
        BuiltinValue::DynamicSharedBytes => "u64::from(l.dyn_shared)".into(),
    }
}

/// A Rust path of a value of a `cuda_cpu` enum whose `Debug` is its
/// variant (with a `Round` payload spelled likewise).
fn path(rt: &str, ty: &str, dbg: String) -> String {
    match dbg.split_once('(') {
        Some((v, inner)) => format!("{rt}::sem::{ty}::{v}({rt}::sem::Round::{inner}"),
        None => format!("{rt}::sem::{ty}::{dbg}"),
    }
}

/// The address expression of a load or store.
fn address(p: u32, idx: u32, scale: i64) -> String {
    if scale == 0 {
        format!("r{p}")
    } else {
        format!("{{ let i = r{idx}; X::indexed(r{p}, i, {scale}) }}")
    }
}

/// Prints one instruction at `pc` (inside its arm).
fn op_line(out: &mut String, pc: u32, op: &Op, rt: &str) {
    let k = |k: cuda_cpu::sem::K| format!("S::K::{k:?}");
    let line = match *op {
        Op::Const { dst, bits } => format!("r{dst} = {bits:#x};"),
        Op::Mov { dst, src } => format!("r{dst} = r{src};"),
        Op::Builtin { dst, which } => format!("r{dst} = {};", builtin(which)),
        Op::Unary { op, k: kk, dst, a } => format!(
            "r{dst} = S::unary(S::UnOp::{:?}, {}, r{a});",
            un(op),
            k(kk)
        ),
        Op::Binary {
            op,
            k: kk,
            dst,
            a,
            b,
        } => binary(pc, &format!("{:?}", bin(op)), &k(kk), dst, &format!("r{a}"), &format!("r{b}"), kk, op),
        Op::BinaryImm {
            op,
            k: kk,
            dst,
            a,
            imm,
        } => binary(pc, &format!("{:?}", bin(op)), &k(kk), dst, &format!("r{a}"), &format!("{imm:#x}"), kk, op),
        Op::Convert {
            from,
            to,
            rounding,
            dst,
            a,
        } => format!(
            "r{dst} = S::convert({}, {}, S::Round::{:?}, r{a});",
            k(from),
            k(to),
            round(rounding)
        ),
        Op::Bitcast { to, dst, a } => format!("r{dst} = S::bitcast({}, r{a});", k(to)),
        Op::Intrinsic {
            fun,
            k: kk,
            rk,
            dst,
            args,
            bk,
        } => format!(
            "r{dst} = S::intrinsic({}, {}, {}, {}, [r{}, r{}, r{}]);",
            path(rt, "Intr", format!("{:?}", intr(fun))),
            k(kk),
            k(rk),
            k(bk),
            args[0],
            args[1],
            args[2]
        ),
        Op::Jump { target } => format!("pc_ = {target}; continue;"),
        Op::JumpBack { target } => format!(
            "if let Err(e) = l.back_edge(th) {{ *pc = {pc}; return Err(e); }} pc_ = {target}; continue;"
        ),
        Op::JumpIf { cond, target } => format!("if r{cond} != 0 {{ pc_ = {target}; continue; }}"),
        Op::JumpIfNot { cond, target } => {
            format!("if r{cond} == 0 {{ pc_ = {target}; continue; }}")
        }
        Op::MakePtr { dst, obj } => format!("r{dst} = {:#x};", u64::from(obj) << 48),
        Op::PtrIndex {
            dst, p, idx, scale, ..
        } => format!("r{dst} = X::ptr_add(r{p}, (r{idx} as i64).wrapping_mul({scale}));"),
        Op::ObjIndex {
            dst,
            obj,
            idx,
            scale,
        } => format!(
            "r{dst} = X::ptr_add({:#x}, (r{idx} as i64).wrapping_mul({scale}));",
            u64::from(obj) << 48
        ),
        Op::PtrAdd { dst, p, off } => format!("r{dst} = X::ptr_add(r{p}, {off});"),
        Op::Load {
            dst,
            p,
            idx,
            scale,
            off,
            k: kk,
            sync,
        } => {
            let park = if sync {
                format!("if !resume && *warp_sync {{ save!(); *pc = {pc}; return Ok(X::Park::Warp); }} resume = false; ")
            } else {
                String::new()
            };
            format!(
                "{park}{{ let (w, at) = tri!(l.access(th, {}, {off}, {}), {pc}); r{dst} = S::canon({}, A::load(w, at, {})); }}",
                address(p, idx, scale),
                kk.size(),
                k(kk),
                kk.size()
            )
        }
        Op::Store {
            p,
            idx,
            scale,
            off,
            src,
            k: kk,
            sync,
        } => {
            let park = if sync {
                format!("if !resume {{ *warp_sync = true; save!(); *pc = {pc}; return Ok(X::Park::Warp); }} resume = false; ")
            } else {
                String::new()
            };
            format!(
                "{park}{{ let (w, at) = tri!(l.access(th, {}, {off}, {}), {pc}); A::store(w, at, {}, r{src}); }}",
                address(p, idx, scale),
                kk.size(),
                kk.size()
            )
        }
        Op::Atomic {
            op,
            k: kk,
            dst,
            p,
            v,
            cmp,
        } => format!(
            "{{ let (w, at) = tri!(l.access(th, r{p}, 0, {size}), {pc}); let (v, c) = (r{v}, r{cmp}); \
             let old = A::atomic_rmw(w, at, {size}, |old| S::atomic_new(S::AtomOp::{:?}, {kk}, S::canon({kk}, old), v, c)); \
             r{dst} = S::canon({kk}, old); }}",
            atom(op),
            size = kk.size(),
            kk = k(kk)
        ),
        Op::Warp { .. } | Op::SyncWarp => {
            format!("save!(); *pc = {pc}; return Ok(X::Park::Warp);")
        }
        Op::Barrier { .. } => format!("save!(); *pc = {pc}; return Ok(X::Park::Barrier);"),
        Op::Exit => format!("*pc = {pc}; return Ok(X::Park::Exit);"),
    };
    let _ = writeln!(out, "                {line}");
}

/// A binary operator: fallible ones (integer division) fault through
/// `tri!`, the others cannot fail.
#[allow(clippy::too_many_arguments)]
fn binary(
    pc: u32,
    op: &str,
    k: &str,
    dst: u32,
    a: &str,
    b: &str,
    kind: cuda_cpu::sem::K,
    ir_op: crate::ir::BinaryOp,
) -> String {
    use crate::ir::BinaryOp as B;
    if !kind.is_float() && matches!(ir_op, B::Div | B::Rem) {
        format!("r{dst} = tri!(S::binary(S::BinOp::{op}, {k}, {a}, {b}), {pc});")
    } else {
        format!("r{dst} = S::binary(S::BinOp::{op}, {k}, {a}, {b}).unwrap_or_default();")
    }
}

fn point_line(pc: u32, p: Point, rt: &str) -> Option<String> {
    let s = match p {
        Point::Warp {
            op,
            k,
            dst,
            args,
            width,
        } => {
            let op = match op {
                cuda_cpu::exec::WarpKind::Shuffle(m) => {
                    format!("X::WarpKind::Shuffle(X::Shfl::{m:?})")
                }
                other => format!("X::WarpKind::{other:?}"),
            };
            format!(
                "X::Point::Warp {{ op: {op}, k: S::K::{k:?}, dst: {dst}, args: {args:?}, width: {width} }}"
            )
        }
        Point::Access => "X::Point::Access".into(),
        Point::Barrier(None) => "X::Point::Barrier(None)".into(),
        Point::Barrier(Some((r, p, d))) => {
            format!("X::Point::Barrier(Some((X::Reduce::{r:?}, {p}, {d})))")
        }
        Point::Other => return None,
    };
    let _ = rt;
    Some(format!("            {pc} => {s},\n"))
}

/// `struct Code` and its `ThreadCode` impl.
pub(super) fn print(p: &Program, rt: &str) -> String {
    let n = p.regs;
    let names: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
    let muts: Vec<String> = (0..n).map(|i| format!("mut r{i}")).collect();
    let mut arms = String::new();
    let lead = leaders(p);
    let mut current: Option<u32> = None;
    for (pc, op) in p.ops.iter().enumerate() {
        let pc = pc as u32;
        if lead.contains(&pc) {
            if current.is_some() {
                let _ = writeln!(arms, "                pc_ = {pc};\n            }}");
            }
            let _ = writeln!(arms, "            {pc} => {{");
            current = Some(pc);
        }
        op_line(&mut arms, pc, op, rt);
    }
    if current.is_some() {
        let _ = writeln!(
            arms,
            "                pc_ = {};\n            }}",
            p.ops.len()
        );
    }
    let mut points = String::new();
    for (pc, op) in p.ops.iter().enumerate() {
        if let Some(line) = point_line(pc as u32, point_of(Some(op)), rt) {
            points.push_str(&line);
        }
    }
    format!(
        "/// The kernel's thread code (its CPU form compiled).\n\
         struct Code;\n\n\
         #[allow(unused_imports)]\n\
         use {rt}::{{access as A, exec as X, sem as S}};\n\n\
         impl X::ThreadCode for Code {{\n    \
         #[allow(unused_mut, unused_variables, unused_assignments, unused_macros, unreachable_code, \
         clippy::all)]\n    \
         fn run(\n        &self,\n        l: &X::Launch<'_>,\n        r: &mut [u64],\n        pc: &mut u32,\n        \
         th: &mut X::Thread<'_>,\n        first: bool,\n        warp_sync: &mut bool,\n    ) -> Result<X::Park, X::Stop> {{\n        \
         let len = r.len() as u64;\n        \
         let rr: &mut [u64; {n}] = match r.try_into() {{\n            \
         Ok(a) => a,\n            \
         Err(_) => return Err(X::Stop::Fault({rt}::FaultKind::OutOfBounds {{ space: \"registers\", offset: 0, size: {n}, len }})),\n        }};\n        \
         let [{muts}] = *rr;\n        \
         macro_rules! save {{ () => {{ *rr = [{names}]; }}; }}\n        \
         macro_rules! tri {{ ($e:expr, $pc:expr) => {{ match $e {{ Ok(v) => v, Err(e) => {{ *pc = $pc; return Err(X::Stop::Fault(e)); }} }} }}; }}\n        \
         let mut resume = first;\n        \
         let mut pc_ = *pc;\n        \
         loop {{\n            \
         match pc_ {{\n{arms}            \
         _ => {{ *pc = pc_; return Ok(X::Park::Exit); }}\n            }}\n        }}\n    }}\n\n    \
         fn point(&self, pc: u32) -> X::Point {{\n        \
         match pc {{\n{points}            _ => X::Point::Other,\n        }}\n    }}\n}}\n",
        muts = muts.join(", "),
        names = names.join(", "),
    )
}
