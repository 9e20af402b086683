//! Typed access to word memory: the loads, stores and atomics that both the
//! executor and generated Rust use on [`GlobalBuffer`](crate::GlobalBuffer)
//! words, shared memory and thread-local frames.
//!
//! Memory is a slice of relaxed [`AtomicU32`] words. Callers check bounds
//! and alignment first (see [`check_access`]); an aligned access of at most
//! 4 bytes never crosses a word and an 8-byte access covers two words, so
//! these functions never fail. 64-bit atomics take one of a few striped
//! locks so that they are atomic with respect to each other.

use crate::FaultKind;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

const RELAXED: Ordering = Ordering::Relaxed;

/// Checks an access of `size` bytes at byte `offset` of an object of `len`
/// bytes: in bounds and aligned to `size`.
pub fn check_access(
    space: &'static str,
    offset: i64,
    size: u32,
    len: u64,
) -> Result<u64, FaultKind> {
    let end = offset.checked_add(i64::from(size));
    match end {
        Some(end) if offset >= 0 && (end as u64) <= len => {}
        _ => {
            return Err(FaultKind::OutOfBounds {
                space,
                offset,
                size,
                len,
            })
        }
    }
    if offset % i64::from(size.max(1)) != 0 {
        return Err(FaultKind::Misaligned {
            offset,
            align: size,
        });
    }
    Ok(offset as u64)
}

fn word(words: &[AtomicU32], index: u64) -> &AtomicU32 {
    // Callers checked the bounds; an out-of-range index reads a dummy word
    // instead of panicking.
    static DUMMY: AtomicU32 = AtomicU32::new(0);
    words.get(index as usize).unwrap_or(&DUMMY)
}

/// Loads `size` (1, 2, 4 or 8) bytes at an aligned, checked byte offset,
/// zero-extended.
pub fn load(words: &[AtomicU32], offset: u64, size: u32) -> u64 {
    let w = word(words, offset / 4).load(RELAXED);
    match size {
        1 => u64::from((w >> ((offset % 4) * 8)) & 0xff),
        2 => u64::from((w >> ((offset % 4) * 8)) & 0xffff),
        4 => u64::from(w),
        _ => u64::from(w) | (u64::from(word(words, offset / 4 + 1).load(RELAXED)) << 32),
    }
}

fn store_part(w: &AtomicU32, shift: u64, mask: u32, bits: u32) {
    let mask = mask << shift;
    let bits = (bits << shift) & mask;
    let mut cur = w.load(RELAXED);
    loop {
        let new = (cur & !mask) | bits;
        match w.compare_exchange_weak(cur, new, RELAXED, RELAXED) {
            Ok(_) => return,
            Err(actual) => cur = actual,
        }
    }
}

/// Stores the low `size` bytes of `bits` at an aligned, checked offset.
pub fn store(words: &[AtomicU32], offset: u64, size: u32, bits: u64) {
    let w = word(words, offset / 4);
    match size {
        1 => store_part(w, (offset % 4) * 8, 0xff, bits as u32),
        2 => store_part(w, (offset % 4) * 8, 0xffff, bits as u32),
        4 => w.store(bits as u32, RELAXED),
        _ => {
            w.store(bits as u32, RELAXED);
            word(words, offset / 4 + 1).store((bits >> 32) as u32, RELAXED);
        }
    }
}

static STRIPES: [Mutex<()>; 16] = [const { Mutex::new(()) }; 16];

/// An atomic read-modify-write of `size` bytes: `f(old)` gives the new
/// value (or `None` to leave memory unchanged); returns the old value.
/// Words of 4 bytes or less use a compare-and-swap loop on their word;
/// 8-byte values hold a striped lock keyed by the word's address.
pub fn atomic_rmw(
    words: &[AtomicU32],
    offset: u64,
    size: u32,
    mut f: impl FnMut(u64) -> Option<u64>,
) -> u64 {
    if size == 8 {
        let lo = word(words, offset / 4);
        let key = (lo as *const AtomicU32 as usize >> 3) % STRIPES.len();
        let guard = STRIPES
            .get(key)
            .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()));
        let old = load(words, offset, 8);
        if let Some(new) = f(old) {
            store(words, offset, 8, new);
        }
        drop(guard);
        return old;
    }
    let w = word(words, offset / 4);
    let shift = (offset % 4) * 8;
    let mask: u32 = match size {
        1 => 0xff,
        2 => 0xffff,
        _ => u32::MAX,
    };
    let mut cur = w.load(RELAXED);
    loop {
        let old = u64::from((cur >> shift) & mask);
        let Some(new) = f(old) else { return old };
        let next = (cur & !(mask << shift)) | (((new as u32) & mask) << shift);
        match w.compare_exchange_weak(cur, next, RELAXED, RELAXED) {
            Ok(_) => return old,
            Err(actual) => cur = actual,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_word_and_double_word_round_trip() {
        let words: Vec<AtomicU32> = (0..4).map(|_| AtomicU32::new(0)).collect();
        store(&words, 1, 1, 0xab);
        store(&words, 2, 2, 0x1234);
        store(&words, 8, 8, 0x1122_3344_5566_7788);
        assert_eq!(load(&words, 0, 4), 0x1234_ab00);
        assert_eq!(load(&words, 1, 1), 0xab);
        assert_eq!(load(&words, 8, 8), 0x1122_3344_5566_7788);
        let old = atomic_rmw(&words, 2, 2, |v| Some(v + 1));
        assert_eq!(old, 0x1234);
        assert_eq!(load(&words, 2, 2), 0x1235);
        assert_eq!(
            atomic_rmw(&words, 8, 8, |v| Some(v + 1)),
            0x1122_3344_5566_7788
        );
        assert_eq!(load(&words, 8, 4), 0x5566_7789);
    }

    #[test]
    fn checks_bounds_and_alignment() {
        assert!(check_access("global", 12, 4, 16).is_ok());
        assert!(matches!(
            check_access("global", 16, 4, 16),
            Err(FaultKind::OutOfBounds { .. })
        ));
        assert!(matches!(
            check_access("global", -4, 4, 16),
            Err(FaultKind::OutOfBounds { .. })
        ));
        assert!(matches!(
            check_access("global", 2, 4, 16),
            Err(FaultKind::Misaligned { .. })
        ));
    }
}
