//! The pest parser generated from `cuda.pest`.
#![allow(missing_docs)]

use pest_derive::Parser;

/// The generated CUDA C++ parser (rules in `cuda.pest`).
#[derive(Parser)]
#[grammar = "parse/cuda.pest"]
pub(crate) struct CudaParser;
