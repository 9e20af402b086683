//! Support for the typed launch functions that `cuda!`, `#[cuda_kernel]`
//! and `cuda-build` generate: pointer parameters as typed buffer views
//! (read-only for `const T*`, mutable for `T*`), by-value structs as bytes,
//! and a launch that refuses a target the kernel could not be compiled
//! for with the compiler's reason.
//!
//! Generated code names everything here through `::cuda_rt::typed`, so a
//! user crate depends on `cuda-rt` alone.

use crate::{
    BackendKind, BufferSlice, Device, DeviceBuffer, Error, KernelArg, KernelArtifact, LaunchConfig,
    Result, Target,
};
use bytemuck::Pod;
use std::marker::PhantomData;

/// Re-exported so generated `#[repr(C)]` structs can derive `Pod`
/// without the user crate depending on bytemuck.
pub use bytemuck;
/// Re-exported so `half` parameters have a type without another
/// dependency.
pub use half;

/// A mutable view of elements of a buffer: what a `T*` parameter takes
/// when the kernel should see a pointer into the middle of a buffer.
/// Holding it borrows the buffer mutably, so no other argument of the
/// same launch can alias it.
#[derive(Debug)]
pub struct BufferSliceMut<'a, T: Pod> {
    view: BufferSlice<'a, T>,
    _exclusive: PhantomData<&'a mut DeviceBuffer<T>>,
}

impl<'a, T: Pod> BufferSliceMut<'a, T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.view.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The elements as a read-only view.
    pub fn as_slice(&self) -> BufferSlice<'_, T> {
        self.view
    }
}

impl<T: Pod> DeviceBuffer<T> {
    /// A mutable view of elements `range`, for a `T*` parameter that must
    /// point into the middle of the buffer (`y + offset` in CUDA).
    pub fn slice_mut(
        &mut self,
        range: impl std::ops::RangeBounds<usize>,
    ) -> Result<BufferSliceMut<'_, T>> {
        let shared: &DeviceBuffer<T> = self;
        Ok(BufferSliceMut {
            view: shared.slice(range)?,
            _exclusive: PhantomData,
        })
    }
}

/// What a `const T*` kernel parameter takes: a buffer of `T` or a view of
/// one, borrowed for the launch.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed where the kernel takes a `const` pointer to `{T}`",
    label = "expected `&DeviceBuffer<{T}>` or `BufferSlice<{T}>`",
    note = "a `const T*` parameter takes `&DeviceBuffer<T>`, `&mut DeviceBuffer<T>`, `BufferSlice<T>` or `BufferSliceMut<T>` of the same element type"
)]
pub trait DeviceRead<'a, T: Pod> {
    /// The launch argument.
    fn into_arg(self) -> KernelArg<'a>;
}

/// What a `T*` (non-`const`) kernel parameter takes: a buffer of `T` or a
/// mutable view of one, borrowed mutably for the launch.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed where the kernel takes a mutable pointer to `{T}`",
    label = "expected `&mut DeviceBuffer<{T}>` or `BufferSliceMut<{T}>`",
    note = "a `T*` parameter takes `&mut DeviceBuffer<T>` or `BufferSliceMut<T>` (from `buf.slice_mut(..)`) of the same element type"
)]
pub trait DeviceWrite<'a, T: Pod> {
    /// The launch argument.
    fn into_arg(self) -> KernelArg<'a>;
}

impl<'a, T: Pod> DeviceRead<'a, T> for &'a DeviceBuffer<T> {
    fn into_arg(self) -> KernelArg<'a> {
        self.into()
    }
}

impl<'a, T: Pod> DeviceRead<'a, T> for &'a mut DeviceBuffer<T> {
    fn into_arg(self) -> KernelArg<'a> {
        KernelArg::from(&*self)
    }
}

impl<'a, T: Pod> DeviceRead<'a, T> for BufferSlice<'a, T> {
    fn into_arg(self) -> KernelArg<'a> {
        self.into()
    }
}

impl<'a, T: Pod> DeviceRead<'a, T> for BufferSliceMut<'a, T> {
    fn into_arg(self) -> KernelArg<'a> {
        self.view.into()
    }
}

impl<'a, T: Pod> DeviceWrite<'a, T> for &'a mut DeviceBuffer<T> {
    fn into_arg(self) -> KernelArg<'a> {
        KernelArg::from(&*self)
    }
}

impl<'a, T: Pod> DeviceWrite<'a, T> for BufferSliceMut<'a, T> {
    fn into_arg(self) -> KernelArg<'a> {
        self.view.into()
    }
}

/// The bytes of a value passed by value (a struct or vector), in nvcc's
/// layout: generated structs are `#[repr(C)]` with explicit padding, so
/// their bytes are the layout.
pub fn value_arg<V: Pod>(value: &V) -> KernelArg<'static> {
    KernelArg::bytes(bytemuck::bytes_of(value).to_vec())
}

/// The code target a backend runs.
pub fn target_of(backend: BackendKind) -> Target {
    match backend {
        BackendKind::Cpu => Target::Cpu,
        BackendKind::Wgpu => Target::Wgsl,
        BackendKind::Cuda => Target::Ptx,
    }
}

/// Launches a generated kernel: when the kernel was not compiled for the
/// device's target, the error carries the compiler's reason (recorded at
/// build time in [`KernelArtifact::skipped`]) instead of only "no code".
pub fn launch(
    device: &Device,
    kernel: &KernelArtifact,
    config: &LaunchConfig,
    args: &[KernelArg<'_>],
) -> Result<()> {
    let backend = device.backend();
    if let Some(reason) = kernel.skip_reason(target_of(backend)) {
        return Err(Error::BackendUnavailable {
            backend: backend.name().to_string(),
            reason: format!(
                "kernel `{}` was not compiled for {}: {reason}",
                kernel.name,
                target_of(backend)
            ),
        });
    }
    device.launch(kernel, config, args)
}

/// Bytes of dynamic shared memory for `elems` elements of `T`, for the
/// typed `shared_elems` argument of generated launch functions.
pub fn shared_bytes_of<T>(kernel: &str, elems: u32) -> Result<u32> {
    let size = u32::try_from(std::mem::size_of::<T>()).unwrap_or(u32::MAX);
    elems.checked_mul(size).ok_or(Error::BadLaunch {
        kernel: kernel.to_string(),
        message: format!("{elems} elements of dynamic shared memory overflow u32 bytes"),
    })
}
