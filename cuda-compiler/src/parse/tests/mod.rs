//! Parser tests: every construct, real kernels, error messages.

mod errors;
mod exprs;
mod kernels;
mod support;
