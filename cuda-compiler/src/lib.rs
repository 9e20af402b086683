//! The cudawasm compiler: CUDA C++ in, Kernel IR and target code out.
//!
//! Pipeline (one folder per stage):
//! [`preprocess`] → [`parse`] → [`sema`] → [`ir`] (+ [`ir::validate`]) →
//! [`analysis`] → back ends. [`check`] runs the front end on a file and
//! returns everything later stages and tools need.

pub mod analysis;
pub mod artifact;
pub mod back;
pub mod diag;
pub mod ir;
pub mod parse;
pub mod preprocess;
pub mod sema;
pub mod source;

mod driver;

pub use driver::{check, check_file, Checked, Options};
