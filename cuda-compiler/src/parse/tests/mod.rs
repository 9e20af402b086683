//! Parser tests: every construct, real kernels, error messages.

mod decls;
mod errors;
mod exprs;
mod items;
mod kernels;
mod support;
