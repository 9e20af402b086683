//! One launch's memory objects and one thread's identity, and the checked
//! resolution of a pointer to words. Pointers are `(object << 48) | byte
//! offset` (48-bit two's complement), so every access knows its object.

use super::Stop;
use crate::access::check_access;
use crate::{Dim3, FaultKind};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Instant;

/// Where a memory object's words are.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// Its own words (argument buffers, module storage).
    Words(&'a [AtomicU32]),
    /// The block's shared arena at `base`.
    Shared,
    /// The thread's frame at `base`.
    Local,
}

/// A memory object of one launch.
#[derive(Debug, Clone, Copy)]
pub struct ObjRt<'a> {
    /// Where.
    pub place: Place<'a>,
    /// Byte offset of the object in its arena.
    pub base: u64,
    /// Size in bytes.
    pub len: u64,
    /// The address space, for faults.
    pub space: &'static str,
}

/// What every thread of a launch shares.
pub struct Launch<'a> {
    /// Memory objects by id.
    pub objs: Vec<ObjRt<'a>>,
    /// Grid size.
    pub grid: Dim3,
    /// Block size.
    pub block: Dim3,
    /// Dynamic shared bytes.
    pub dyn_shared: u32,
    /// Stop by this time.
    pub deadline: Option<Instant>,
    /// Set when a block failed.
    pub stop: &'a AtomicBool,
    /// Bounds and alignment checks on ([`crate::LaunchOptions::bounds_checks`]);
    /// off, an access still stays inside its arena (safe Rust), it just
    /// does not stop at the first wrong offset.
    pub checks: bool,
}

/// One thread's identity and private memory.
pub struct Thread<'b> {
    /// `threadIdx`.
    pub tid: Dim3,
    /// Linear thread index in the block.
    pub linear: u32,
    /// `blockIdx`.
    pub bid: Dim3,
    /// The block's shared arena.
    pub shared: &'b [AtomicU32],
    /// The block's local arena (all frames).
    pub local: &'b [AtomicU32],
    /// Byte offset of this thread's frame in `local`.
    pub frame_base: u64,
    /// Back edges run since the last deadline check.
    pub ticks: u32,
}

impl Launch<'_> {
    /// Resolves a pointer plus offset to its words and checked byte offset.
    #[inline]
    pub fn access<'s>(
        &'s self,
        th: &Thread<'s>,
        p: u64,
        off: u32,
        size: u32,
    ) -> Result<(&'s [AtomicU32], u64), FaultKind> {
        let obj = (p >> 48) as usize;
        let offset = (((p << 16) as i64) >> 16).wrapping_add(i64::from(off));
        let Some(o) = self.objs.get(obj) else {
            return Err(FaultKind::OutOfBounds {
                space: "global",
                offset,
                size,
                len: 0,
            });
        };
        let at = if self.checks || obj == 0 {
            check_access(o.space, offset, size, o.len)?
        } else {
            // Unchecked: aligned down, inside the arena's words (the word
            // accessors ignore what lies outside).
            (offset as u64) & !(u64::from(size.max(1)) - 1)
        };
        Ok(match o.place {
            Place::Words(w) => (w, at),
            Place::Shared => (th.shared, o.base.wrapping_add(at)),
            Place::Local => (
                th.local,
                th.frame_base.wrapping_add(o.base).wrapping_add(at),
            ),
        })
    }

    /// A loop back edge: every 16384 of them, checks the deadline and
    /// whether another block failed.
    #[inline]
    pub fn back_edge(&self, th: &mut Thread<'_>) -> Result<(), Stop> {
        th.ticks += 1;
        if th.ticks >= 1 << 14 {
            th.ticks = 0;
            self.check_time()?;
        }
        Ok(())
    }

    #[cold]
    fn check_time(&self) -> Result<(), Stop> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(Stop::Aborted);
        }
        if let Some(d) = self.deadline {
            if Instant::now() > d {
                return Err(Stop::Timeout);
            }
        }
        Ok(())
    }
}

/// `p + delta`, keeping the object number.
#[inline]
pub fn ptr_add(p: u64, delta: i64) -> u64 {
    let obj = p & !((1u64 << 48) - 1);
    let off = p.wrapping_add(delta as u64) & ((1u64 << 48) - 1);
    obj | off
}

/// `p + idx * scale` (no index when `scale` is 0); `idx` is a canonical
/// register, so `as i64` is its value.
#[inline]
pub fn indexed(p: u64, idx: u64, scale: i64) -> u64 {
    if scale == 0 {
        p
    } else {
        ptr_add(p, (idx as i64).wrapping_mul(scale))
    }
}
