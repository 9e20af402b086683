//! A readable, stable text form of the IR, for `cudawasm transpile --emit ir`
//! and snapshot tests.
//!
//! Structs are listed with field offsets, then globals, kernel entries and
//! functions. Statements print one per line with their expressions as nested
//! trees: `store(&local.sum, add(load(&local.sum), load(ptroffset(param.x,
//! load(&local.i)))))`. A value produced by a statement (call, atomic, warp
//! collective, barrier reduction) is named `%N` after its expression handle,
//! as in `%12 = atomic.add.device(param.hist, 1u32)`. The format changes
//! only on purpose (snapshot tests pin it).

use super::{
    AtomicOp, BarrierKind, BarrierReduce, BinaryOp, Block, BuiltinValue, CacheHint, ConstValue,
    Dim, ExprId, ExprKind, Function, FunctionKind, Intrinsic, Literal, Module, Rounding, Scope,
    ShuffleMode, Stmt, StmtKind, Type, UnaryOp, Unroll, WarpOp,
};
use std::fmt::Write as _;

/// Expressions deeper than this print as their handle (`%N`); guards the
/// stack against pathological nesting.
const MAX_DEPTH: usize = 200;
/// Aggregate initialisers print at most this many elements.
const MAX_INIT_ELEMS: usize = 32;

/// Prints a whole module.
pub fn module_to_string(module: &Module) -> String {
    let mut out = String::new();
    for s in &module.structs {
        let kind = if s.is_union { "union" } else { "struct" };
        let _ = writeln!(
            out,
            "{kind} {} {{ // size {}, align {}",
            s.name, s.size, s.align
        );
        for f in &s.fields {
            let _ = writeln!(
                out,
                "  @{} {}: {}",
                f.offset,
                f.name,
                module.type_display(&f.ty)
            );
        }
        out.push_str("}\n\n");
    }
    for g in &module.globals {
        let dynamic = if g.dynamic { "dynamic " } else { "" };
        let _ = write!(
            out,
            "{} {dynamic}{}: {} align {}",
            g.space.name(),
            g.name,
            module.type_display(&g.ty),
            g.align
        );
        if let Some(init) = &g.init {
            out.push_str(" = ");
            const_value(&mut out, init);
        }
        out.push('\n');
    }
    if !module.globals.is_empty() {
        out.push('\n');
    }
    for k in &module.kernels {
        let params: Vec<String> = k
            .params
            .iter()
            .map(|p| cuda_param(&p.cuda_type, &p.name))
            .collect();
        let _ = writeln!(
            out,
            "kernel {}({}) = fn#{}",
            k.name,
            params.join(", "),
            k.func.0
        );
    }
    if !module.kernels.is_empty() {
        out.push('\n');
    }
    for (i, f) in module.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        Printer::new(module, f, &mut out).function(i);
    }
    out
}

/// `int n`, `const float *x`: a parameter as CUDA would declare it.
pub fn cuda_param(cuda_type: &str, name: &str) -> String {
    if cuda_type.is_empty() {
        name.to_string()
    } else if cuda_type.ends_with('*') || cuda_type.ends_with('&') {
        format!("{cuda_type}{name}")
    } else {
        format!("{cuda_type} {name}")
    }
}

fn const_value(out: &mut String, v: &ConstValue) {
    match v {
        ConstValue::Scalar(l) => literal(out, l),
        ConstValue::Zero => out.push_str("zeroinit"),
        ConstValue::Aggregate(items) => {
            out.push('{');
            for (i, item) in items.iter().take(MAX_INIT_ELEMS).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                const_value(out, item);
            }
            if items.len() > MAX_INIT_ELEMS {
                let _ = write!(out, ", … {} more", items.len() - MAX_INIT_ELEMS);
            }
            out.push('}');
        }
    }
}

fn literal(out: &mut String, l: &Literal) {
    let _ = match l {
        Literal::Bool(b) => write!(out, "{b}"),
        Literal::Int(v, s) => write!(out, "{v}{}", s.short_name()),
        Literal::Float(v, s) => write!(out, "{v:?}{}", s.short_name()),
    };
}

fn dim(d: Dim) -> &'static str {
    match d {
        Dim::X => "x",
        Dim::Y => "y",
        Dim::Z => "z",
    }
}

fn rounding(r: Rounding) -> &'static str {
    match r {
        Rounding::Nearest => "rn",
        Rounding::Zero => "rz",
        Rounding::Up => "ru",
        Rounding::Down => "rd",
    }
}

fn scope(s: Scope) -> &'static str {
    match s {
        Scope::Block => "block",
        Scope::Device => "device",
        Scope::System => "system",
    }
}

fn hint(h: CacheHint) -> &'static str {
    match h {
        CacheHint::Default => "",
        CacheHint::ReadOnly => ".readonly",
        CacheHint::Global => ".cg",
        CacheHint::Streaming => ".cs",
        CacheHint::LastUse => ".lu",
        CacheHint::Volatile => ".cv",
        CacheHint::WriteThrough => ".wt",
    }
}

fn binary(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Rem => "rem",
        BinaryOp::Shl => "shl",
        BinaryOp::Shr => "shr",
        BinaryOp::BitAnd => "and",
        BinaryOp::BitOr => "or",
        BinaryOp::BitXor => "xor",
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::LogicalAnd => "land",
        BinaryOp::LogicalOr => "lor",
    }
}

/// `snake_case` of a CamelCase name.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn intrinsic(f: Intrinsic) -> String {
    let rounded = |name: &str, r: Rounding| format!("{name}.{}", rounding(r));
    match f {
        Intrinsic::Rcp(r) => rounded("rcp", r),
        Intrinsic::AddRounded(r) => rounded("add", r),
        Intrinsic::SubRounded(r) => rounded("sub", r),
        Intrinsic::MulRounded(r) => rounded("mul", r),
        Intrinsic::DivRounded(r) => rounded("div", r),
        Intrinsic::SqrtRounded(r) => rounded("sqrt", r),
        Intrinsic::FmaRounded(r) => rounded("fma", r),
        other => snake(&format!("{other:?}")),
    }
}

fn atomic(op: AtomicOp) -> &'static str {
    match op {
        AtomicOp::Add => "add",
        AtomicOp::Sub => "sub",
        AtomicOp::Exchange => "exch",
        AtomicOp::Min => "min",
        AtomicOp::Max => "max",
        AtomicOp::Inc => "inc",
        AtomicOp::Dec => "dec",
        AtomicOp::CompareExchange => "cas",
        AtomicOp::And => "and",
        AtomicOp::Or => "or",
        AtomicOp::Xor => "xor",
    }
}

fn warp(op: WarpOp) -> &'static str {
    match op {
        WarpOp::Shuffle(ShuffleMode::Idx) => "shfl",
        WarpOp::Shuffle(ShuffleMode::Up) => "shfl_up",
        WarpOp::Shuffle(ShuffleMode::Down) => "shfl_down",
        WarpOp::Shuffle(ShuffleMode::Xor) => "shfl_xor",
        WarpOp::All => "all",
        WarpOp::Any => "any",
        WarpOp::Uni => "uni",
        WarpOp::Ballot => "ballot",
        WarpOp::ActiveMask => "activemask",
        WarpOp::MatchAny => "match_any",
        WarpOp::MatchAll => "match_all",
        WarpOp::ReduceAdd => "reduce_add",
        WarpOp::ReduceMin => "reduce_min",
        WarpOp::ReduceMax => "reduce_max",
        WarpOp::ReduceAnd => "reduce_and",
        WarpOp::ReduceOr => "reduce_or",
        WarpOp::ReduceXor => "reduce_xor",
    }
}

struct Printer<'a> {
    module: &'a Module,
    func: &'a Function,
    out: &'a mut String,
    /// Display names of locals (`name`, or `name#index` when not unique).
    locals: Vec<String>,
}

impl<'a> Printer<'a> {
    fn new(module: &'a Module, func: &'a Function, out: &'a mut String) -> Self {
        let locals = func
            .locals
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if func.locals.iter().filter(|o| o.name == l.name).count() > 1 {
                    format!("{}#{i}", l.name)
                } else {
                    l.name.clone()
                }
            })
            .collect();
        Self {
            module,
            func,
            out,
            locals,
        }
    }

    fn ty(&self, ty: &Type) -> String {
        self.module.type_display(ty).to_string()
    }

    fn function(&mut self, index: usize) {
        let f = self.func;
        let kind = match f.kind {
            FunctionKind::Kernel => "kernel",
            FunctionKind::Device => "device",
        };
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, self.ty(&p.ty)))
            .collect();
        let _ = write!(
            self.out,
            "fn#{index} {kind} {}({}) -> {}",
            f.name,
            params.join(", "),
            self.ty(&f.result)
        );
        if let Some((threads, blocks)) = f.launch_bounds {
            let _ = match blocks {
                Some(b) => write!(self.out, " launch_bounds({threads}, {b})"),
                None => write!(self.out, " launch_bounds({threads})"),
            };
        }
        self.out.push_str(" {\n");
        for (i, l) in f.locals.iter().enumerate() {
            let _ = writeln!(self.out, "  local {}: {}", self.locals[i], self.ty(&l.ty));
        }
        self.block(&f.body, 1);
        self.out.push_str("}\n");
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn block(&mut self, block: &Block, depth: usize) {
        for s in block {
            self.stmt(s, depth);
        }
    }

    /// `name(a, b, …)` with expression arguments.
    fn call_like(&self, name: &str, args: &[ExprId]) -> String {
        let args: Vec<String> = args.iter().map(|a| self.expr(*a, 0)).collect();
        format!("{name}({})", args.join(", "))
    }

    fn with_result(&self, result: Option<ExprId>, text: String) -> String {
        match result {
            Some(r) => format!("%{} = {text}", r.index()),
            None => text,
        }
    }

    fn stmt(&mut self, stmt: &Stmt, depth: usize) {
        self.indent(depth);
        let line = match &stmt.kind {
            StmtKind::Store {
                ptr,
                value,
                hint: h,
                volatile,
            } => {
                let v = if *volatile { ".volatile" } else { "" };
                self.call_like(&format!("store{v}{}", hint(*h)), &[*ptr, *value])
            }
            StmtKind::Eval(e) => self.call_like("eval", &[*e]),
            StmtKind::If {
                cond,
                accept,
                reject,
            } => {
                let _ = writeln!(self.out, "if {} {{", self.expr(*cond, 0));
                self.block(accept, depth + 1);
                if !reject.is_empty() {
                    self.indent(depth);
                    self.out.push_str("} else {\n");
                    self.block(reject, depth + 1);
                }
                self.indent(depth);
                self.out.push_str("}\n");
                return;
            }
            StmtKind::Loop {
                body,
                continuing,
                unroll,
            } => {
                self.out.push_str("loop");
                let _ = match unroll {
                    Some(Unroll::Full) => write!(self.out, " unroll"),
                    Some(Unroll::Count(n)) => write!(self.out, " unroll({n})"),
                    None => Ok(()),
                };
                self.out.push_str(" {\n");
                self.block(body, depth + 1);
                if !continuing.is_empty() {
                    self.indent(depth);
                    self.out.push_str("} continuing {\n");
                    self.block(continuing, depth + 1);
                }
                self.indent(depth);
                self.out.push_str("}\n");
                return;
            }
            StmtKind::Break => "break".to_string(),
            StmtKind::Continue => "continue".to_string(),
            StmtKind::Return(None) => "return".to_string(),
            StmtKind::Return(Some(e)) => format!("return {}", self.expr(*e, 0)),
            StmtKind::Switch { selector, cases } => {
                let _ = writeln!(self.out, "switch {} {{", self.expr(*selector, 0));
                for c in cases {
                    self.indent(depth + 1);
                    let mut labels: Vec<String> = c.values.iter().map(i128::to_string).collect();
                    if c.is_default {
                        labels.push("default".to_string());
                    }
                    let ft = if c.fall_through { " fallthrough" } else { "" };
                    let _ = writeln!(self.out, "case {}{ft} {{", labels.join(", "));
                    self.block(&c.body, depth + 2);
                    self.indent(depth + 1);
                    self.out.push_str("}\n");
                }
                self.indent(depth);
                self.out.push_str("}\n");
                return;
            }
            StmtKind::Block(b) => {
                self.out.push_str("{\n");
                self.block(b, depth + 1);
                self.indent(depth);
                self.out.push_str("}\n");
                return;
            }
            StmtKind::Call { func, args, result } => {
                let name = self
                    .module
                    .functions
                    .get(func.0 as usize)
                    .map_or_else(|| format!("fn#{}", func.0), |f| f.name.clone());
                self.with_result(*result, self.call_like(&format!("call {name}"), args))
            }
            StmtKind::Atomic {
                op,
                ptr,
                value,
                compare,
                scope: s,
                result,
            } => {
                let mut args = vec![*ptr];
                args.extend(compare.iter().copied());
                args.push(*value);
                let name = format!("atomic.{}.{}", atomic(*op), scope(*s));
                self.with_result(*result, self.call_like(&name, &args))
            }
            StmtKind::Warp { op, args, result } => self.with_result(
                *result,
                self.call_like(&format!("warp.{}", warp(*op)), args),
            ),
            StmtKind::Barrier { kind, mask } => match (kind, mask) {
                (BarrierKind::Block, _) => "barrier.block".to_string(),
                (BarrierKind::Warp, None) => "barrier.warp".to_string(),
                (BarrierKind::Warp, Some(m)) => self.call_like("barrier.warp", &[*m]),
            },
            StmtKind::BarrierReduce { op, pred, result } => {
                let name = match op {
                    BarrierReduce::Count => "barrier.count",
                    BarrierReduce::And => "barrier.and",
                    BarrierReduce::Or => "barrier.or",
                };
                self.with_result(Some(*result), self.call_like(name, &[*pred]))
            }
            StmtKind::Fence(s) => format!("fence.{}", scope(*s)),
        };
        self.out.push_str(&line);
        self.out.push('\n');
    }

    /// An expression as a nested tree.
    fn expr(&self, e: ExprId, depth: usize) -> String {
        let Some(expr) = self.func.exprs.try_get(e) else {
            return format!("<bad %{}>", e.index());
        };
        if depth > MAX_DEPTH {
            return format!("%{}", e.index());
        }
        // Operands are earlier expressions in valid IR; print later ones
        // by handle so bad IR cannot recurse forever.
        let sub = |o: &ExprId| {
            if o.index() < e.index() {
                self.expr(*o, depth + 1)
            } else {
                format!("%{}", o.index())
            }
        };
        let list = |name: String, ops: &[ExprId]| {
            let parts: Vec<String> = ops.iter().map(sub).collect();
            format!("{name}({})", parts.join(", "))
        };
        match &expr.kind {
            ExprKind::Literal(l) => {
                let mut s = String::new();
                literal(&mut s, l);
                s
            }
            ExprKind::Param(i) => match self.func.params.get(*i as usize) {
                Some(p) => format!("param.{}", p.name),
                None => format!("param#{i}"),
            },
            ExprKind::LocalPtr(l) => match self.locals.get(l.0 as usize) {
                Some(name) => format!("&local.{name}"),
                None => format!("&local#{}", l.0),
            },
            ExprKind::GlobalPtr(g) => match self.module.globals.get(g.0 as usize) {
                Some(global) => format!("&{}.{}", global.space.name(), global.name),
                None => format!("&global#{}", g.0),
            },
            ExprKind::Load {
                ptr,
                hint: h,
                volatile,
            } => {
                let v = if *volatile { ".volatile" } else { "" };
                list(format!("load{v}{}", hint(*h)), &[*ptr])
            }
            ExprKind::PtrOffset { ptr, offset } => list("ptroffset".into(), &[*ptr, *offset]),
            ExprKind::ElementPtr { ptr, index } => list("elemptr".into(), &[*ptr, *index]),
            ExprKind::MemberPtr { ptr, index } => {
                format!("member({}, .{})", sub(ptr), self.member_name(*ptr, *index))
            }
            ExprKind::PtrCast { ptr } => list(format!("ptrcast<{}>", self.ty(&expr.ty)), &[*ptr]),
            ExprKind::Unary { op, arg } => {
                let name = match op {
                    UnaryOp::Neg => "neg",
                    UnaryOp::Not => "not",
                    UnaryOp::BitNot => "bitnot",
                };
                list(name.into(), &[*arg])
            }
            ExprKind::Binary { op, lhs, rhs } => list(binary(*op).into(), &[*lhs, *rhs]),
            ExprKind::Select {
                cond,
                accept,
                reject,
            } => list("select".into(), &[*cond, *accept, *reject]),
            ExprKind::Convert { arg, rounding: r } => {
                let r = match r {
                    Rounding::Nearest => String::new(),
                    other => format!(", {}", rounding(*other)),
                };
                list(format!("convert<{}{r}>", self.ty(&expr.ty)), &[*arg])
            }
            ExprKind::Bitcast { arg } => list(format!("bitcast<{}>", self.ty(&expr.ty)), &[*arg]),
            ExprKind::Compose { components } => {
                list(format!("compose<{}>", self.ty(&expr.ty)), components)
            }
            ExprKind::Extract { value, index } => format!("extract({}, {index})", sub(value)),
            ExprKind::Splat { value } => list(format!("splat<{}>", self.ty(&expr.ty)), &[*value]),
            ExprKind::Builtin(b) => match b {
                BuiltinValue::ThreadIdx(d) => format!("threadIdx.{}", dim(*d)),
                BuiltinValue::BlockIdx(d) => format!("blockIdx.{}", dim(*d)),
                BuiltinValue::BlockDim(d) => format!("blockDim.{}", dim(*d)),
                BuiltinValue::GridDim(d) => format!("gridDim.{}", dim(*d)),
                BuiltinValue::WarpSize => "warpSize".into(),
                BuiltinValue::LaneId => "laneid".into(),
                BuiltinValue::DynamicSharedBytes => "dynamic_shared_bytes".into(),
            },
            ExprKind::Intrinsic { fun, args } => list(intrinsic(*fun), args),
            ExprKind::StmtResult => format!("%{}", e.index()),
        }
    }

    /// `.field` for a struct member, `.x` for a vector lane, else the index.
    fn member_name(&self, ptr: ExprId, index: u32) -> String {
        let pointee = self.func.exprs.try_get(ptr).and_then(|p| p.ty.pointee());
        match pointee {
            Some(Type::Struct(id)) => self
                .module
                .structs
                .get(id.0 as usize)
                .and_then(|s| s.fields.get(index as usize))
                .map_or_else(|| index.to_string(), |f| f.name.clone()),
            Some(Type::Vector(..)) if index < 4 => ["x", "y", "z", "w"][index as usize].to_string(),
            _ => index.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
