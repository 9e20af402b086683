//! Support code of the integration tests in `tests/`: the plain-Rust
//! reference implementations of the conformance corpus run plans
//! (`tests/conformance/plans/*.toml`), and the driver that runs the corpus
//! on a backend and compares ([`corpus_run`]), used by `tests/run_cpu.rs`
//! and `tests/run_wgpu.rs`.

pub mod corpus_run;
pub mod reference;
