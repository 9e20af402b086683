//! The Kernel IR: the one hub between the CUDA front end and every back end.
//!
//! Shape (after naga):
//! - a [`Module`] holds structs, module-scope variables (`__shared__`,
//!   `__constant__`, `__device__`), functions and the kernel entry points;
//! - a [`Function`] holds its expressions in an [`Arena`] (each with a type
//!   and a span) and a structured body of [`Stmt`]s;
//! - expressions are **pure** except for [`ExprKind::Load`], and are
//!   evaluated where the statement that uses them runs. Sema never shares an
//!   expression that contains a load between two statements; it stores the
//!   value in a local instead. Side effects (stores, calls, atomics, warp
//!   collectives, barriers) are statements; a statement's value is an
//!   [`ExprKind::StmtResult`] expression named in the statement;
//! - `&&`, `||` and [`ExprKind::Select`] are lazy: the side not chosen is not
//!   evaluated;
//! - pointers are values with an address space; `&local`, `&shared_var`,
//!   element and field addresses and pointer arithmetic are expressions;
//! - device functions are separate [`Function`]s, instantiated per template
//!   arguments and per address space of pointer arguments, so every pointer
//!   in a function has a known space unless [`AddrSpace::Generic`].
//!
//! [`validate`](crate::ir::validate) checks all of this before any back end
//! sees a module.

mod arena;
mod ops;
pub mod print;
mod types;
mod validate;

pub use arena::{Arena, Handle};
pub use ops::*;
pub use types::{AddrSpace, Scalar, StructId, Type, TypeDisplay};
pub use validate::{validate, validate_with_warnings};

use crate::source::Span;

/// A handle to an expression of the enclosing function.
pub type ExprId = Handle<Expr>;

/// Index of a local variable in [`Function::locals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// Index of a module-scope variable in [`Module::globals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// Index of a function in [`Module::functions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// A constant value (literal operands and initialisers of `__constant__`).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A bool.
    Bool(bool),
    /// An integer of the given scalar type, as its two's-complement bits
    /// sign- or zero-extended to 128 bits.
    Int(i128, Scalar),
    /// A floating value of the given scalar type (exactly representable in
    /// that type: sema rounds).
    Float(f64, Scalar),
}

/// An initialiser for module-scope memory: the constant-evaluated value of
/// `__constant__ float c[4] = {…}` and the like.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    /// A scalar.
    Scalar(Literal),
    /// Vector, array or struct elements in order (missing trailing elements
    /// are zero).
    Aggregate(Vec<ConstValue>),
    /// All bytes zero.
    Zero,
}

/// An expression with its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A constant.
    Literal(Literal),
    /// The value of the function's parameter with this index.
    Param(u32),
    /// The address of a local variable (a pointer in [`AddrSpace::Local`]).
    LocalPtr(LocalId),
    /// The address of a module-scope variable.
    GlobalPtr(GlobalId),
    /// Reads through a pointer.
    Load {
        /// The pointer.
        ptr: ExprId,
        /// Cache behaviour.
        hint: CacheHint,
        /// A `volatile` access: never cached, never merged.
        volatile: bool,
    },
    /// `ptr + offset` in elements of the pointee.
    PtrOffset {
        /// A pointer.
        ptr: ExprId,
        /// An integer number of elements.
        offset: ExprId,
    },
    /// The address of element `index` of the array `*ptr` (`ptr` points to
    /// an array type; the result points to its element type).
    ElementPtr {
        /// Pointer to an array.
        ptr: ExprId,
        /// Integer index.
        index: ExprId,
    },
    /// The address of field `index` of the struct (or component of the
    /// vector) `*ptr`.
    MemberPtr {
        /// Pointer to a struct or vector.
        ptr: ExprId,
        /// Field or component number.
        index: u32,
    },
    /// Reinterprets a pointer as pointing to another type (`(float4*)p`,
    /// `reinterpret_cast<int*>(f)`); the address space is kept.
    PtrCast {
        /// The pointer.
        ptr: ExprId,
    },
    /// A unary operator.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        arg: ExprId,
    },
    /// A binary operator (see [`BinaryOp`] for typing rules).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        lhs: ExprId,
        /// Right operand.
        rhs: ExprId,
    },
    /// `cond ? accept : reject`, lazy.
    Select {
        /// A bool.
        cond: ExprId,
        /// Value if true.
        accept: ExprId,
        /// Value if false.
        reject: ExprId,
    },
    /// A value conversion to this expression's type (C semantics;
    /// float→int truncates toward zero and saturates, NaN → 0, as PTX
    /// `cvt.rzi.sat` does; int→float and narrowing float conversions round
    /// with `rounding`).
    Convert {
        /// The value.
        arg: ExprId,
        /// Rounding for conversions that round.
        rounding: Rounding,
    },
    /// Reinterprets the bits (`__float_as_int`, `__int_as_float`, …); same
    /// size.
    Bitcast {
        /// The value.
        arg: ExprId,
    },
    /// Builds a vector, array or struct value from its parts.
    Compose {
        /// Components in order.
        components: Vec<ExprId>,
    },
    /// One component of a vector, array or struct value.
    Extract {
        /// The aggregate value.
        value: ExprId,
        /// Component number.
        index: u32,
    },
    /// Converts a vector component-wise or broadcasts a scalar to a vector
    /// of this expression's type.
    Splat {
        /// The scalar.
        value: ExprId,
    },
    /// A built-in value such as `threadIdx.x`.
    Builtin(BuiltinValue),
    /// A pure intrinsic function.
    Intrinsic {
        /// Which.
        fun: Intrinsic,
        /// Arguments.
        args: Vec<ExprId>,
    },
    /// The value produced by the statement that names this expression as
    /// its `result` (a call, atomic, warp collective or barrier reduction).
    /// Valid only after that statement has run.
    StmtResult,
}

/// A structured list of statements.
pub type Block = Vec<Stmt>;

/// A statement with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What it does.
    pub kind: StmtKind,
    /// Where it came from.
    pub span: Span,
}

/// One `case` arm of a [`StmtKind::Switch`].
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchCase {
    /// The values that select this arm (empty for `default`).
    pub values: Vec<i128>,
    /// Is this the `default` arm?
    pub is_default: bool,
    /// The arm's statements.
    pub body: Block,
    /// Falls through into the next arm (no `break` at the end).
    pub fall_through: bool,
}

/// `#pragma unroll` on a loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unroll {
    /// `#pragma unroll`: unroll fully if the trip count is known.
    Full,
    /// `#pragma unroll N` (`1` disables unrolling).
    Count(u32),
}

/// The kinds of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// Writes `value` through `ptr`.
    Store {
        /// The pointer.
        ptr: ExprId,
        /// The value (of the pointee type).
        value: ExprId,
        /// Cache behaviour.
        hint: CacheHint,
        /// A `volatile` access.
        volatile: bool,
    },
    /// Evaluates an expression whose value is unused but whose loads may
    /// fault (kept so a bad access is not silently dropped).
    Eval(ExprId),
    /// `if`.
    If {
        /// A bool.
        cond: ExprId,
        /// Then branch.
        accept: Block,
        /// Else branch.
        reject: Block,
    },
    /// A loop: runs `body`, then `continuing`, forever, until a `Break`.
    /// `for (init; cond; step)` is `init; Loop { body: [if !cond break; …],
    /// continuing: [step] }`; `continue` jumps to `continuing`.
    Loop {
        /// The body.
        body: Block,
        /// Runs after the body and after every `continue`.
        continuing: Block,
        /// `#pragma unroll` written before the loop.
        unroll: Option<Unroll>,
    },
    /// Leaves the innermost loop or switch.
    Break,
    /// Jumps to the innermost loop's `continuing`.
    Continue,
    /// Returns from the function (with a value unless it returns void).
    Return(Option<ExprId>),
    /// `switch` on an integer.
    Switch {
        /// The selector.
        selector: ExprId,
        /// The arms in source order.
        cases: Vec<SwitchCase>,
    },
    /// A plain block (scoping only).
    Block(Block),
    /// Calls a device function.
    Call {
        /// The callee.
        func: FuncId,
        /// Argument values.
        args: Vec<ExprId>,
        /// The `StmtResult` expression for its value, if used.
        result: Option<ExprId>,
    },
    /// An atomic read-modify-write; `result` receives the old value.
    Atomic {
        /// The operation.
        op: AtomicOp,
        /// Target pointer (global or shared).
        ptr: ExprId,
        /// The operand.
        value: ExprId,
        /// The expected value for compare-exchange.
        compare: Option<ExprId>,
        /// Ordering scope.
        scope: Scope,
        /// The `StmtResult` expression for the old value, if used.
        result: Option<ExprId>,
    },
    /// A warp collective; see [`WarpOp`] for its arguments.
    Warp {
        /// Which.
        op: WarpOp,
        /// Arguments.
        args: Vec<ExprId>,
        /// The `StmtResult` expression for its value.
        result: Option<ExprId>,
    },
    /// A barrier. `Warp` barriers take the mask in `mask`.
    Barrier {
        /// Block or warp.
        kind: BarrierKind,
        /// The lane mask of `__syncwarp(mask)`.
        mask: Option<ExprId>,
    },
    /// `__syncthreads_count/and/or`.
    BarrierReduce {
        /// Which reduction.
        op: BarrierReduce,
        /// The predicate (an int, nonzero = true).
        pred: ExprId,
        /// The `StmtResult` expression (i32).
        result: ExprId,
    },
    /// A memory fence.
    Fence(Scope),
}

/// A function parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name in the source.
    pub name: String,
    /// Its IR type.
    pub ty: Type,
    /// Where it was declared.
    pub span: Span,
}

/// A local variable (one per declaration, after renaming shadowed names).
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// Its name in the source.
    pub name: String,
    /// Its type (arrays and structs allowed).
    pub ty: Type,
    /// Where it was declared.
    pub span: Span,
}

/// Kernel or device function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionKind {
    /// `__global__`: an entry point.
    Kernel,
    /// `__device__`: callable from device code.
    Device,
}

/// A function instance (templates are instantiated before this point).
#[derive(Debug, Clone)]
pub struct Function {
    /// The name, including template arguments (`reduce<float, 256>`).
    pub name: String,
    /// Kernel or device function.
    pub kind: FunctionKind,
    /// Parameters.
    pub params: Vec<Param>,
    /// Return type.
    pub result: Type,
    /// Local variables.
    pub locals: Vec<Local>,
    /// All expressions of the function.
    pub exprs: Arena<Expr>,
    /// The body.
    pub body: Block,
    /// The definition.
    pub span: Span,
    /// `__launch_bounds__(max_threads, min_blocks)`.
    pub launch_bounds: Option<(u32, Option<u32>)>,
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Byte offset, as nvcc lays it out.
    pub offset: u32,
}

/// A struct or union with nvcc's layout.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// The name (with template arguments if it came from a template).
    pub name: String,
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Size in bytes (a multiple of `align`).
    pub size: u32,
    /// Alignment in bytes.
    pub align: u32,
    /// A union: every field at offset 0.
    pub is_union: bool,
    /// Where it was defined.
    pub span: Span,
}

/// A module-scope variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Global {
    /// Its name.
    pub name: String,
    /// Its type; `extern __shared__ T x[]` has `Array(T, 0)`.
    pub ty: Type,
    /// Shared, constant or global (`__device__`).
    pub space: AddrSpace,
    /// Constant initialiser, if any.
    pub init: Option<ConstValue>,
    /// `extern __shared__`: sized at launch by the dynamic shared bytes.
    pub dynamic: bool,
    /// Alignment in bytes.
    pub align: u32,
    /// Where it was declared.
    pub span: Span,
}

/// What a kernel parameter is, for generating launch signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelParam {
    /// The parameter name.
    pub name: String,
    /// The parameter type as CUDA wrote it (e.g. `const float *`).
    pub cuda_type: String,
    /// Its IR type.
    pub ty: Type,
}

/// One kernel entry point (one per template instance).
#[derive(Debug, Clone)]
pub struct Kernel {
    /// The name as a launch names it: `saxpy`, `reduce<float, 256>`.
    pub name: String,
    /// The base name without template arguments.
    pub base_name: String,
    /// Template arguments, rendered (`["float", "256"]`).
    pub template_args: Vec<String>,
    /// The function that implements it.
    pub func: FuncId,
    /// Parameters, for launch signatures.
    pub params: Vec<KernelParam>,
}

/// A whole translation unit's device code.
#[derive(Debug, Clone, Default)]
pub struct Module {
    /// Struct definitions.
    pub structs: Vec<StructDef>,
    /// Module-scope variables.
    pub globals: Vec<Global>,
    /// Function instances (kernels and device functions).
    pub functions: Vec<Function>,
    /// Kernel entry points.
    pub kernels: Vec<Kernel>,
    /// Template kernels that no instance was requested for, with their
    /// parameters rendered (`reduce<typename T, unsigned int BLOCK>`), so
    /// tools can list what could be instantiated.
    pub kernel_templates: Vec<String>,
}

impl Module {
    /// Displays a type with struct names resolved.
    pub fn type_display<'a>(&'a self, ty: &'a Type) -> TypeDisplay<'a> {
        TypeDisplay {
            ty,
            structs: &self.structs,
        }
    }

    /// The function behind an id.
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id.0 as usize]
    }

    /// Size and alignment of a type in bytes, with nvcc's rules.
    pub fn size_align(&self, ty: &Type) -> (u32, u32) {
        match ty {
            Type::Void => (0, 1),
            Type::Scalar(s) => (s.size(), s.size()),
            Type::Vector(s, n) => {
                let size = s.size() * u32::from(*n);
                // CUDA aligns vector types to their size rounded to a power
                // of two, up to 16 (float3/int3/char3 are aligned to the
                // element only).
                let align = if *n == 3 { s.size() } else { size.min(16) };
                (size, align)
            }
            Type::Pointer { .. } => (8, 8),
            Type::Array(elem, n) => {
                let (s, a) = self.size_align(elem);
                (s.saturating_mul(*n as u32), a)
            }
            Type::Struct(id) => self
                .structs
                .get(id.0 as usize)
                .map_or((0, 1), |s| (s.size, s.align)),
        }
    }
}
