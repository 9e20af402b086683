//! Streams and events: ordering and timing of device work.
//!
//! On the CPU backend every operation runs to completion before the call
//! returns, so a stream's launches run in submission order and an event
//! records the host time at which everything before it had finished.
//!
//! On the CUDA backend a stream is a CUDA stream and an event a CUDA
//! event: launches are queued and return at once, and the time between
//! two events is the GPU's.

use crate::backend::{DeviceEvent, RawStream};
use crate::launch::check_args;
use crate::{BackendKind, Device, Error, KernelArg, KernelArtifact, LaunchConfig, Result, Target};
use std::sync::Arc;
use std::time::Instant;

/// An ordered queue of device work.
#[derive(Debug, Clone)]
pub struct Stream {
    device: Device,
    /// The backend's own stream (`None`: the device's default queue).
    raw: Option<RawStream>,
}

impl Device {
    /// A new stream on this device: its own queue on backends that have
    /// them (a non-blocking CUDA stream), ordered only with itself. If the
    /// backend cannot make one, the stream is the default queue (ordered
    /// with everything, so nothing can run out of order).
    pub fn stream(&self) -> Stream {
        let raw = self.inner.backend.create_stream().ok().flatten();
        Stream {
            device: self.clone(),
            raw,
        }
    }

    /// The device's default stream (CUDA's legacy default stream): cheap
    /// to get, and ordered with uploads, downloads and copies.
    pub fn default_stream(&self) -> Stream {
        Stream {
            device: self.clone(),
            raw: None,
        }
    }

    /// Launches `kernel` on the device's default stream.
    pub fn launch(
        &self,
        kernel: &KernelArtifact,
        config: &LaunchConfig,
        args: &[KernelArg<'_>],
    ) -> Result<()> {
        self.default_stream().launch(kernel, config, args)
    }
}

impl Stream {
    /// The device it runs on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Queues a launch of `kernel` after everything queued before it. The
    /// arguments are checked against the kernel's parameters (count,
    /// buffer/scalar/struct, scalar types, pointer alignment) first.
    pub fn launch(
        &self,
        kernel: &KernelArtifact,
        config: &LaunchConfig,
        args: &[KernelArg<'_>],
    ) -> Result<()> {
        let backend = self.device.backend();
        let has_code = match backend {
            BackendKind::Cpu => kernel.cpu.is_some(),
            BackendKind::Wgpu => kernel.wgsl.is_some(),
            BackendKind::Cuda => kernel.ptx.is_some(),
        };
        if !has_code {
            let target = match backend {
                BackendKind::Cpu => Target::Cpu,
                BackendKind::Wgpu => Target::Wgsl,
                BackendKind::Cuda => Target::Ptx,
            };
            if let Some(reason) = kernel.skip_reason(target) {
                return Err(Error::TargetSkipped {
                    kernel: kernel.name.clone(),
                    target,
                    reason: reason.to_string(),
                });
            }
            return Err(Error::NoCodeForBackend {
                kernel: kernel.name.clone(),
                backend,
            });
        }
        let dims = config.validate(kernel)?;
        let raw = check_args(kernel, self.device.id(), args)?;
        let options = self.device.launch_options();
        self.device
            .inner
            .backend
            .launch_on(self.raw.as_ref(), kernel, &dims, &raw, &options)
    }

    /// Marks this point of the stream in `event`: a device event where the
    /// backend has them, else the host time once the work before it ended.
    pub fn record(&self, event: &mut Event) -> Result<()> {
        let backend = &self.device.inner.backend;
        let device_event = backend.record_event(self.raw.as_ref())?;
        if device_event.is_none() {
            backend.synchronize_stream(self.raw.as_ref())?;
        }
        event.recorded = Some((self.device.id(), Instant::now()));
        event.device_event = device_event;
        Ok(())
    }

    /// A new event recorded at this point of the stream.
    pub fn record_event(&self) -> Result<Event> {
        let mut event = Event::new();
        self.record(&mut event)?;
        Ok(event)
    }

    /// Waits until all work queued so far has finished.
    pub fn synchronize(&self) -> Result<()> {
        self.device
            .inner
            .backend
            .synchronize_stream(self.raw.as_ref())
    }
}

/// A point in a stream, for ordering and timing.
#[derive(Debug, Clone, Default)]
pub struct Event {
    recorded: Option<(u64, Instant)>,
    /// The backend's event (a CUDA event), when it has them.
    device_event: Option<Arc<dyn DeviceEvent>>,
}

impl Event {
    /// An event not yet recorded.
    pub fn new() -> Self {
        Self::default()
    }

    /// Has it been recorded?
    pub fn is_recorded(&self) -> bool {
        self.recorded.is_some()
    }

    /// Waits until the work before the event has finished.
    pub fn synchronize(&self) -> Result<()> {
        self.recorded.ok_or(Error::EventNotRecorded)?;
        match &self.device_event {
            Some(e) => e.synchronize(),
            None => Ok(()),
        }
    }

    /// Milliseconds from this event to `later` (negative if `later` was
    /// recorded first). Both must be recorded on the same device.
    pub fn elapsed_ms(&self, later: &Event) -> Result<f64> {
        let (Some((dev_a, a)), Some((dev_b, b))) = (self.recorded, later.recorded) else {
            return Err(Error::EventNotRecorded);
        };
        if dev_a != dev_b {
            return Err(Error::WrongDevice {
                what: "an event of `elapsed_ms`",
            });
        }
        if let (Some(ea), Some(eb)) = (&self.device_event, &later.device_event) {
            return ea.elapsed_ms(eb.as_ref());
        }
        Ok(if b >= a {
            b.duration_since(a).as_secs_f64() * 1e3
        } else {
            -(a.duration_since(b).as_secs_f64() * 1e3)
        })
    }
}
