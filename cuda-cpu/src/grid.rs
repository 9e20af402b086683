//! The grid runner: blocks of a launch in parallel on rayon's pool.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `run_block(linear_block_index)` for every block in parallel and
/// returns the first error (by block order among those that failed). Once a
/// block fails, `stop` is set so the others can end early; blocks not yet
/// started are skipped.
pub fn run_blocks<E: Send>(
    blocks: u64,
    stop: &AtomicBool,
    run_block: impl Fn(u64) -> Result<(), E> + Sync + Send,
) -> Result<(), E> {
    let errors: Vec<(u64, E)> = (0..blocks)
        .into_par_iter()
        .filter_map(|b| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match run_block(b) {
                Ok(()) => None,
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    Some((b, e))
                }
            }
        })
        .collect();
    match errors.into_iter().min_by_key(|(b, _)| *b) {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}
