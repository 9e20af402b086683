//! build.rs helper of cudawasm.
//!
//! Not built yet: `compile("kernels/")` arrives with the
//! compile-time-surfaces issue.
