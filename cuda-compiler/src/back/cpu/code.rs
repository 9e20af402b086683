//! The CPU form of a kernel: a flat register bytecode.
//!
//! Every value lives in 64-bit registers, one per scalar leaf (a `float4`
//! takes four, a struct one per scalar field, recursively). Scalars are
//! kept canonical: signed integers sign-extended, unsigned zero-extended,
//! `f32` and `f16`/`bf16` as their bits in the low bits, bools 0/1.
//! Pointers are `(memory object << 48) | byte offset` (offset in 48-bit
//! two's complement), so every access knows its object and is checked
//! against it. Device functions are inlined, so one kernel is one program.
//!
//! Block barriers, warp collectives and shared or `volatile` accesses are *park*
//! instructions: a thread stops there and the block scheduler
//! ([`super::sched`]) resumes it once its block (or warp) is ready.

use crate::ir::{AtomicOp, BinaryOp, BuiltinValue, Intrinsic, Rounding, Scalar, UnaryOp, WarpOp};
use crate::source::Span;

/// A register number (per thread).
pub(crate) type Reg = u32;

pub(crate) use cuda_cpu::sem::K;

/// The register kind of a scalar type.
pub(crate) fn kind_of(s: Scalar) -> K {
    match s {
        Scalar::Bool => K::Bool,
        Scalar::I8 => K::I8,
        Scalar::U8 => K::U8,
        Scalar::I16 => K::I16,
        Scalar::U16 => K::U16,
        Scalar::I32 => K::I32,
        Scalar::U32 => K::U32,
        Scalar::I64 => K::I64,
        Scalar::U64 => K::U64,
        Scalar::F16 => K::F16,
        Scalar::BF16 => K::BF16,
        Scalar::F32 => K::F32,
        Scalar::F64 => K::F64,
    }
}

/// The bytecode.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// `dst = bits`
    Const { dst: Reg, bits: u64 },
    /// `dst = src`
    Mov { dst: Reg, src: Reg },
    /// `dst = builtin`
    Builtin { dst: Reg, which: BuiltinValue },
    /// A unary operator on kind `k`.
    Unary { op: UnaryOp, k: K, dst: Reg, a: Reg },
    /// A binary operator on operands of kind `k` (shift amounts are
    /// canonical, so any integer kind works); comparisons write a bool.
    Binary {
        op: BinaryOp,
        k: K,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a op imm` (a literal right operand).
    BinaryImm {
        op: BinaryOp,
        k: K,
        dst: Reg,
        a: Reg,
        imm: u64,
    },
    /// A value conversion.
    Convert {
        from: K,
        to: K,
        rounding: Rounding,
        dst: Reg,
        a: Reg,
    },
    /// A reinterpretation of the bits.
    Bitcast { to: K, dst: Reg, a: Reg },
    /// A pure intrinsic: arguments of kind `k` (the first), result `rk`.
    Intrinsic {
        fun: Intrinsic,
        k: K,
        rk: K,
        dst: Reg,
        args: [Reg; 3],
        bk: K,
    },
    /// Unconditional jump.
    Jump { target: u32 },
    /// A loop back edge: a jump that counts toward the timeout check.
    JumpBack { target: u32 },
    /// Jump when the bool register is true.
    JumpIf { cond: Reg, target: u32 },
    /// Jump when the bool register is false.
    JumpIfNot { cond: Reg, target: u32 },
    /// `dst = pointer to object`.
    MakePtr { dst: Reg, obj: u16 },
    /// `dst = p + idx * scale` with `idx` of kind `k`.
    PtrIndex {
        dst: Reg,
        p: Reg,
        idx: Reg,
        k: K,
        scale: i64,
    },
    /// `dst = pointer to obj + idx * scale`.
    ObjIndex {
        dst: Reg,
        obj: u16,
        idx: Reg,
        scale: i64,
    },
    /// `dst = p + off`.
    PtrAdd { dst: Reg, p: Reg, off: i64 },
    /// `dst = *(p + idx * scale + off)` as kind `k` (`scale` 0: no
    /// index); `sync`: a warp point (shared or `volatile` memory, see
    /// [`super::sched`]).
    Load {
        dst: Reg,
        p: Reg,
        idx: Reg,
        scale: i64,
        off: u32,
        k: K,
        sync: bool,
    },
    /// `*(p + idx * scale + off) = src` as kind `k`; `sync` as for loads.
    Store {
        p: Reg,
        idx: Reg,
        scale: i64,
        off: u32,
        src: Reg,
        k: K,
        sync: bool,
    },
    /// An atomic read-modify-write; `dst` gets the old value.
    Atomic {
        op: AtomicOp,
        k: K,
        dst: Reg,
        p: Reg,
        v: Reg,
        cmp: Reg,
    },
    /// A warp collective (park): `args` as [`WarpOp`] documents, `width`
    /// registers in the value, `k` the value's kind.
    Warp {
        op: WarpOp,
        k: K,
        dst: Reg,
        args: [Reg; 4],
        width: u32,
    },
    /// `__syncwarp` (park).
    SyncWarp,
    /// `__syncthreads` (park); `reduce` for the counting variants.
    Barrier {
        reduce: Option<(crate::ir::BarrierReduce, Reg, Reg)>,
    },
    /// The thread ends.
    Exit,
}

/// A compiled kernel program.
#[derive(Debug, Clone, Default)]
pub(crate) struct Program {
    /// The instructions.
    pub ops: Vec<Op>,
    /// The IR span of each instruction (fault locations).
    pub spans: Vec<Span>,
    /// Registers per thread.
    pub regs: u32,
    /// Bytes of thread-local memory per thread (escaping locals).
    pub frame: u32,
}
