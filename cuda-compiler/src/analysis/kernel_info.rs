//! One summary per kernel, combining the analyses: what `cudawasm check`
//! prints and what back ends and launch code read first.

use super::call_graph::CallGraph;
use super::features::{kernel_features, FeatureSet};
use super::shared_mem::{kernel_shared_memory, SharedMemory};
use crate::ir::{Kernel, Module};

/// The facts about one kernel entry point.
#[derive(Debug, Clone)]
pub struct KernelInfo<'m> {
    /// The entry point (name, template arguments, parameters).
    pub kernel: &'m Kernel,
    /// Features used by the kernel and the functions it calls.
    pub features: FeatureSet,
    /// Static and dynamic shared memory.
    pub shared: SharedMemory,
    /// `__launch_bounds__(max_threads, min_blocks)`, if given.
    pub launch_bounds: Option<(u32, Option<u32>)>,
    /// Names of the device functions it calls, directly or not.
    pub calls: Vec<&'m str>,
}

/// Summarises every kernel of a validated module, in module order.
pub fn kernel_infos(module: &Module) -> Vec<KernelInfo<'_>> {
    let graph = CallGraph::new(module);
    module
        .kernels
        .iter()
        .map(|k| {
            let func = module.functions.get(k.func.0 as usize);
            KernelInfo {
                kernel: k,
                features: kernel_features(module, &graph, k.func),
                shared: kernel_shared_memory(module, &graph, k.func),
                launch_bounds: func.and_then(|f| f.launch_bounds),
                calls: graph
                    .reachable(k.func)
                    .iter()
                    .skip(1)
                    .filter_map(|f| module.functions.get(f.0 as usize))
                    .map(|f| f.name.as_str())
                    .collect(),
            }
        })
        .collect()
}
