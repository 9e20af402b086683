//! Device memory on the CPU.
//!
//! A buffer is a slice of 32-bit words accessed with relaxed atomics: on
//! x86-64 and AArch64 a relaxed load or store is an ordinary move, so this
//! costs nothing, yet blocks running in parallel on several cores can race
//! on memory (as CUDA allows) without undefined behaviour in Rust.

use std::sync::atomic::{AtomicU32, Ordering};

/// A device buffer in host memory.
#[derive(Debug, Default)]
pub struct GlobalBuffer {
    words: Box<[AtomicU32]>,
    len_bytes: usize,
}

impl GlobalBuffer {
    /// A zeroed buffer of `len_bytes` bytes.
    pub fn zeroed(len_bytes: usize) -> Self {
        let words = (0..len_bytes.div_ceil(4))
            .map(|_| AtomicU32::new(0))
            .collect();
        Self { words, len_bytes }
    }

    /// A buffer holding a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let buf = Self::zeroed(bytes.len());
        buf.write_bytes(0, bytes);
        buf
    }

    /// Size in bytes.
    pub fn len(&self) -> usize {
        self.len_bytes
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len_bytes == 0
    }

    /// The words (for kernels; bounds are the caller's to check).
    pub fn words(&self) -> &[AtomicU32] {
        &self.words
    }

    /// Copies `bytes` in at `offset` (clamped to the buffer).
    pub fn write_bytes(&self, offset: usize, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            let at = offset + i;
            if at >= self.len_bytes {
                break;
            }
            let word = &self.words[at / 4];
            let shift = (at % 4) * 8;
            let mut cur = word.load(Ordering::Relaxed);
            loop {
                let new = (cur & !(0xff << shift)) | (u32::from(*b) << shift);
                match word.compare_exchange_weak(cur, new, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(actual) => cur = actual,
                }
            }
        }
    }

    /// Copies the whole buffer out.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.words.len() * 4);
        for w in self.words.iter() {
            out.extend_from_slice(&w.load(Ordering::Relaxed).to_le_bytes());
        }
        out.truncate(self.len_bytes);
        out
    }
}

impl GlobalBuffer {
    /// Bytes of storage behind the buffer (at least [`GlobalBuffer::len`]).
    /// A memory pool hands one block out for requests of several sizes.
    pub fn capacity(&self) -> usize {
        self.words.len() * 4
    }

    /// Sets the size kernels see (and bounds-check against) to `len_bytes`,
    /// keeping the storage, so a pooled block reused for a smaller request
    /// still faults on the first byte past the request. Returns `false`
    /// (and changes nothing) when `len_bytes` exceeds the capacity.
    pub fn set_len(&mut self, len_bytes: usize) -> bool {
        if len_bytes > self.capacity() {
            return false;
        }
        self.len_bytes = len_bytes;
        true
    }
}
