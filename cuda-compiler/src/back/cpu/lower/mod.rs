//! IR → CPU form: inlines device functions, places locals (registers or
//! thread-local memory), assigns memory objects and emits the bytecode.

mod expr;
pub(crate) mod layout;

use super::code::{Op, Program, Reg, K};
use crate::analysis::walk::{for_each_stmt, operands, stmt_exprs};
use crate::diag::Diagnostic;
use crate::ir::{
    AddrSpace, BarrierKind, Block, ExprId, ExprKind, FuncId, Function, Module, StmtKind, Type,
};
use crate::source::Span;
use layout::{leaves, write_const, Leaf};
use std::collections::HashMap;
use std::rc::Rc;

/// Temporaries are numbered with this bit set until the end, then placed
/// after the permanent registers.
const TEMP: u32 = 1 << 31;

/// Deepest chain of inlined calls.
const MAX_INLINE_DEPTH: usize = 48;

/// Where a memory object lives.
#[derive(Debug, Clone)]
pub(crate) enum ObjKind {
    /// The buffer of a pointer kernel parameter.
    Arg,
    /// Static `__shared__` storage at this byte offset of the block arena.
    Shared(u32),
    /// `extern __shared__`: after the static part, sized at launch.
    DynShared,
    /// `__constant__` or `__device__` storage: index into the module
    /// storage list.
    Module(usize),
    /// A thread-local variable at this offset of the thread's frame.
    Local(u32),
}

/// A memory object known at compile time.
#[derive(Debug, Clone)]
pub(crate) struct ObjDef {
    /// Where.
    pub kind: ObjKind,
    /// Size in bytes (dynamic shared: set at launch).
    pub len: u64,
    /// `global`, `shared`, `constant` or `local`.
    pub space: &'static str,
}

/// How a kernel parameter enters the registers.
#[derive(Debug, Clone)]
pub(crate) enum ParamSlot {
    /// A scalar in one register.
    Scalar { reg: Reg, k: K },
    /// A pointer: the argument's buffer becomes object `obj`.
    Pointer { reg: Reg, obj: u16 },
    /// A struct or vector by value: leaves read from the argument bytes.
    Bytes {
        reg: Reg,
        leaves: Vec<Leaf>,
        size: u32,
    },
}

/// A lowered kernel: program, objects and parameter slots.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    /// The code.
    pub program: Program,
    /// Memory objects; index = object id (0 is the null object).
    pub objects: Vec<ObjDef>,
    /// Per kernel parameter.
    pub params: Vec<ParamSlot>,
    /// Initial bytes of `__constant__`/`__device__` storage.
    pub module_storage: Vec<Vec<u8>>,
    /// Bytes of static shared memory.
    pub static_shared: u32,
}

/// Where a local variable lives in one inlined frame.
#[derive(Debug, Clone, Copy)]
enum LocalHome {
    /// In registers (address never escapes a direct load or store).
    Reg(Reg),
    /// In thread-local memory, as this object.
    Mem(u16),
}

/// Break/continue targets.
enum Target {
    Loop {
        breaks: Vec<usize>,
        continues: Vec<usize>,
    },
    Switch {
        breaks: Vec<usize>,
    },
}

/// One inlined function activation.
struct Frame<'m> {
    func: &'m Function,
    params: Vec<Reg>,
    locals: Vec<LocalHome>,
    results: HashMap<ExprId, Reg>,
    /// Result registers and the jumps to patch to the end (device
    /// functions); `None` for the kernel.
    ret: Option<(Reg, Vec<usize>)>,
    targets: Vec<Target>,
}

/// The lowering state of one kernel.
pub(crate) struct Lowerer<'m> {
    m: &'m Module,
    ops: Vec<Op>,
    spans: Vec<Span>,
    perm: u32,
    temp: u32,
    max_temp: u32,
    frame_bytes: u32,
    objects: Vec<ObjDef>,
    global_objs: HashMap<u32, u16>,
    module_storage: Vec<Vec<u8>>,
    static_shared: u32,
    escapes: HashMap<FuncId, Rc<Vec<bool>>>,
    depth: usize,
    span: Span,
}

/// Lowers kernel function `func` of `m`.
pub(crate) fn lower(m: &Module, func: FuncId) -> Result<Lowered, (Diagnostic, Span)> {
    lower_inner(m, func)
}

fn lower_inner(m: &Module, func: FuncId) -> Result<Lowered, (Diagnostic, Span)> {
    let f = m.functions.get(func.0 as usize).ok_or_else(|| {
        (
            Diagnostic::error("kernel function missing from the IR"),
            Span::default(),
        )
    })?;
    let mut l = Lowerer {
        m,
        ops: Vec::new(),
        spans: Vec::new(),
        perm: 0,
        temp: 0,
        max_temp: 0,
        frame_bytes: 0,
        objects: vec![ObjDef {
            kind: ObjKind::Module(usize::MAX),
            len: 0,
            space: "global",
        }],
        global_objs: HashMap::new(),
        module_storage: Vec::new(),
        static_shared: 0,
        escapes: HashMap::new(),
        depth: 0,
        span: f.span,
    };
    let mut params = Vec::new();
    let mut param_regs = Vec::new();
    for p in &f.params {
        let lv = leaves(m, &p.ty).map_err(|d| (d, p.span))?;
        let reg = l.perm_regs(lv.len());
        param_regs.push(reg);
        params.push(match &p.ty {
            Type::Scalar(s) => ParamSlot::Scalar { reg, k: K::of(*s) },
            Type::Pointer { .. } => {
                let obj = l.new_object(ObjKind::Arg, 0, "global").map_err(|d| (d, p.span))?;
                ParamSlot::Pointer { reg, obj }
            }
            ty => {
                if has_pointer(m, ty) {
                    return Err((
                        Diagnostic::unsupported(
                            "kernel parameters that are structs holding pointers on the CPU back end",
                        ),
                        p.span,
                    ));
                }
                ParamSlot::Bytes {
                    reg,
                    leaves: lv,
                    size: m.size_align(ty).0,
                }
            }
        });
    }
    if let Err(d) = l.function(func, param_regs, None) {
        return Err((d, l.span));
    }
    l.emit(Op::Exit);
    Ok(l.finish(params))
}

fn has_pointer(m: &Module, ty: &Type) -> bool {
    match ty {
        Type::Pointer { .. } => true,
        Type::Array(e, _) => has_pointer(m, e),
        Type::Struct(id) => m
            .structs
            .get(id.0 as usize)
            .is_some_and(|s| s.fields.iter().any(|f| has_pointer(m, &f.ty))),
        _ => false,
    }
}

impl<'m> Lowerer<'m> {
    fn finish(mut self, params: Vec<ParamSlot>) -> Lowered {
        let perm = self.perm;
        let fix = |r: &mut Reg| {
            if *r & TEMP != 0 {
                *r = perm + (*r & !TEMP);
            }
        };
        for op in &mut self.ops {
            for_each_reg(op, fix);
        }
        let mut params = params;
        for p in &mut params {
            match p {
                ParamSlot::Scalar { reg, .. }
                | ParamSlot::Pointer { reg, .. }
                | ParamSlot::Bytes { reg, .. } => fix(reg),
            }
        }
        Lowered {
            program: Program {
                ops: self.ops,
                spans: self.spans,
                regs: perm + self.max_temp + 1,
                frame: self.frame_bytes.next_multiple_of(8),
            },
            objects: self.objects,
            params,
            module_storage: self.module_storage,
            static_shared: self.static_shared,
        }
    }

    fn emit(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.spans.push(self.span);
        self.ops.len() - 1
    }

    fn here(&self) -> u32 {
        self.ops.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
        if let Some(
            Op::Jump { target: t }
            | Op::JumpBack { target: t }
            | Op::JumpIf { target: t, .. }
            | Op::JumpIfNot { target: t, .. },
        ) = self.ops.get_mut(at)
        {
            *t = target;
        }
    }

    fn perm_regs(&mut self, n: usize) -> Reg {
        let r = self.perm;
        self.perm += n.max(1) as u32;
        r
    }

    fn temp_regs(&mut self, n: usize) -> Reg {
        let r = self.temp | TEMP;
        self.temp += n.max(1) as u32;
        self.max_temp = self.max_temp.max(self.temp);
        r
    }

    fn new_object(
        &mut self,
        kind: ObjKind,
        len: u64,
        space: &'static str,
    ) -> Result<u16, Diagnostic> {
        if self.objects.len() >= usize::from(u16::MAX) {
            return Err(Diagnostic::unsupported(
                "more than 65535 memory objects in one kernel",
            ));
        }
        self.objects.push(ObjDef { kind, len, space });
        Ok((self.objects.len() - 1) as u16)
    }

    /// The object of module global `g`, made on first use.
    fn global_object(&mut self, g: u32) -> Result<u16, Diagnostic> {
        if let Some(o) = self.global_objs.get(&g) {
            return Ok(*o);
        }
        let m = self.m;
        let glob = m
            .globals
            .get(g as usize)
            .ok_or_else(|| Diagnostic::error("unknown global in the IR"))?;
        let (size, align) = m.size_align(&glob.ty);
        let obj = match glob.space {
            AddrSpace::Shared if glob.dynamic => {
                self.new_object(ObjKind::DynShared, 0, "shared")?
            }
            AddrSpace::Shared => {
                let base = self
                    .static_shared
                    .next_multiple_of(glob.align.max(align).max(1));
                self.static_shared = base.saturating_add(size);
                self.new_object(ObjKind::Shared(base), u64::from(size), "shared")?
            }
            space => {
                let mut bytes = vec![0u8; size as usize];
                if let Some(init) = &glob.init {
                    write_const(m, &glob.ty, init, &mut bytes, 0);
                }
                self.module_storage.push(bytes);
                let name = if space == AddrSpace::Constant {
                    "constant"
                } else {
                    "global"
                };
                self.new_object(
                    ObjKind::Module(self.module_storage.len() - 1),
                    u64::from(size),
                    name,
                )?
            }
        };
        self.global_objs.insert(g, obj);
        Ok(obj)
    }

    /// Which locals of `f` have their address used other than by a direct
    /// load or store.
    fn escapes(&mut self, id: FuncId, f: &Function) -> Rc<Vec<bool>> {
        if let Some(e) = self.escapes.get(&id) {
            return e.clone();
        }
        let mut esc = vec![false; f.locals.len()];
        let local_of = |e: ExprId| match f.exprs.try_get(e).map(|x| &x.kind) {
            Some(ExprKind::LocalPtr(l)) => Some(l.0 as usize),
            _ => None,
        };
        for (_, e) in f.exprs.iter() {
            let direct = match &e.kind {
                ExprKind::Load { ptr, .. } => Some(*ptr),
                _ => None,
            };
            for o in operands(&e.kind) {
                if Some(o) != direct {
                    if let Some(l) = local_of(o) {
                        if let Some(slot) = esc.get_mut(l) {
                            *slot = true;
                        }
                    }
                }
            }
        }
        for_each_stmt(&f.body, &mut |s| {
            let direct = match &s.kind {
                StmtKind::Store { ptr, .. } => Some(*ptr),
                _ => None,
            };
            for o in stmt_exprs(&s.kind) {
                if Some(o) != direct {
                    if let Some(l) = local_of(o) {
                        if let Some(slot) = esc.get_mut(l) {
                            *slot = true;
                        }
                    }
                }
            }
        });
        let rc = Rc::new(esc);
        self.escapes.insert(id, rc.clone());
        rc
    }

    /// Emits function `id` inline with its parameters in `params`;
    /// `ret` receives the result.
    fn function(
        &mut self,
        id: FuncId,
        params: Vec<Reg>,
        ret: Option<Reg>,
    ) -> Result<(), Diagnostic> {
        let m = self.m;
        let f = m
            .functions
            .get(id.0 as usize)
            .ok_or_else(|| Diagnostic::error("call of a function missing from the IR"))?;
        self.depth += 1;
        if self.depth > MAX_INLINE_DEPTH {
            return Err(Diagnostic::unsupported(
                "device function calls nested more than 48 deep",
            ));
        }
        let esc = self.escapes(id, f);
        let mut locals = Vec::with_capacity(f.locals.len());
        for (i, local) in f.locals.iter().enumerate() {
            self.span = local.span;
            if esc.get(i).copied().unwrap_or(true) {
                let (size, align) = m.size_align(&local.ty);
                let base = self.frame_bytes.next_multiple_of(align.clamp(1, 16));
                self.frame_bytes = base.saturating_add(size);
                if self.frame_bytes > 1 << 20 {
                    return Err(Diagnostic::unsupported(
                        "more than 1 MiB of local memory per thread",
                    ));
                }
                let obj = self.new_object(ObjKind::Local(base), u64::from(size), "local")?;
                locals.push(LocalHome::Mem(obj));
            } else {
                let n = leaves(m, &local.ty)?.len();
                locals.push(LocalHome::Reg(self.perm_regs(n)));
            }
        }
        let mut fr = Frame {
            func: f,
            params,
            locals,
            results: HashMap::new(),
            ret: ret.map(|r| (r, Vec::new())),
            targets: Vec::new(),
        };
        self.block(&mut fr, &f.body)?;
        if let Some((_, jumps)) = fr.ret.take() {
            let end = self.here();
            for j in jumps {
                self.patch(j, end);
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn block(&mut self, fr: &mut Frame<'m>, b: &'m Block) -> Result<(), Diagnostic> {
        for s in b {
            let mark = self.temp;
            self.span = s.span;
            self.stmt(fr, &s.kind)?;
            self.temp = mark;
        }
        Ok(())
    }

    fn result_reg(&mut self, fr: &mut Frame<'m>, e: ExprId) -> Result<Reg, Diagnostic> {
        if let Some(r) = fr.results.get(&e) {
            return Ok(*r);
        }
        let ty = &fr
            .func
            .exprs
            .try_get(e)
            .ok_or_else(|| Diagnostic::error("bad expression handle"))?
            .ty;
        let n = leaves(self.m, ty)?.len();
        let r = self.perm_regs(n);
        fr.results.insert(e, r);
        Ok(r)
    }

    fn stmt(&mut self, fr: &mut Frame<'m>, s: &'m StmtKind) -> Result<(), Diagnostic> {
        match s {
            StmtKind::Store {
                ptr,
                value,
                volatile,
                ..
            } => {
                let v = self.expr(fr, *value)?;
                let ty = self.ty(fr, *value)?.clone();
                let lv = leaves(self.m, &ty)?;
                if let Some(home) = self.reg_home(fr, *ptr) {
                    for i in 0..lv.len() as u32 {
                        self.emit(Op::Mov {
                            dst: home + i,
                            src: v + i,
                        });
                    }
                    return Ok(());
                }
                let p = self.expr(fr, *ptr)?;
                for (i, leaf) in lv.iter().enumerate() {
                    self.emit(Op::Store {
                        p,
                        off: leaf.off,
                        src: v + i as u32,
                        k: leaf.k,
                        volatile: *volatile,
                    });
                }
            }
            StmtKind::Eval(e) => {
                self.expr(fr, *e)?;
            }
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let c = self.expr(fr, *cond)?;
                let to_else = self.emit(Op::JumpIfNot { cond: c, target: 0 });
                self.block(fr, accept)?;
                if reject.is_empty() {
                    let end = self.here();
                    self.patch(to_else, end);
                } else {
                    let to_end = self.emit(Op::Jump { target: 0 });
                    let els = self.here();
                    self.patch(to_else, els);
                    self.block(fr, reject)?;
                    let end = self.here();
                    self.patch(to_end, end);
                }
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                let top = self.here();
                fr.targets.push(Target::Loop {
                    breaks: Vec::new(),
                    continues: Vec::new(),
                });
                self.block(fr, body)?;
                let cont = self.here();
                let Some(Target::Loop { breaks, continues }) = fr.targets.pop() else {
                    return Err(Diagnostic::error("loop target stack out of order"));
                };
                for c in continues {
                    self.patch(c, cont);
                }
                // `continue` inside `continuing` is not valid IR; breaks
                // there leave the loop.
                fr.targets.push(Target::Loop {
                    breaks,
                    continues: Vec::new(),
                });
                self.block(fr, continuing)?;
                self.emit(Op::JumpBack { target: top });
                let end = self.here();
                if let Some(Target::Loop { breaks, .. }) = fr.targets.pop() {
                    for b in breaks {
                        self.patch(b, end);
                    }
                }
            }
            StmtKind::Break => {
                let j = self.emit(Op::Jump { target: 0 });
                match fr.targets.last_mut() {
                    Some(Target::Loop { breaks, .. } | Target::Switch { breaks }) => breaks.push(j),
                    None => return Err(Diagnostic::error("`break` outside a loop or switch")),
                }
            }
            StmtKind::Continue => {
                let j = self.emit(Op::Jump { target: 0 });
                let target = fr.targets.iter_mut().rev().find_map(|t| match t {
                    Target::Loop { continues, .. } => Some(continues),
                    Target::Switch { .. } => None,
                });
                match target {
                    Some(c) => c.push(j),
                    None => return Err(Diagnostic::error("`continue` outside a loop")),
                }
            }
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => Some((self.expr(fr, *e)?, leaves(self.m, self.ty(fr, *e)?)?.len())),
                    None => None,
                };
                match &mut fr.ret {
                    None => {
                        self.emit(Op::Exit);
                    }
                    Some((r, _)) => {
                        let r = *r;
                        if let Some((v, n)) = v {
                            for i in 0..n as u32 {
                                self.emit(Op::Mov {
                                    dst: r + i,
                                    src: v + i,
                                });
                            }
                        }
                        let j = self.emit(Op::Jump { target: 0 });
                        if let Some((_, jumps)) = &mut fr.ret {
                            jumps.push(j);
                        }
                    }
                }
            }
            StmtKind::Switch { selector, cases } => self.switch(fr, *selector, cases)?,
            StmtKind::Block(b) => self.block(fr, b)?,
            StmtKind::Call { func, args, result } => {
                let mut regs = Vec::with_capacity(args.len());
                for a in args {
                    let r = self.expr(fr, *a)?;
                    // Copy so that the callee's parameter is not an alias
                    // of a caller register written during the call.
                    let n = leaves(self.m, self.ty(fr, *a)?)?.len();
                    let copy = self.perm_regs(n);
                    for i in 0..n as u32 {
                        self.emit(Op::Mov {
                            dst: copy + i,
                            src: r + i,
                        });
                    }
                    regs.push(copy);
                }
                let ret = match result {
                    Some(e) => Some(self.result_reg(fr, *e)?),
                    None => {
                        let f = self.m.functions.get(func.0 as usize);
                        let n = match f {
                            Some(f) => leaves(self.m, &f.result)?.len(),
                            None => 1,
                        };
                        Some(self.perm_regs(n))
                    }
                };
                let span = self.span;
                self.function(*func, regs, ret)?;
                self.span = span;
            }
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                result,
                ..
            } => {
                let p = self.expr(fr, *ptr)?;
                let v = self.expr(fr, *value)?;
                let cmp = match compare {
                    Some(c) => self.expr(fr, *c)?,
                    None => v,
                };
                let k = self.scalar_kind(fr, *value)?;
                let dst = match result {
                    Some(e) => self.result_reg(fr, *e)?,
                    None => self.temp_regs(1),
                };
                self.emit(Op::Atomic {
                    op: *op,
                    k,
                    dst,
                    p,
                    v,
                    cmp,
                });
            }
            StmtKind::Warp { op, args, result } => self.warp(fr, *op, args, *result)?,
            StmtKind::Barrier { kind, .. } => {
                match kind {
                    BarrierKind::Block => self.emit(Op::Barrier { reduce: None }),
                    BarrierKind::Warp => self.emit(Op::SyncWarp),
                };
            }
            StmtKind::BarrierReduce { op, pred, result } => {
                let p = self.expr(fr, *pred)?;
                let dst = self.result_reg(fr, *result)?;
                self.emit(Op::Barrier {
                    reduce: Some((*op, p, dst)),
                });
            }
            StmtKind::Fence(_) => {}
        }
        Ok(())
    }

    fn switch(
        &mut self,
        fr: &mut Frame<'m>,
        selector: ExprId,
        cases: &'m [crate::ir::SwitchCase],
    ) -> Result<(), Diagnostic> {
        let sel = self.expr(fr, selector)?;
        let k = self.scalar_kind(fr, selector)?;
        let mut entry_jumps: Vec<(usize, usize)> = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            for v in &c.values {
                let lit = self.temp_regs(1);
                self.emit(Op::Const {
                    dst: lit,
                    bits: super::ops::canon(k, *v as u64),
                });
                let eq = self.temp_regs(1);
                self.emit(Op::Binary {
                    op: crate::ir::BinaryOp::Eq,
                    k,
                    dst: eq,
                    a: sel,
                    b: lit,
                });
                let j = self.emit(Op::JumpIf {
                    cond: eq,
                    target: 0,
                });
                entry_jumps.push((j, i));
            }
        }
        let default_jump = self.emit(Op::Jump { target: 0 });
        let default = cases.iter().position(|c| c.is_default);
        fr.targets.push(Target::Switch { breaks: Vec::new() });
        let mut starts = Vec::with_capacity(cases.len());
        for c in cases {
            starts.push(self.here());
            self.block(fr, &c.body)?;
            if !c.fall_through {
                let j = self.emit(Op::Jump { target: 0 });
                if let Some(Target::Switch { breaks }) = fr.targets.last_mut() {
                    breaks.push(j);
                }
            }
        }
        let end = self.here();
        for (j, i) in entry_jumps {
            let t = starts.get(i).copied().unwrap_or(end);
            self.patch(j, t);
        }
        let d = default.and_then(|i| starts.get(i).copied()).unwrap_or(end);
        self.patch(default_jump, d);
        if let Some(Target::Switch { breaks }) = fr.targets.pop() {
            for b in breaks {
                self.patch(b, end);
            }
        }
        Ok(())
    }
}

/// Calls `f` on every register operand of `op`.
fn for_each_reg(op: &mut Op, mut f: impl FnMut(&mut Reg)) {
    match op {
        Op::Const { dst, .. } | Op::Builtin { dst, .. } | Op::MakePtr { dst, .. } => f(dst),
        Op::Mov { dst, src } => {
            f(dst);
            f(src);
        }
        Op::Unary { dst, a, .. }
        | Op::Convert { dst, a, .. }
        | Op::Bitcast { dst, a, .. }
        | Op::PtrAdd { dst, p: a, .. } => {
            f(dst);
            f(a);
        }
        Op::Binary { dst, a, b, .. }
        | Op::PtrIndex {
            dst, p: a, idx: b, ..
        } => {
            f(dst);
            f(a);
            f(b);
        }
        Op::Intrinsic { dst, args, .. } => {
            f(dst);
            args.iter_mut().for_each(f);
        }
        Op::Jump { .. } | Op::JumpBack { .. } | Op::SyncWarp | Op::Exit => {}
        Op::JumpIf { cond, .. } | Op::JumpIfNot { cond, .. } => f(cond),
        Op::Load { dst, p, .. } => {
            f(dst);
            f(p);
        }
        Op::Store { p, src, .. } => {
            f(p);
            f(src);
        }
        Op::Atomic { dst, p, v, cmp, .. } => {
            f(dst);
            f(p);
            f(v);
            f(cmp);
        }
        Op::Warp { dst, args, .. } => {
            f(dst);
            args.iter_mut().for_each(f);
        }
        Op::Barrier { reduce } => {
            if let Some((_, p, d)) = reduce {
                f(p);
                f(d);
            }
        }
    }
}
