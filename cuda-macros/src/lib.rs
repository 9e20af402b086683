//! Proc macros of cudawasm (`cuda!`, `#[cuda_kernel]`).
//!
//! Not built yet: they arrive with the compile-time-surfaces issue, over
//! `cuda-compiler`'s front end.
