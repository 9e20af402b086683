//! IR → CPU form: inlines device functions, places locals (registers or
//! thread-local memory), assigns memory objects and emits the bytecode.

// Diagnostics are the cold path of lowering; boxing them buys nothing.
#![allow(clippy::result_large_err)]

mod expr;
pub(crate) mod layout;
mod regs;
mod stmt;

use super::code::{kind_of, Op, Program, Reg};
use crate::analysis::walk::{for_each_stmt, operands, stmt_exprs};
use crate::diag::Diagnostic;
use crate::ir::{AddrSpace, ExprId, ExprKind, FuncId, Function, Module, StmtKind, Type};
use crate::source::Span;
use layout::{leaves, write_const};
use std::collections::HashMap;
use std::rc::Rc;

/// Temporaries are numbered with this bit set until the end, then placed
/// after the permanent registers.
const TEMP: u32 = 1 << 31;

/// The most static shared memory of one kernel (the largest GPU's).
const MAX_SHARED: u32 = 228 * 1024;

/// The largest `__device__`/`__constant__` variable the executor allocates.
const MAX_MODULE_VARIABLE: u32 = 256 << 20;

/// Deepest chain of inlined calls.
const MAX_INLINE_DEPTH: usize = 48;

pub(crate) use cuda_cpu::exec::{ObjDef, ObjKind, ParamSlot};

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
            Type::Scalar(s) => ParamSlot::Scalar { reg, k: kind_of(*s) },
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
            regs::for_each_reg(op, fix);
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

    /// When the last instruction just computed the fresh temporary `v`,
    /// makes it write `dst` instead (saves the copy into a register local).
    fn retarget_last(&mut self, v: Reg, dst: Reg) -> bool {
        if v & TEMP == 0 {
            return false;
        }
        let Some(op) = self.ops.last_mut() else {
            return false;
        };
        let slot = match op {
            Op::Const { dst, .. }
            | Op::Builtin { dst, .. }
            | Op::Unary { dst, .. }
            | Op::Binary { dst, .. }
            | Op::BinaryImm { dst, .. }
            | Op::Convert { dst, .. }
            | Op::Bitcast { dst, .. }
            | Op::Intrinsic { dst, .. }
            | Op::MakePtr { dst, .. }
            | Op::PtrIndex { dst, .. }
            | Op::ObjIndex { dst, .. }
            | Op::PtrAdd { dst, .. }
            | Op::Load { dst, .. } => dst,
            _ => return false,
        };
        if *slot != v {
            return false;
        }
        *slot = dst;
        true
    }

    /// When the last instruction is `p = base + idx * scale` for the fresh
    /// temporary `p` and the access has one leaf, removes it and returns
    /// its operands for an indexed access; otherwise `(p, 0, 0)`.
    fn fuse_index(&mut self, p: Reg, leaves: usize) -> (Reg, Reg, i64) {
        if leaves != 1 || p & TEMP == 0 {
            return (p, 0, 0);
        }
        if let Some(&Op::PtrIndex {
            dst,
            p: base,
            idx,
            scale,
            ..
        }) = self.ops.last()
        {
            if dst == p && scale != 0 {
                self.ops.pop();
                self.spans.pop();
                return (base, idx, scale);
            }
        }
        (p, 0, 0)
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
                    .next_multiple_of(glob.align.max(align).clamp(1, 256));
                self.static_shared = base.saturating_add(size);
                if self.static_shared > MAX_SHARED {
                    return Err(Diagnostic::unsupported(
                        "more than 228 KiB of static shared memory in one kernel",
                    ));
                }
                self.new_object(ObjKind::Shared(base), u64::from(size), "shared")?
            }
            space => {
                if size > MAX_MODULE_VARIABLE {
                    return Err(Diagnostic::unsupported(
                        "`__device__` or `__constant__` variables over 256 MiB on the CPU back end",
                    ));
                }
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
}
