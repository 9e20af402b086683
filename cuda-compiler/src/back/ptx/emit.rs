//! The emitter's state: the instruction buffer, registers, labels, the
//! stack of (inlined) function frames and the loop/switch targets.

use super::regs::{class_of, Reg, RegClass, RegFile};
use super::PtxOptions;
use crate::back::SourceInfo;
use crate::diag::Diagnostic;
use crate::ir::{ExprId, FuncId, GlobalId, LocalId, Module, Scalar};
use crate::source::Span;
use std::collections::{BTreeSet, HashMap};

/// Result of the emitter's steps: an "unsupported on cuda" diagnostic.
pub(super) type R<T> = Result<T, Box<Diagnostic>>;

/// Where a local variable lives.
#[derive(Debug, Clone)]
pub(super) enum Home {
    /// In registers, one per leaf (its address is never taken except as
    /// constant paths to its leaves).
    Regs(Vec<Reg>),
    /// In `.local` memory under this symbol.
    Memory(String),
}

/// One function being emitted (the kernel, or a device function inlined
/// into it).
#[derive(Debug)]
pub(super) struct Frame {
    /// The function.
    pub func: FuncId,
    /// Argument values, per parameter.
    pub params: Vec<Vec<Reg>>,
    /// Local variables.
    pub homes: Vec<Home>,
    /// Values of `StmtResult` expressions whose statement has run.
    pub results: HashMap<ExprId, Vec<Reg>>,
    /// Values already computed in the current statement, one map per
    /// lazily evaluated region entered.
    pub memo: Vec<HashMap<ExprId, Vec<Reg>>>,
    /// For an inlined function: its result registers and the label after
    /// its body.
    pub ret: Option<(Vec<Reg>, String)>,
    /// Shared-memory accesses are `volatile` in this function (see
    /// [`super::volatile`]).
    pub volatile_shared: bool,
    /// Targets of `break` (loops and switches), innermost last.
    pub breaks: Vec<String>,
    /// Targets of `continue` (loops), innermost last.
    pub continues: Vec<String>,
}

/// The state of one entry's emission.
pub(super) struct Emitter<'m> {
    /// The module.
    pub module: &'m Module,
    /// Options.
    pub opts: &'m PtxOptions,
    /// Source map for diagnostics.
    pub src: Option<SourceInfo<'m>>,
    /// Registers used.
    pub regs: RegFile,
    /// The entry's instructions.
    pub body: String,
    /// `.local` declarations of locals kept in memory.
    pub local_decls: String,
    /// Module-scope variables the entry refers to.
    pub used_globals: BTreeSet<GlobalId>,
    /// The symbol of each module-scope variable.
    pub global_syms: Vec<String>,
    /// Inlined call stack, kernel first.
    pub frames: Vec<Frame>,
    /// The span of the statement being emitted (for diagnostics).
    pub span: Span,
    labels: u32,
    locals_made: u32,
}

impl<'m> Emitter<'m> {
    /// A fresh emitter.
    pub(super) fn new(
        module: &'m Module,
        opts: &'m PtxOptions,
        src: Option<SourceInfo<'m>>,
        global_syms: Vec<String>,
    ) -> Self {
        Self {
            module,
            opts,
            src,
            regs: RegFile::default(),
            body: String::new(),
            local_decls: String::new(),
            used_globals: BTreeSet::new(),
            global_syms,
            frames: Vec::new(),
            span: Span::default(),
            labels: 0,
            locals_made: 0,
        }
    }

    /// An "unsupported on cuda" error at the current statement.
    pub(super) fn unsupported(&self, what: impl std::fmt::Display) -> Box<Diagnostic> {
        let mut d = Diagnostic::error(format!("unsupported on cuda: {what}"));
        if let Some(src) = self.src {
            d = d.at_expanded(self.span, src.map);
        }
        Box::new(d)
    }

    /// Appends one instruction (`;` and newline added).
    pub(super) fn ins(&mut self, text: impl AsRef<str>) {
        self.body.push('\t');
        self.body.push_str(text.as_ref());
        self.body.push_str(";\n");
    }

    /// A fresh register.
    pub(super) fn fresh(&mut self, class: RegClass) -> Reg {
        self.regs.fresh(class)
    }

    /// A fresh register for a scalar.
    pub(super) fn fresh_for(&mut self, s: Scalar) -> Reg {
        self.regs.fresh(class_of(s))
    }

    /// A new unique label.
    pub(super) fn new_label(&mut self) -> String {
        self.labels += 1;
        format!("$L__BB{}", self.labels)
    }

    /// Places a label here.
    pub(super) fn place_label(&mut self, label: &str) {
        self.body.push_str(label);
        self.body.push_str(":\n");
    }

    /// A new `.local` array of `size` bytes; its symbol.
    pub(super) fn new_local_memory(&mut self, size: u32, align: u32) -> String {
        self.locals_made += 1;
        let sym = format!("__local_depot{}", self.locals_made);
        self.local_decls.push_str(&format!(
            "\t.local .align {} .b8 \t{}[{}];\n",
            align.max(1),
            sym,
            size.max(1)
        ));
        sym
    }

    /// The innermost frame.
    pub(super) fn frame(&mut self) -> R<&mut Frame> {
        if self.frames.is_empty() {
            return Err(self.unsupported("internal: no function frame"));
        }
        let n = self.frames.len() - 1;
        Ok(&mut self.frames[n])
    }

    /// The function of the innermost frame.
    pub(super) fn func(&self) -> R<&'m crate::ir::Function> {
        match self.frames.last() {
            Some(f) => Ok(self.module.function(f.func)),
            None => Err(self.unsupported("internal: no function frame")),
        }
    }

    /// The home of a local of the innermost frame.
    pub(super) fn home(&self, l: LocalId) -> R<Home> {
        self.frames
            .last()
            .and_then(|f| f.homes.get(l.0 as usize))
            .cloned()
            .ok_or_else(|| self.unsupported("internal: unknown local"))
    }

    /// Moves `src` into `dst` register by register.
    pub(super) fn mov_regs(&mut self, dst: &[Reg], src: &[Reg]) {
        for (d, s) in dst.iter().zip(src) {
            self.ins(format!("mov.{} \t{d}, {s}", d.class.mov_ty()));
        }
    }

    /// Fresh registers of the same classes as `like`.
    pub(super) fn fresh_like(&mut self, like: &[Reg]) -> Vec<Reg> {
        like.iter().map(|r| self.fresh(r.class)).collect()
    }
}

/// A `float` as a PTX hexadecimal literal.
pub(super) fn f32_lit(v: f32) -> String {
    format!("0f{:08X}", v.to_bits())
}

/// A `double` as a PTX hexadecimal literal.
pub(super) fn f64_lit(v: f64) -> String {
    format!("0d{:016X}", v.to_bits())
}
