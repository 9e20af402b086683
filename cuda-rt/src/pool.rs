//! The caching memory pool: freed buffers go back to a bin of their size
//! class (powers of two bytes, from [`MIN_CLASS_BYTES`]) and serve the next
//! request of that class without asking the backend, as CUDA's caching
//! allocators do. Each block handed out is cut to the request's exact size,
//! so kernels still bounds-check at the first byte past it.

use crate::backend::{Backend, RawBuffer};
use crate::{Error, Result};
use std::collections::BTreeMap;

/// The smallest size class in bytes.
pub const MIN_CLASS_BYTES: u64 = 256;

/// What the pool holds and how well it serves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Bytes held from the backend (in use plus cached).
    pub allocated: u64,
    /// Bytes of blocks handed out and not yet returned.
    pub in_use: u64,
    /// Requests served from a cached block.
    pub hits: u64,
    /// Requests that allocated from the backend.
    pub misses: u64,
}

impl PoolStats {
    /// Bytes cached for reuse.
    pub fn cached(&self) -> u64 {
        self.allocated - self.in_use
    }
}

/// The size class (a power of two, at least [`MIN_CLASS_BYTES`]) that a
/// request of `bytes` is served from; `None` past 2^63.
pub fn size_class(bytes: u64) -> Option<u64> {
    bytes.max(MIN_CLASS_BYTES).checked_next_power_of_two()
}

/// A caching pool over one backend's allocations.
#[derive(Debug, Default)]
pub(crate) struct MemoryPool {
    bins: BTreeMap<u64, Vec<RawBuffer>>,
    stats: PoolStats,
}

impl MemoryPool {
    /// A block of exactly `bytes` usable bytes, cached or new.
    pub(crate) fn acquire(&mut self, backend: &dyn Backend, bytes: u64) -> Result<RawBuffer> {
        let class = size_class(bytes).ok_or(Error::OutOfMemory {
            backend: backend.kind(),
            bytes,
        })?;
        let mut block = match self.bins.get_mut(&class).and_then(Vec::pop) {
            Some(block) => {
                self.stats.hits += 1;
                block
            }
            None => {
                self.stats.misses += 1;
                let block = match backend.alloc(class) {
                    Ok(b) => b,
                    Err(Error::OutOfMemory { .. }) if self.stats.cached() > 0 => {
                        // Cached blocks of other classes may be what is missing.
                        self.trim();
                        backend.alloc(class)?
                    }
                    Err(e) => return Err(e),
                };
                self.stats.allocated += block.capacity();
                block
            }
        };
        if let Err(e) = backend.set_len(&mut block, bytes) {
            self.bins.entry(block.capacity()).or_default().push(block);
            return Err(e);
        }
        self.stats.in_use += block.capacity();
        Ok(block)
    }

    /// Takes a block back for reuse.
    pub(crate) fn release(&mut self, block: RawBuffer) {
        let capacity = block.capacity();
        self.stats.in_use = self.stats.in_use.saturating_sub(capacity);
        self.bins.entry(capacity).or_default().push(block);
    }

    /// Frees every cached block back to the backend.
    pub(crate) fn trim(&mut self) {
        let cached: u64 = self
            .bins
            .values()
            .flat_map(|bin| bin.iter().map(RawBuffer::capacity))
            .sum();
        self.bins.clear();
        self.stats.allocated = self.stats.allocated.saturating_sub(cached);
    }

    /// The statistics so far.
    pub(crate) fn stats(&self) -> PoolStats {
        self.stats
    }
}
