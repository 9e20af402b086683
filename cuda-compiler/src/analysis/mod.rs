//! Analyses over the IR, written once and shared by every back end.
//!
//! - [`call_graph`]: which functions a kernel reaches, and recursion;
//! - [`features`]: the set of target-relevant features each kernel uses;
//! - [`shared_mem`]: static and dynamic shared memory per kernel;
//! - [`kernel_info`]: the per-kernel summary of the above;
//! - [`uniformity`]: which values and conditions depend on the thread, and
//!   block barriers that only some threads may reach.
//!
//! Every analysis expects a module that passed [`crate::ir::validate`]
//! (handles in range, no recursion); on other input they stay total (no
//! panic) but their answers are unspecified.

pub mod call_graph;
pub mod features;
pub mod kernel_info;
pub mod shared_mem;
pub mod uniformity;
pub(crate) mod walk;

pub use call_graph::CallGraph;
pub use features::{Feature, FeatureSet};
pub use kernel_info::{kernel_infos, KernelInfo};
pub use shared_mem::SharedMemory;
pub use uniformity::{DivergentBarrier, Uniformity};

#[cfg(test)]
pub(crate) mod test_support;
