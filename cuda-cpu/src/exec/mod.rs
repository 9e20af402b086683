//! The block runner of the CPU form, shared by the executor of
//! `cuda-compiler` (which interprets the register bytecode) and the Rust the
//! compiler generates from that bytecode (which compiles it): argument
//! binding, memory objects, the block scheduler (barriers, warp lockstep)
//! and faults are implemented once here, so both paths run a kernel the
//! same way. What differs is only [`ThreadCode::run`]: how one thread's
//! instructions are executed between two park points.

mod kernel;
mod memory;
mod sched;

pub use kernel::{CodeKernel, KernelMeta};
pub use memory::{indexed, ptr_add, Launch, ObjRt, Place, Thread};

use crate::sem::K;
use crate::FaultKind;

/// Where a memory object lives.
#[derive(Debug, Clone)]
pub enum ObjKind {
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

/// A memory object known at compile time (pointers name their object, so
/// every access is checked against it).
#[derive(Debug, Clone)]
pub struct ObjDef {
    /// Where.
    pub kind: ObjKind,
    /// Size in bytes (dynamic shared: set at launch).
    pub len: u64,
    /// `global`, `shared`, `constant` or `local`.
    pub space: &'static str,
}

/// One scalar leaf of a value: its byte offset in memory and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leaf {
    /// Byte offset within the value.
    pub off: u32,
    /// Kind.
    pub k: K,
}

/// How a kernel parameter enters the registers.
#[derive(Debug, Clone)]
pub enum ParamSlot {
    /// A scalar in one register.
    Scalar {
        /// The register.
        reg: u32,
        /// Its kind.
        k: K,
    },
    /// A pointer: the argument's buffer becomes object `obj`.
    Pointer {
        /// The register.
        reg: u32,
        /// The object the buffer becomes.
        obj: u16,
    },
    /// A struct or vector by value: leaves read from the argument bytes.
    Bytes {
        /// The first register (one per leaf).
        reg: u32,
        /// The leaves in memory order.
        leaves: Vec<Leaf>,
        /// The value's size in bytes.
        size: u32,
    },
}

/// Why a thread stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// It faulted.
    Fault(FaultKind),
    /// The launch ran past its deadline.
    Timeout,
    /// Another block failed; this one gave up.
    Aborted,
}

/// Why a thread paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Park {
    /// It ended.
    Exit,
    /// At a block barrier.
    Barrier,
    /// At a warp collective or a shared or `volatile` access.
    Warp,
}

/// Warp shuffle variants (the IR's `ShuffleMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shfl {
    /// From lane `src` (within `width`).
    Idx,
    /// From lane − delta.
    Up,
    /// From lane + delta.
    Down,
    /// From lane ^ mask.
    Xor,
}

/// Warp collectives (the IR's `WarpOp`); arguments as it documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarpKind {
    /// `__shfl*_sync`
    Shuffle(Shfl),
    /// `__all_sync`
    All,
    /// `__any_sync`
    Any,
    /// `__uni_sync`
    Uni,
    /// `__ballot_sync`
    Ballot,
    /// `__activemask`
    ActiveMask,
    /// `__match_any_sync`
    MatchAny,
    /// `__match_all_sync`
    MatchAll,
    /// `__reduce_add_sync`
    ReduceAdd,
    /// `__reduce_min_sync`
    ReduceMin,
    /// `__reduce_max_sync`
    ReduceMax,
    /// `__reduce_and_sync`
    ReduceAnd,
    /// `__reduce_or_sync`
    ReduceOr,
    /// `__reduce_xor_sync`
    ReduceXor,
}

/// `__syncthreads_count/and/or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduce {
    /// Count of true predicates.
    Count,
    /// All true.
    And,
    /// Any true.
    Or,
}

/// What sits at an instruction where a thread may park: the scheduler asks
/// the code for it to finish the park.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// A warp collective: `dst` gets the result (`width` registers), `args`
    /// are registers, `k` the value's kind.
    Warp {
        /// Which.
        op: WarpKind,
        /// Value kind.
        k: K,
        /// Result register.
        dst: u32,
        /// Argument registers.
        args: [u32; 4],
        /// Registers in the value.
        width: u32,
    },
    /// A synchronised load or store: run by each lane in lane order.
    Access,
    /// `__syncthreads` (with a reduction: op, predicate, result register).
    Barrier(Option<(Reduce, u32, u32)>),
    /// Anything else (`__syncwarp`): the lanes just step past it.
    Other,
}

/// One thread's instructions, as the block scheduler drives them.
pub trait ThreadCode: Send + Sync {
    /// Runs a thread from `*pc` until it parks; `*pc` is left at the park
    /// instruction. With `first`, a synchronised access at `*pc` runs instead
    /// of parking (the warp scheduler's turn for it). `warp_sync` is the
    /// warp's lockstep flag: set at the warp's first shared store after a
    /// block barrier; while set, shared loads are warp points too.
    fn run(
        &self,
        l: &Launch<'_>,
        r: &mut [u64],
        pc: &mut u32,
        th: &mut Thread<'_>,
        first: bool,
        warp_sync: &mut bool,
    ) -> Result<Park, Stop>;

    /// What is at park instruction `pc`.
    fn point(&self, pc: u32) -> Point;
}
