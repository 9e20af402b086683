//! Which functions access shared memory as `volatile`.
//!
//! Sema drops `volatile` from pointer parameters and locals
//! (`volatile float *sdata` in the classic warp-synchronous reduction
//! tails), so the IR's loads and stores through them are not marked. PTX
//! needs `ld.volatile.shared`/`st.volatile.shared` there, or ptxas keeps
//! values in registers between the lanes' steps and the reduction breaks.
//! Until the IR carries the qualifier, a function whose source text
//! mentions `volatile` has all its shared (and generic) accesses emitted
//! as volatile: correct, and only slower where the word appears.

use crate::back::SourceInfo;
use crate::ir::Function;

/// Does the source of `f` contain the word `volatile`?
pub(super) fn mentions_volatile(f: &Function, src: Option<SourceInfo<'_>>) -> bool {
    let Some(src) = src else {
        return false;
    };
    let Some(loc) = src.map.locate(f.span) else {
        return false;
    };
    let text = &src.files.get(loc.span.file).text;
    let lo = (loc.span.lo as usize).min(text.len());
    let hi = (loc.span.hi as usize).clamp(lo, text.len());
    text.get(lo..hi).is_some_and(|t| t.contains("volatile"))
}
