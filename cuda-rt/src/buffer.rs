//! Typed device buffers and views of them.

use crate::backend::RawBuffer;
use crate::{Device, Error, Result};
use bytemuck::Pod;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

/// `len` elements of `T` in a device's memory. Dropping it returns the
/// memory to the device's pool.
pub struct DeviceBuffer<T: Pod> {
    device: Device,
    raw: Option<RawBuffer>,
    len: usize,
    _elem: PhantomData<T>,
}

impl<T: Pod> fmt::Debug for DeviceBuffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceBuffer")
            .field("type", &std::any::type_name::<T>())
            .field("len", &self.len)
            .field("device", &self.device.info().name)
            .finish()
    }
}

fn byte_len<T: Pod>(elems: usize) -> Result<u64> {
    elems
        .checked_mul(std::mem::size_of::<T>())
        .map(|b| b as u64)
        .ok_or(Error::OutOfRange {
            start: 0,
            end: elems,
            len: usize::MAX / std::mem::size_of::<T>().max(1),
        })
}

impl Device {
    /// A buffer of `len` elements whose contents are unspecified (a reused
    /// pool block keeps old bytes, as `cudaMalloc` does).
    pub fn alloc<T: Pod>(&self, len: usize) -> Result<DeviceBuffer<T>> {
        let raw = self.acquire(byte_len::<T>(len)?)?;
        Ok(DeviceBuffer {
            device: self.clone(),
            raw: Some(raw),
            len,
            _elem: PhantomData,
        })
    }

    /// A buffer of `len` zeroed elements.
    pub fn alloc_zeroed<T: Pod>(&self, len: usize) -> Result<DeviceBuffer<T>> {
        let buf = self.alloc::<T>(len)?;
        let zeros = vec![0u8; byte_len::<T>(len)? as usize];
        buf.write_bytes(0, &zeros)?;
        Ok(buf)
    }

    /// A buffer holding a copy of `data`.
    pub fn upload<T: Pod>(&self, data: &[T]) -> Result<DeviceBuffer<T>> {
        let mut buf = self.alloc::<T>(data.len())?;
        buf.upload(data)?;
        Ok(buf)
    }
}

impl<T: Pod> DeviceBuffer<T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Size in bytes.
    pub fn size_bytes(&self) -> u64 {
        (self.len * std::mem::size_of::<T>()) as u64
    }

    /// The device it lives on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    pub(crate) fn raw(&self) -> Result<&RawBuffer> {
        self.raw
            .as_ref()
            .ok_or(Error::WrongDevice { what: "a buffer" })
    }

    fn write_bytes(&self, offset: u64, bytes: &[u8]) -> Result<()> {
        self.device.inner.backend.write(self.raw()?, offset, bytes)
    }

    /// Replaces the contents with `data` (same length).
    pub fn upload(&mut self, data: &[T]) -> Result<()> {
        if data.len() != self.len {
            return Err(Error::SizeMismatch {
                what: "upload",
                expected: self.len,
                found: data.len(),
            });
        }
        self.write_bytes(0, bytemuck::cast_slice(data))
    }

    /// Copies the contents to the host.
    pub fn download(&self) -> Result<Vec<T>> {
        self.slice(..)?.download()
    }

    /// Copies all of `src` (same length, same device) into this buffer.
    pub fn copy_from(&mut self, src: &DeviceBuffer<T>) -> Result<()> {
        self.copy_from_slice(0, src.slice(..)?)
    }

    /// Copies a view into this buffer starting at element `at`.
    pub fn copy_from_slice(&mut self, at: usize, src: BufferSlice<'_, T>) -> Result<()> {
        if src.buf.device.id() != self.device.id() {
            return Err(Error::WrongDevice {
                what: "the source buffer of a copy",
            });
        }
        let end = at.checked_add(src.len()).filter(|&e| e <= self.len);
        if end.is_none() {
            return Err(Error::OutOfRange {
                start: at,
                end: at.saturating_add(src.len()),
                len: self.len,
            });
        }
        let size = std::mem::size_of::<T>() as u64;
        self.device.inner.backend.copy(
            src.buf.raw()?,
            src.start as u64 * size,
            self.raw()?,
            at as u64 * size,
            src.len() as u64 * size,
        )
    }

    /// A view of elements `range` (a pointer offset into the buffer, as
    /// `x + a` in CUDA); an error if the range is out of bounds.
    pub fn slice(&self, range: impl std::ops::RangeBounds<usize>) -> Result<BufferSlice<'_, T>> {
        let range = resolve(range, self.len)?;
        Ok(BufferSlice {
            buf: self,
            start: range.start,
            end: range.end,
        })
    }
}

impl<T: Pod> Drop for DeviceBuffer<T> {
    fn drop(&mut self) {
        if let Some(raw) = self.raw.take() {
            self.device.release(raw);
        }
    }
}

fn resolve(range: impl std::ops::RangeBounds<usize>, len: usize) -> Result<Range<usize>> {
    use std::ops::Bound;
    let start = match range.start_bound() {
        Bound::Included(&s) => Some(s),
        Bound::Excluded(&s) => s.checked_add(1),
        Bound::Unbounded => Some(0),
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.checked_add(1),
        Bound::Excluded(&e) => Some(e),
        Bound::Unbounded => Some(len),
    };
    match (start, end) {
        (Some(s), Some(e)) if s <= e && e <= len => Ok(s..e),
        (s, e) => Err(Error::OutOfRange {
            start: s.unwrap_or(usize::MAX),
            end: e.unwrap_or(usize::MAX),
            len,
        }),
    }
}

/// Elements `start..end` of a buffer: a pointer into it for a launch, or a
/// range to download or copy.
pub struct BufferSlice<'a, T: Pod> {
    buf: &'a DeviceBuffer<T>,
    start: usize,
    end: usize,
}

impl<T: Pod> Clone for BufferSlice<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Pod> Copy for BufferSlice<'_, T> {}

impl<T: Pod> fmt::Debug for BufferSlice<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BufferSlice({}..{} of {:?})",
            self.start, self.end, self.buf
        )
    }
}

impl<'a, T: Pod> BufferSlice<'a, T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The first element's index in the buffer.
    pub fn offset(&self) -> usize {
        self.start
    }

    /// The buffer it views.
    pub fn buffer(&self) -> &'a DeviceBuffer<T> {
        self.buf
    }

    /// A view of a sub-range (relative to this view).
    pub fn slice(&self, range: impl std::ops::RangeBounds<usize>) -> Result<BufferSlice<'a, T>> {
        let r = resolve(range, self.len())?;
        Ok(BufferSlice {
            buf: self.buf,
            start: self.start + r.start,
            end: self.start + r.end,
        })
    }

    /// Copies the viewed elements to the host.
    pub fn download(&self) -> Result<Vec<T>> {
        let size = std::mem::size_of::<T>();
        let mut bytes = vec![0u8; self.len() * size];
        self.buf.device.inner.backend.read(
            self.buf.raw()?,
            (self.start * size) as u64,
            &mut bytes,
        )?;
        Ok(bytemuck::pod_collect_to_vec(&bytes))
    }

    /// Byte offset of the view in its buffer.
    pub(crate) fn offset_bytes(&self) -> u64 {
        (self.start * std::mem::size_of::<T>()) as u64
    }
}
