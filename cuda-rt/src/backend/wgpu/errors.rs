//! Turning wgpu's errors into `cuda_rt::Error`s.
//!
//! wgpu reports validation and out-of-memory errors asynchronously, and an
//! error nobody catches panics by default. Every device operation of this
//! backend therefore runs inside error scopes ([`scoped`]) whose errors
//! become an [`Error::Device`], and devices this backend opens also get an
//! uncaptured-error handler that records (never panics) what escapes.

use crate::{BackendKind, Error, Result};
use std::sync::{Arc, Mutex};

/// The last error wgpu reported outside any scope, shared with the
/// device's uncaptured-error handler.
#[derive(Debug, Clone, Default)]
pub(super) struct Uncaptured(Arc<Mutex<Option<String>>>);

impl Uncaptured {
    /// Installs a handler on `device` that records errors here instead of
    /// panicking.
    pub(super) fn install(&self, device: &wgpu::Device) {
        let slot = Arc::clone(&self.0);
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            let mut guard = slot
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            guard.get_or_insert_with(|| e.to_string());
        }));
    }

    /// The recorded error, if any (taken: each is reported once).
    fn take(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// A device error during `during`, as the runtime's error.
pub(super) fn device_error(during: &str, message: impl Into<String>) -> Error {
    Error::Device {
        backend: BackendKind::Wgpu,
        during: during.to_string(),
        message: message.into(),
    }
}

/// Runs `op` inside validation, out-of-memory and internal error scopes of
/// `device`; any error wgpu raised (in a scope, or uncaptured) is returned
/// as an [`Error::Device`] naming `during`.
pub(super) fn scoped<T>(
    device: &wgpu::Device,
    uncaptured: &Uncaptured,
    during: &str,
    op: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let internal = device.push_error_scope(wgpu::ErrorFilter::Internal);
    let oom = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
    let validation = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let out = op();
    let errors = [
        pollster::block_on(validation.pop()),
        pollster::block_on(oom.pop()),
        pollster::block_on(internal.pop()),
    ];
    if let Some(e) = errors.into_iter().flatten().next() {
        return Err(device_error(during, describe(&e)));
    }
    if let Some(message) = uncaptured.take() {
        return Err(device_error(during, message));
    }
    out
}

/// A wgpu error's message with its chain of sources.
fn describe(e: &wgpu::Error) -> String {
    let mut text = match e {
        wgpu::Error::OutOfMemory { .. } => "out of device memory".to_string(),
        other => other.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let line = s.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = s.source();
    }
    text
}
