//! Parser tests: every construct, real kernels, error messages.

mod decls;
mod errors;
mod exprs;
mod fuzz;
mod items;
mod kernels;
mod realistic;
mod stmts;
use kernels as kernels_src;
mod support;
