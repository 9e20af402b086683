//! Support code of the integration tests in `tests/`: the plain-Rust
//! reference implementations of the conformance corpus run plans
//! (`tests/conformance/plans/*.toml`), used by `tests/run_cpu.rs`.

pub mod reference;
