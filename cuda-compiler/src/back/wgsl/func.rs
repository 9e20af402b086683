//! The per-function lowering context: the naga function being built, the
//! stack of blocks statements go into, and small builders for naga
//! expressions (each emitted where it is made, as the IR evaluates
//! expressions where they are used).

use std::collections::HashMap;

use naga::{
    BinaryOperator as B, Block, Expression, Handle, Literal, LocalVariable, MathFunction,
    ScalarKind, Span, Statement, SwitchCase, SwitchValue,
};

use super::module::ModCtx;
use super::regions::FnRegions;
use super::Unsupported;
use crate::ir::{self, AddrSpace, ExprId, FuncId, LocalId};

/// A naga expression handle.
pub(super) type H = Handle<Expression>;

/// Which region a pointer points into.
#[derive(Debug, Clone, Copy)]
pub(super) enum RegionRef {
    /// Known at compile time.
    Static(u32),
    /// Known at run time: the region number, and the space that bounds
    /// which regions it may be.
    Dynamic(H, AddrSpace),
}

/// Lowering state of one function.
pub(super) struct FnCtx<'a, 'm> {
    /// The module.
    pub m: &'a mut ModCtx<'m>,
    /// The IR function's id.
    pub fid: FuncId,
    /// The IR function.
    pub func: &'m ir::Function,
    /// It is the kernel (the entry point): parameters come from the
    /// parameter block.
    pub is_kernel: bool,
    /// Static facts about its pointers.
    pub info: FnRegions,
    /// The naga function being built (its body is `blocks[0]` at the end).
    pub nf: naga::Function,
    /// Open blocks; statements go into the last.
    pub blocks: Vec<Block>,
    /// Lowered expressions, per open lazy scope.
    memo: Vec<HashMap<ExprId, H>>,
    /// naga locals of the IR locals that do not live in memory.
    pub locals: HashMap<LocalId, Handle<LocalVariable>>,
    /// Locals holding statement results.
    pub results: HashMap<ExprId, Handle<LocalVariable>>,
    /// The span of the statement being lowered (for errors).
    pub span: crate::source::Span,
    /// How many thread-dependent branches enclose the current statement.
    pub divergent: u32,
}

impl<'a, 'm> FnCtx<'a, 'm> {
    /// A context for IR function `fid`.
    pub fn new(m: &'a mut ModCtx<'m>, fid: FuncId, is_kernel: bool) -> Self {
        let func = m.ir.function(fid);
        let info = m.regions.funcs.get(&fid).cloned().unwrap_or_default();
        FnCtx {
            m,
            fid,
            func,
            is_kernel,
            info,
            nf: naga::Function::default(),
            blocks: vec![Block::new()],
            memo: vec![HashMap::new()],
            locals: HashMap::new(),
            results: HashMap::new(),
            span: func.span,
            divergent: 0,
        }
    }

    /// An "unsupported on wgpu" error at the current statement.
    pub fn err(&self, what: impl Into<String>) -> Unsupported {
        Unsupported::at(what, self.span)
    }

    /// Appends an expression and emits it in the current block.
    pub fn push(&mut self, e: Expression) -> H {
        let pre = e.needs_pre_emit();
        let h = self.nf.expressions.append(e, Span::UNDEFINED);
        if !pre {
            self.stmt(Statement::Emit(naga::Range::new_from_bounds(h, h)));
        }
        h
    }

    /// Appends an expression that a statement defines (call and atomic
    /// results): never emitted.
    pub fn push_result(&mut self, e: Expression) -> H {
        self.nf.expressions.append(e, Span::UNDEFINED)
    }

    /// Adds a statement to the current block.
    pub fn stmt(&mut self, s: Statement) {
        if let Some(b) = self.blocks.last_mut() {
            b.push(s, Span::UNDEFINED);
        }
    }

    /// Runs `f` with a fresh block (and memo scope) and returns the block.
    pub fn block(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<(), Unsupported>,
    ) -> Result<Block, Unsupported> {
        self.blocks.push(Block::new());
        self.memo.push(HashMap::new());
        let r = f(self);
        self.memo.pop();
        let b = self.blocks.pop().unwrap_or_default();
        r.map(|()| b)
    }

    /// A lowered expression, if this scope has it.
    pub fn memo_get(&self, e: ExprId) -> Option<H> {
        self.memo.iter().rev().find_map(|m| m.get(&e).copied())
    }

    /// Remembers a lowered expression in the current scope.
    pub fn memo_put(&mut self, e: ExprId, h: H) {
        if let Some(m) = self.memo.last_mut() {
            m.insert(e, h);
        }
    }

    /// Forgets every lowered expression (a new statement starts).
    pub fn memo_clear(&mut self) {
        for m in &mut self.memo {
            m.clear();
        }
    }

    /// Is this IR expression thread-dependent?
    pub fn is_divergent(&self, e: ExprId) -> bool {
        self.m.uniformity.is_divergent(self.fid, e)
    }

    /// Refuses a warp collective under a thread-dependent branch: the
    /// emulation uses workgroup barriers that every thread must reach.
    pub fn check_warp_uniform(&self) -> Result<(), Unsupported> {
        if self.divergent > 0 {
            return Err(self.err(
                "a warp collective (`__shfl*_sync`, `__ballot_sync`, `__syncwarp`, …) under a thread-dependent branch: warps are emulated with workgroup barriers, which every thread of the block must reach",
            ));
        }
        Ok(())
    }

    /// A `u32` literal.
    pub fn u32(&mut self, v: u32) -> H {
        self.push(Expression::Literal(Literal::U32(v)))
    }

    /// An `i32` literal.
    pub fn i32(&mut self, v: i32) -> H {
        self.push(Expression::Literal(Literal::I32(v)))
    }

    /// An `f32` literal.
    pub fn f32(&mut self, v: f32) -> H {
        self.push(Expression::Literal(Literal::F32(v)))
    }

    /// A `bool` literal.
    pub fn bool(&mut self, v: bool) -> H {
        self.push(Expression::Literal(Literal::Bool(v)))
    }

    /// A binary operation.
    pub fn bin(&mut self, op: B, left: H, right: H) -> H {
        self.push(Expression::Binary { op, left, right })
    }

    /// A unary operation.
    pub fn un(&mut self, op: naga::UnaryOperator, expr: H) -> H {
        self.push(Expression::Unary { op, expr })
    }

    /// A bit reinterpretation to another scalar kind (32-bit).
    pub fn bits(&mut self, expr: H, kind: ScalarKind) -> H {
        self.push(Expression::As {
            expr,
            kind,
            convert: None,
        })
    }

    /// A value conversion to another 32-bit scalar kind.
    pub fn conv(&mut self, expr: H, kind: ScalarKind) -> H {
        let width = if kind == ScalarKind::Bool { 1 } else { 4 };
        self.push(Expression::As {
            expr,
            kind,
            convert: Some(width),
        })
    }

    /// A built-in function call.
    pub fn math(&mut self, fun: MathFunction, args: &[H]) -> H {
        self.push(Expression::Math {
            fun,
            arg: args[0],
            arg1: args.get(1).copied(),
            arg2: args.get(2).copied(),
            arg3: args.get(3).copied(),
        })
    }

    /// `select(reject, accept, cond)` (both sides evaluated).
    pub fn select(&mut self, condition: H, accept: H, reject: H) -> H {
        self.push(Expression::Select {
            condition,
            accept,
            reject,
        })
    }

    /// Component `index` of a vector or struct value (or through a pointer).
    pub fn field(&mut self, base: H, index: u32) -> H {
        self.push(Expression::AccessIndex { base, index })
    }

    /// Element `index` of an array or vector (or through a pointer).
    pub fn index(&mut self, base: H, index: H) -> H {
        self.push(Expression::Access { base, index })
    }

    /// Loads through a naga pointer.
    pub fn load(&mut self, pointer: H) -> H {
        self.push(Expression::Load { pointer })
    }

    /// Stores through a naga pointer.
    pub fn store(&mut self, pointer: H, value: H) {
        self.stmt(Statement::Store { pointer, value });
    }

    /// A fresh function-local variable.
    pub fn temp(&mut self, name: &str, ty: Handle<naga::Type>) -> Handle<LocalVariable> {
        self.nf.local_variables.append(
            LocalVariable {
                name: Some(name.to_string()),
                ty,
                init: None,
            },
            Span::UNDEFINED,
        )
    }

    /// The pointer to a function-local variable.
    pub fn local_ptr(&mut self, lv: Handle<LocalVariable>) -> H {
        self.push(Expression::LocalVariable(lv))
    }

    /// The pointer to a module-scope variable.
    pub fn global_ptr(&mut self, gv: Handle<naga::GlobalVariable>) -> H {
        self.push(Expression::GlobalVariable(gv))
    }

    /// `x & mask`, `x >> s` and friends on `u32`.
    pub fn and_u(&mut self, x: H, mask: u32) -> H {
        let m = self.u32(mask);
        self.bin(B::And, x, m)
    }

    /// `x >> s` with a literal shift.
    pub fn shr_u(&mut self, x: H, s: u32) -> H {
        let s = self.u32(s);
        self.bin(B::ShiftRight, x, s)
    }

    /// `x << s` with a literal shift.
    pub fn shl_u(&mut self, x: H, s: u32) -> H {
        let s = self.u32(s);
        self.bin(B::ShiftLeft, x, s)
    }

    /// `x + k` on `u32`.
    pub fn add_u(&mut self, x: H, k: u32) -> H {
        if k == 0 {
            return x;
        }
        let k = self.u32(k);
        self.bin(B::Add, x, k)
    }

    /// Runs `f` for the region a pointer points into: directly when known,
    /// else in a `switch` over the regions its space allows.
    pub fn for_region(
        &mut self,
        region: RegionRef,
        f: &mut dyn FnMut(&mut Self, u32) -> Result<(), Unsupported>,
    ) -> Result<(), Unsupported> {
        match region {
            RegionRef::Static(r) => f(self, r),
            RegionRef::Dynamic(id, space) => {
                let cands = self.m.regions.candidates(space);
                if cands.is_empty() {
                    return Err(self.err(format!(
                        "a pointer into {} memory that the kernel has none of (`__device__` or host-written `__constant__` variables)",
                        space.name()
                    )));
                }
                if cands.len() == 1 {
                    return f(self, cands[0]);
                }
                let mut cases = Vec::new();
                for c in cands {
                    let body = self.block(|s| f(s, c))?;
                    cases.push(SwitchCase {
                        value: SwitchValue::U32(c),
                        body,
                        fall_through: false,
                    });
                }
                cases.push(SwitchCase {
                    value: SwitchValue::Default,
                    body: Block::new(),
                    fall_through: false,
                });
                self.stmt(Statement::Switch {
                    selector: id,
                    cases,
                });
                Ok(())
            }
        }
    }

    /// The naga local of a non-memory IR local (made on first use).
    pub fn ir_local(&mut self, l: LocalId) -> Result<Handle<LocalVariable>, Unsupported> {
        if let Some(&lv) = self.locals.get(&l) {
            return Ok(lv);
        }
        let local = self
            .func
            .locals
            .get(l.0 as usize)
            .ok_or_else(|| self.err("an unknown local"))?;
        let ty = self
            .m
            .value_type(&local.ty)
            .map_err(|e| Unsupported::at(e, local.span))?;
        let lv = self.temp(&local.name, ty);
        self.locals.insert(l, lv);
        Ok(lv)
    }

    /// The naga local holding the value of a statement result.
    pub fn result_local(&mut self, e: ExprId) -> Result<Handle<LocalVariable>, Unsupported> {
        if let Some(&lv) = self.results.get(&e) {
            return Ok(lv);
        }
        let ty = self.func.exprs[e].ty.clone();
        let nty = self.m.value_type(&ty).map_err(|m| self.err(m))?;
        let lv = self.temp("result", nty);
        self.results.insert(e, lv);
        Ok(lv)
    }
}
