//! The operations of the IR: operators, built-in values and intrinsics.
//!
//! Every CUDA built-in that a kernel can use maps to one of these (or to a
//! short sequence of them, built by sema). Back ends match on these enums
//! exhaustively, so adding one is a compile error everywhere it matters.

/// `x`, `y` or `z` of a built-in `dim3`/`uint3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    /// `.x`
    X,
    /// `.y`
    Y,
    /// `.z`
    Z,
}

/// Built-in per-thread values (all `u32` except where noted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinValue {
    /// `threadIdx.?`
    ThreadIdx(Dim),
    /// `blockIdx.?`
    BlockIdx(Dim),
    /// `blockDim.?`
    BlockDim(Dim),
    /// `gridDim.?`
    GridDim(Dim),
    /// `warpSize` (an `i32` in CUDA).
    WarpSize,
    /// The lane within the warp (`threadIdx` linearised `% warpSize`);
    /// used by cooperative groups and `%laneid`.
    LaneId,
    /// Bytes of dynamic shared memory given at launch.
    DynamicSharedBytes,
}

/// Unary operators on values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// Arithmetic negation (wrapping for integers).
    Neg,
    /// Logical not (bool → bool).
    Not,
    /// Bitwise complement (integers).
    BitNot,
}

/// Binary operators. Operands have the same type except for shifts (the
/// amount may be any integer type). Integer arithmetic wraps; division by
/// zero is a fault where the back end can detect it; shifts by ≥ the width
/// follow PTX (`shl`/`shr` clamp the amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (integer division truncates toward zero)
    Div,
    /// `%` (sign of the dividend)
    Rem,
    /// `<<`
    Shl,
    /// `>>` (arithmetic for signed types)
    Shr,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `==` (result bool)
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `&&` on bools; **short-circuit**: the right side is evaluated only
    /// when the left is true (it may contain loads that would fault).
    LogicalAnd,
    /// `||` on bools; short-circuit like [`BinaryOp::LogicalAnd`].
    LogicalOr,
}

impl BinaryOp {
    /// Does it produce a bool from two values?
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }
}

/// Rounding modes of the `__fadd_rn`-style intrinsics and conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// To nearest even (the default for arithmetic).
    Nearest,
    /// Toward zero.
    Zero,
    /// Toward +∞.
    Up,
    /// Toward −∞.
    Down,
}

/// Pure functions on values: the CUDA math library, integer intrinsics and
/// fast-math intrinsics. Argument and result types are recorded on the
/// expression; sema guarantees they match CUDA's overload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    // ---- math library (float/double/half by argument type) ----
    /// `sqrt`
    Sqrt,
    /// `rsqrt`
    Rsqrt,
    /// `cbrt`
    Cbrt,
    /// `rcbrt`
    Rcbrt,
    /// `exp`
    Exp,
    /// `exp2`
    Exp2,
    /// `exp10`
    Exp10,
    /// `expm1`
    Expm1,
    /// `log`
    Log,
    /// `log2`
    Log2,
    /// `log10`
    Log10,
    /// `log1p`
    Log1p,
    /// `sin`
    Sin,
    /// `cos`
    Cos,
    /// `tan`
    Tan,
    /// `sinpi`
    SinPi,
    /// `cospi`
    CosPi,
    /// `asin`
    Asin,
    /// `acos`
    Acos,
    /// `atan`
    Atan,
    /// `atan2`
    Atan2,
    /// `sinh`
    Sinh,
    /// `cosh`
    Cosh,
    /// `tanh`
    Tanh,
    /// `asinh`
    Asinh,
    /// `acosh`
    Acosh,
    /// `atanh`
    Atanh,
    /// `pow`
    Pow,
    /// `fabs` (and `abs` on floats)
    Fabs,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// `trunc`
    Trunc,
    /// `round` (half away from zero)
    Round,
    /// `rint` / `nearbyint` (half to even)
    Rint,
    /// `fmod`
    Fmod,
    /// `remainder`
    Remainder,
    /// `fmin` (NaN-ignoring)
    Fmin,
    /// `fmax` (NaN-ignoring)
    Fmax,
    /// `fma` (single rounding)
    Fma,
    /// `hypot`
    Hypot,
    /// `copysign`
    Copysign,
    /// `ldexp(x, int)`
    Ldexp,
    /// `erf`
    Erf,
    /// `erfc`
    Erfc,
    /// `lgamma`
    Lgamma,
    /// `tgamma`
    Tgamma,
    /// `fdim`
    Fdim,
    /// `isnan` (result bool)
    IsNan,
    /// `isinf` (result bool)
    IsInf,
    /// `isfinite` (result bool)
    IsFinite,
    /// `signbit` (result bool)
    Signbit,
    /// `__saturatef`: clamp to [0, 1]
    Saturate,
    /// `__frcp_rn` and `1/x` with a rounding mode
    Rcp(Rounding),
    // ---- fast-math intrinsics (CUDA's documented approximations) ----
    /// `__expf`
    FastExp,
    /// `__exp10f`
    FastExp10,
    /// `__logf`
    FastLog,
    /// `__log2f`
    FastLog2,
    /// `__log10f`
    FastLog10,
    /// `__sinf`
    FastSin,
    /// `__cosf`
    FastCos,
    /// `__tanf`
    FastTan,
    /// `__powf`
    FastPow,
    /// `__fdividef`
    FastDiv,
    /// `__fadd_r?` / `__dadd_r?`
    AddRounded(Rounding),
    /// `__fsub_r?`
    SubRounded(Rounding),
    /// `__fmul_r?`
    MulRounded(Rounding),
    /// `__fdiv_r?`
    DivRounded(Rounding),
    /// `__fsqrt_r?`
    SqrtRounded(Rounding),
    /// `__fmaf_r?`
    FmaRounded(Rounding),
    // ---- integer ----
    /// `min` on integers or floats (C++ `min`, not NaN-aware)
    Min,
    /// `max`
    Max,
    /// `abs` / `llabs` on integers
    Abs,
    /// `__popc` / `__popcll` (result i32)
    Popc,
    /// `__clz` / `__clzll` (result i32)
    Clz,
    /// `__ffs` / `__ffsll` (result i32, 1-based, 0 for zero)
    Ffs,
    /// `__brev` / `__brevll`
    Brev,
    /// `__byte_perm(x, y, s)`
    BytePerm,
    /// `__mulhi` / `__umulhi` / `__mul64hi` / `__umul64hi`
    MulHi,
    /// `__mul24` / `__umul24`
    Mul24,
    /// `__sad` / `__usad(x, y, z)` = |x − y| + z
    Sad,
    /// `__hadd` / `__uhadd` (average, rounding down, no overflow)
    HalvingAdd,
    /// `__rhadd` / `__urhadd` (average, rounding up)
    RoundingHalvingAdd,
    /// `__funnelshift_l(lo, hi, shift)`, shift wrapped to 0..31
    FunnelShiftL,
    /// `__funnelshift_r`
    FunnelShiftR,
    /// `__funnelshift_lc` (shift clamped to 32)
    FunnelShiftLClamp,
    /// `__funnelshift_rc`
    FunnelShiftRClamp,
}

/// Atomic read-modify-write operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AtomicOp {
    /// `atomicAdd`
    Add,
    /// `atomicSub`
    Sub,
    /// `atomicExch`
    Exchange,
    /// `atomicMin`
    Min,
    /// `atomicMax`
    Max,
    /// `atomicInc`: `old >= v ? 0 : old + 1` (u32)
    Inc,
    /// `atomicDec`: `old == 0 || old > v ? v : old - 1` (u32)
    Dec,
    /// `atomicCAS`: compare is in `compare`
    CompareExchange,
    /// `atomicAnd`
    And,
    /// `atomicOr`
    Or,
    /// `atomicXor`
    Xor,
}

/// The scope an atomic or fence orders with respect to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `_block` variants / `__threadfence_block`
    Block,
    /// The default / `__threadfence`
    Device,
    /// `_system` variants / `__threadfence_system`
    System,
}

/// Cache behaviour requested for a load or store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CacheHint {
    /// A plain access.
    #[default]
    Default,
    /// `__ldg` or a `const __restrict__` pointer: read-only data cache
    /// (`ld.global.nc`).
    ReadOnly,
    /// `__ldcg` / `__stcg`: cache at L2 only.
    Global,
    /// `__ldcs` / `__stcs`: streaming, likely accessed once.
    Streaming,
    /// `__ldlu`: last use.
    LastUse,
    /// `__ldcv`: do not cache, fetch again.
    Volatile,
    /// `__stwt`: write through.
    WriteThrough,
}

/// Warp shuffle variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShuffleMode {
    /// `__shfl_sync`: from lane `src` (within `width`).
    Idx,
    /// `__shfl_up_sync`: from lane − delta.
    Up,
    /// `__shfl_down_sync`: from lane + delta.
    Down,
    /// `__shfl_xor_sync`: from lane ^ mask.
    Xor,
}

/// Warp-collective operations. They must be reached by every lane named in
/// the mask, so they are statements, not expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarpOp {
    /// args: `[mask, value, lane_or_delta, width]`; result: value's type.
    Shuffle(ShuffleMode),
    /// `__all_sync(mask, pred)`: args `[mask, pred]`, result bool.
    All,
    /// `__any_sync(mask, pred)`
    Any,
    /// `__uni_sync(mask, pred)`
    Uni,
    /// `__ballot_sync(mask, pred)`: result u32.
    Ballot,
    /// `__activemask()`: no args, result u32.
    ActiveMask,
    /// `__match_any_sync(mask, value)`: result u32.
    MatchAny,
    /// `__match_all_sync(mask, value, &pred)`: result u32 (pred written by
    /// sema through a second statement).
    MatchAll,
    /// `__reduce_add_sync(mask, value)` (u32/i32)
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

/// Barrier flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BarrierKind {
    /// `__syncthreads()`, `this_thread_block().sync()`.
    Block,
    /// `__syncwarp(mask)`, tile `sync()` for tiles ≤ 32 (mask is an arg).
    Warp,
}

/// `__syncthreads_count/and/or` reductions over the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BarrierReduce {
    /// `__syncthreads_count(pred)` → i32
    Count,
    /// `__syncthreads_and(pred)` → i32 (0/1)
    And,
    /// `__syncthreads_or(pred)` → i32 (0/1)
    Or,
}
