//! Uniformity: which values and conditions may differ between the threads
//! of one block, and which block barriers only some threads may reach.
//!
//! A value is *thread-dependent* (divergent) when it derives from
//! `threadIdx` or the lane id, from a load through a thread-dependent
//! pointer, from the result of an atomic or a warp collective, from a local
//! variable that was ever assigned a thread-dependent value or assigned
//! under thread-dependent control flow, or from a call whose arguments are
//! thread-dependent or whose callee reads such sources. Loads from shared or
//! global memory through a uniform pointer are treated as uniform (all
//! threads read the same address). `blockIdx`, `blockDim`, `gridDim`,
//! kernel parameters and barrier reductions are uniform within a block.
//!
//! Control flow is thread-dependent inside an `if`/`switch` on a divergent
//! value, in a loop that a divergent `break` or `return` may leave, and in
//! the rest of a block after a divergent `return`/`break`/`continue`.
//! A block barrier (`__syncthreads`, `__syncthreads_count/and/or`, or a call
//! of a device function that contains one) reached under such control flow
//! is reported: CUDA requires every thread of the block to reach it.
//!
//! The analysis is flow-insensitive for locals and iterates each function to
//! a fixed point; device-function parameters are divergent when any call
//! site passes a divergent argument (functions are visited callers first).
//! Used by the validator's barrier warning and, later, by the WGSL back end
//! (whose uniformity rules are stricter) and the CPU back end.

use super::call_graph::CallGraph;
use super::walk::{for_each_stmt, operands};
use crate::ir::{
    BarrierKind, BarrierReduce, Block, BuiltinValue, ExprId, ExprKind, FuncId, Function, Module,
    StmtKind,
};
use crate::source::Span;

/// Thread-dependence facts of one function.
#[derive(Debug, Clone, Default)]
pub struct FunctionUniformity {
    /// Per expression handle: may it differ between threads of a block?
    pub divergent_exprs: Vec<bool>,
    /// Per local: was it ever given a thread-dependent value?
    pub divergent_locals: Vec<bool>,
    /// Per parameter: does some call site pass a thread-dependent value?
    pub divergent_params: Vec<bool>,
}

/// What a reported barrier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarrierSite {
    /// A barrier statement, with its CUDA name (`__syncthreads()`).
    Barrier(&'static str),
    /// A call of a device function that reaches a block barrier.
    Call(&'static str),
}

/// A block barrier that only some threads of a block may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivergentBarrier {
    /// The function containing the barrier or call.
    pub func: FuncId,
    /// The barrier statement or call.
    pub span: Span,
    /// The thread-dependent condition that makes it divergent, if known.
    pub cause: Option<Span>,
    /// Barrier or call.
    pub site: BarrierSite,
}

/// The uniformity facts of a module.
#[derive(Debug, Clone, Default)]
pub struct Uniformity {
    functions: Vec<FunctionUniformity>,
    barriers: Vec<DivergentBarrier>,
}

impl Uniformity {
    /// The facts of one function.
    pub fn function(&self, f: FuncId) -> Option<&FunctionUniformity> {
        self.functions.get(f.0 as usize)
    }

    /// Is this expression of `f` thread-dependent?
    pub fn is_divergent(&self, f: FuncId, e: ExprId) -> bool {
        self.function(f)
            .and_then(|u| u.divergent_exprs.get(e.index()))
            .copied()
            .unwrap_or(false)
    }

    /// Block barriers under thread-dependent control flow, in function
    /// order then source order.
    pub fn divergent_barriers(&self) -> &[DivergentBarrier] {
        &self.barriers
    }
}

/// Analyses every function of a module.
pub fn analyze(module: &Module) -> Uniformity {
    let graph = CallGraph::new(module);
    let order = graph.callees_first();
    let n = module.functions.len();
    // Per function: does it (or a callee) read a thread-dependent source /
    // contain a block barrier?
    let mut thread_dependent = vec![false; n];
    let mut has_barrier = vec![false; n];
    for &f in &order {
        let func = module.function(f);
        let mut dep = func.exprs.iter().any(|(_, e)| {
            matches!(
                e.kind,
                ExprKind::Builtin(BuiltinValue::ThreadIdx(_) | BuiltinValue::LaneId)
            )
        });
        let mut bar = false;
        for_each_stmt(&func.body, &mut |s| match &s.kind {
            StmtKind::Atomic { .. } | StmtKind::Warp { .. } => dep = true,
            StmtKind::Barrier {
                kind: BarrierKind::Block,
                ..
            }
            | StmtKind::BarrierReduce { .. } => bar = true,
            _ => {}
        });
        for c in graph.callees(f) {
            dep |= thread_dependent[c.0 as usize];
            bar |= has_barrier[c.0 as usize];
        }
        thread_dependent[f.0 as usize] = dep;
        has_barrier[f.0 as usize] = bar;
    }
    let mut params: Vec<Vec<bool>> = module
        .functions
        .iter()
        .map(|f| vec![false; f.params.len()])
        .collect();
    let mut functions = vec![FunctionUniformity::default(); n];
    let mut barriers = Vec::new();
    for &f in order.iter().rev() {
        let func = module.function(f);
        let facts = Facts {
            thread_dependent: &thread_dependent,
            has_barrier: &has_barrier,
        };
        let mut a = FnAnalysis::new(func, f, facts, params[f.0 as usize].clone());
        a.solve();
        for (callee, args) in a.call_args() {
            if let Some(p) = params.get_mut(callee.0 as usize) {
                for (slot, d) in p.iter_mut().zip(args) {
                    *slot |= d;
                }
            }
        }
        barriers.extend(a.barriers);
        functions[f.0 as usize] = FunctionUniformity {
            divergent_exprs: a.exprs,
            divergent_locals: a.locals,
            divergent_params: a.params,
        };
    }
    barriers.sort_by_key(|b: &DivergentBarrier| (b.func, b.span.lo));
    Uniformity {
        functions,
        barriers,
    }
}

#[derive(Clone, Copy)]
struct Facts<'a> {
    thread_dependent: &'a [bool],
    has_barrier: &'a [bool],
}

/// Divergent exits out of a block: the cause of each, if any.
#[derive(Default, Clone, Copy)]
struct Exits {
    ret: Option<Span>,
    brk: Option<Span>,
    cont: Option<Span>,
}

impl Exits {
    fn any(&self) -> Option<Span> {
        self.ret.or(self.brk).or(self.cont)
    }
}

struct FnAnalysis<'a> {
    func: &'a Function,
    id: FuncId,
    facts: Facts<'a>,
    params: Vec<bool>,
    exprs: Vec<bool>,
    locals: Vec<bool>,
    /// Per `StmtResult` expression: is the value thread-dependent?
    results: Vec<bool>,
    /// Per loop (in walk order): the cause that makes its trip count
    /// thread-dependent.
    loops: Vec<Option<Span>>,
    loop_counter: usize,
    changed: bool,
    record: bool,
    barriers: Vec<DivergentBarrier>,
}

impl<'a> FnAnalysis<'a> {
    fn new(func: &'a Function, id: FuncId, facts: Facts<'a>, params: Vec<bool>) -> Self {
        let n = func.exprs.len();
        Self {
            func,
            id,
            facts,
            params,
            exprs: vec![false; n],
            locals: vec![false; func.locals.len()],
            results: vec![false; n],
            loops: Vec::new(),
            loop_counter: 0,
            changed: false,
            record: false,
            barriers: Vec::new(),
        }
    }

    /// Iterates to the fixed point, then walks once more recording barriers.
    fn solve(&mut self) {
        // Each round that changes something sets at least one more flag, so
        // this bound is never reached for valid IR; it guards bad input.
        let limit = self.exprs.len() * 2 + self.locals.len() + 8;
        for _ in 0..limit {
            self.changed = false;
            self.compute_exprs();
            self.loop_counter = 0;
            self.block(&self.func.body, None);
            if !self.changed {
                break;
            }
        }
        self.record = true;
        self.loop_counter = 0;
        self.block(&self.func.body, None);
    }

    fn div(&self, e: ExprId) -> bool {
        self.exprs.get(e.index()).copied().unwrap_or(false)
    }

    fn compute_exprs(&mut self) {
        for (h, e) in self.func.exprs.iter() {
            let d = match &e.kind {
                ExprKind::Builtin(b) => {
                    matches!(b, BuiltinValue::ThreadIdx(_) | BuiltinValue::LaneId)
                }
                ExprKind::Param(i) => self.params.get(*i as usize).copied().unwrap_or(false),
                ExprKind::StmtResult => self.results.get(h.index()).copied().unwrap_or(false),
                ExprKind::Load { ptr, .. } => {
                    self.div(*ptr) || self.root_local(*ptr).is_some_and(|l| self.local(l))
                }
                kind => operands(kind)
                    .iter()
                    .any(|o| o.index() < h.index() && self.div(*o)),
            };
            if let Some(slot) = self.exprs.get_mut(h.index()) {
                *slot = d;
            }
        }
    }

    fn local(&self, l: usize) -> bool {
        self.locals.get(l).copied().unwrap_or(false)
    }

    /// The local a pointer expression points into, if any.
    fn root_local(&self, mut p: ExprId) -> Option<usize> {
        // Operands are earlier expressions, so this walk terminates; the
        // bound guards unvalidated input.
        for _ in 0..self.func.exprs.len() {
            match &self.func.exprs.try_get(p)?.kind {
                ExprKind::LocalPtr(l) => return Some(l.0 as usize),
                ExprKind::PtrOffset { ptr, .. }
                | ExprKind::ElementPtr { ptr, .. }
                | ExprKind::MemberPtr { ptr, .. }
                | ExprKind::PtrCast { ptr }
                    if ptr.index() < p.index() =>
                {
                    p = *ptr
                }
                _ => return None,
            }
        }
        None
    }

    fn mark_local(&mut self, l: usize) {
        if let Some(slot) = self.locals.get_mut(l) {
            if !*slot {
                *slot = true;
                self.changed = true;
            }
        }
    }

    fn mark_result(&mut self, r: Option<ExprId>, d: bool) {
        if let Some(slot) = r.and_then(|r| self.results.get_mut(r.index())) {
            if d && !*slot {
                *slot = true;
                self.changed = true;
            }
        }
    }

    fn cause(&self, e: ExprId) -> Option<Span> {
        self.div(e).then(|| self.func.exprs.span(e))
    }

    fn barrier(&mut self, span: Span, ctl: Option<Span>, site: BarrierSite) {
        if self.record && ctl.is_some() {
            self.barriers.push(DivergentBarrier {
                func: self.id,
                span,
                cause: ctl,
                site,
            });
        }
    }

    /// Walks a block under control divergence `ctl`; returns its divergent
    /// exits.
    fn block(&mut self, block: &'a Block, mut ctl: Option<Span>) -> Exits {
        let mut exits = Exits::default();
        for stmt in block {
            let e = self.stmt(stmt, ctl);
            exits.ret = exits.ret.or(e.ret);
            exits.brk = exits.brk.or(e.brk);
            exits.cont = exits.cont.or(e.cont);
            // Threads that left make the rest of the block divergent.
            ctl = ctl.or(e.any());
        }
        exits
    }

    fn stmt(&mut self, stmt: &'a crate::ir::Stmt, ctl: Option<Span>) -> Exits {
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::Store { ptr, value, .. } => {
                if let Some(l) = self.root_local(*ptr) {
                    if ctl.is_some() || self.div(*value) || self.div(*ptr) {
                        self.mark_local(l);
                    }
                }
                Exits::default()
            }
            StmtKind::Eval(_) | StmtKind::Fence(_) => Exits::default(),
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let inner = ctl.or(self.cause(*cond));
                let a = self.block(accept, inner);
                let b = self.block(reject, inner);
                Exits {
                    ret: a.ret.or(b.ret),
                    brk: a.brk.or(b.brk),
                    cont: a.cont.or(b.cont),
                }
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                let index = self.loop_counter;
                self.loop_counter += 1;
                if self.loops.len() <= index {
                    self.loops.resize(index + 1, None);
                }
                let inner = ctl.or(self.loops.get(index).copied().flatten());
                let b = self.block(body, inner);
                // Every thread still in the loop reaches `continuing`.
                let c = self.block(continuing, inner);
                let leaves = b.brk.or(b.ret).or(c.brk).or(c.ret);
                if let (Some(cause), Some(slot)) = (leaves, self.loops.get_mut(index)) {
                    if slot.is_none() {
                        *slot = Some(cause);
                        self.changed = true;
                    }
                }
                Exits {
                    ret: b.ret.or(c.ret),
                    ..Exits::default()
                }
            }
            StmtKind::Break => Exits {
                brk: ctl,
                ..Exits::default()
            },
            StmtKind::Continue => Exits {
                cont: ctl,
                ..Exits::default()
            },
            StmtKind::Return(_) => Exits {
                ret: ctl,
                ..Exits::default()
            },
            StmtKind::Switch { selector, cases } => {
                let inner = ctl.or(self.cause(*selector));
                let mut exits = Exits::default();
                for case in cases {
                    let e = self.block(&case.body, inner);
                    exits.ret = exits.ret.or(e.ret);
                    exits.cont = exits.cont.or(e.cont);
                }
                exits
            }
            StmtKind::Block(b) => self.block(b, ctl),
            StmtKind::Call { func, args, result } => {
                let callee = func.0 as usize;
                let dep = self
                    .facts
                    .thread_dependent
                    .get(callee)
                    .copied()
                    .unwrap_or(false)
                    || args.iter().any(|a| self.div(*a));
                self.mark_result(*result, dep);
                for a in args {
                    if let Some(l) = self.root_local(*a) {
                        if dep || ctl.is_some() {
                            self.mark_local(l);
                        }
                    }
                }
                if self.facts.has_barrier.get(callee).copied().unwrap_or(false) {
                    self.barrier(span, ctl, BarrierSite::Call("__syncthreads()"));
                }
                Exits::default()
            }
            StmtKind::Atomic { result, .. } | StmtKind::Warp { result, .. } => {
                self.mark_result(*result, true);
                Exits::default()
            }
            StmtKind::Barrier { kind, .. } => {
                if *kind == BarrierKind::Block {
                    self.barrier(span, ctl, BarrierSite::Barrier("__syncthreads()"));
                }
                Exits::default()
            }
            StmtKind::BarrierReduce { op, .. } => {
                let name = match op {
                    BarrierReduce::Count => "__syncthreads_count()",
                    BarrierReduce::And => "__syncthreads_and()",
                    BarrierReduce::Or => "__syncthreads_or()",
                };
                self.barrier(span, ctl, BarrierSite::Barrier(name));
                Exits::default()
            }
        }
    }

    /// For every call: the callee and which arguments are divergent.
    fn call_args(&self) -> Vec<(FuncId, Vec<bool>)> {
        let mut out = Vec::new();
        for_each_stmt(&self.func.body, &mut |s| {
            if let StmtKind::Call { func, args, .. } = &s.kind {
                out.push((*func, args.iter().map(|a| self.div(*a)).collect()));
            }
        });
        out
    }
}

#[cfg(test)]
mod tests;
