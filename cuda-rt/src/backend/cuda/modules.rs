//! The module and function cache: each distinct PTX text is JIT-loaded
//! once per device (keyed by its hash, the text compared on a hit), and
//! each entry point looked up once. A launch finds its function by the
//! address and length of the artefact's PTX string first, comparing the
//! text (a `memcmp`, far cheaper than hashing it), so a repeated launch of
//! one artefact costs no hashing.

use super::errors::{driver_error, load_error};
use super::ffi::{self, Function, Module};
use crate::{Error, PtxKernel, Result};
use cudarc::driver::CudaContext;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One entry point, ready to launch.
#[derive(Debug, Clone)]
pub(super) struct CachedFunction {
    /// The driver's function.
    pub function: Function,
    /// The dynamic shared memory the function is allowed so far (the
    /// driver's default, 48 KiB, until a launch asks for more).
    pub shared_limit: u32,
}

#[derive(Debug)]
struct FastEntry {
    source: String,
    entry: String,
    slot: usize,
}

/// Loaded modules and functions of one device.
#[derive(Debug, Default)]
pub(super) struct ModuleCache {
    /// By (address, length) of the artefact's PTX string.
    fast: HashMap<(usize, usize), Vec<FastEntry>>,
    /// By hash of the PTX text: the text and its module.
    modules: HashMap<u64, Vec<(String, Arc<Module>)>>,
    /// Functions, by (PTX hash, entry name).
    functions: HashMap<(u64, String), usize>,
    slots: Vec<CachedFunction>,
    /// Time spent JIT-loading modules so far.
    pub load_time: Duration,
}

/// The default dynamic shared memory a function may use without opting in.
pub(super) const DEFAULT_SHARED_LIMIT: u32 = 48 * 1024;

impl ModuleCache {
    /// The slot of `ptx`'s entry point, loading the module on first use.
    pub(super) fn slot(
        &mut self,
        ctx: &Arc<CudaContext>,
        kernel: &str,
        ptx: &PtxKernel,
    ) -> Result<usize> {
        let key = (ptx.source.as_ptr() as usize, ptx.source.len());
        if let Some(hits) = self.fast.get(&key) {
            if let Some(hit) = hits
                .iter()
                .find(|h| h.entry == ptx.entry_point && h.source == ptx.source)
            {
                return Ok(hit.slot);
            }
        }
        let mut hasher = DefaultHasher::new();
        ptx.source.hash(&mut hasher);
        let hash = hasher.finish();
        let slot = match self.functions.get(&(hash, ptx.entry_point.clone())) {
            Some(&slot) if self.module_matches(hash, &ptx.source) => slot,
            _ => {
                let module = self.module(ctx, kernel, hash, &ptx.source)?;
                let function = ffi::get_function(&module, &ptx.entry_point).map_err(|e| {
                    let mut err = driver_error(
                        format!(
                            "cuModuleGetFunction (`{}` of kernel `{kernel}`)",
                            ptx.entry_point
                        ),
                        e,
                    );
                    if let Error::Cuda { message, .. } = &mut err {
                        let entries = crate::ptx_entry_names(&ptx.source);
                        message
                            .push_str(&format!("; the module's entries: {}", entries.join(", ")));
                    }
                    err
                })?;
                self.slots.push(CachedFunction {
                    function,
                    shared_limit: DEFAULT_SHARED_LIMIT,
                });
                let slot = self.slots.len() - 1;
                self.functions.insert((hash, ptx.entry_point.clone()), slot);
                slot
            }
        };
        self.fast.entry(key).or_default().push(FastEntry {
            source: ptx.source.clone(),
            entry: ptx.entry_point.clone(),
            slot,
        });
        Ok(slot)
    }

    /// The cached function of a slot.
    pub(super) fn get_mut(&mut self, slot: usize) -> Option<&mut CachedFunction> {
        self.slots.get_mut(slot)
    }

    fn module_matches(&self, hash: u64, source: &str) -> bool {
        self.modules
            .get(&hash)
            .is_some_and(|ms| ms.iter().any(|(s, _)| s == source))
    }

    fn module(
        &mut self,
        ctx: &Arc<CudaContext>,
        kernel: &str,
        hash: u64,
        source: &str,
    ) -> Result<Arc<Module>> {
        if let Some((_, m)) = self
            .modules
            .get(&hash)
            .and_then(|ms| ms.iter().find(|(s, _)| s == source))
        {
            return Ok(m.clone());
        }
        let start = Instant::now();
        let module = ffi::load_ptx(ctx, source).map_err(|(e, log)| load_error(kernel, e, &log))?;
        self.load_time += start.elapsed();
        self.modules
            .entry(hash)
            .or_default()
            .push((source.to_string(), module.clone()));
        Ok(module)
    }
}
