//! Device memory on wgpu: storage buffers, and copies to, from and between
//! them. wgpu copies whole 4-byte words only, so unaligned writes patch the
//! words they touch and unaligned copies go through the host.

use super::errors::{device_error, scoped};
use super::WgpuBackend;
use crate::backend::RawBuffer;
use crate::{BackendKind, Error, Result};

/// wgpu's copy granularity in bytes.
const WORD: u64 = wgpu::COPY_BUFFER_ALIGNMENT;

/// `n` rounded up to whole words.
pub(super) fn round_up_words(n: u64) -> u64 {
    n.div_ceil(WORD) * WORD
}

/// Checks `offset..offset+len` against `size` bytes.
fn check_range(offset: u64, len: u64, size: u64) -> Result<()> {
    match offset.checked_add(len) {
        Some(end) if end <= size => Ok(()),
        _ => Err(Error::OutOfRange {
            start: offset as usize,
            end: offset.saturating_add(len) as usize,
            len: size as usize,
        }),
    }
}

impl WgpuBackend {
    /// The wgpu buffer behind a block of this backend.
    pub(super) fn buffer<'a>(&self, buf: &'a RawBuffer) -> Result<&'a wgpu::Buffer> {
        buf.memory::<wgpu::Buffer>()
            .ok_or(Error::WrongDevice { what: "a buffer" })
    }

    /// A new storage buffer of `capacity` bytes (zeroed by wgpu).
    pub(super) fn alloc_buffer(&self, capacity: u64) -> Result<RawBuffer> {
        let size = round_up_words(capacity.max(WORD));
        if size > self.limits.max_buffer_size {
            return Err(device_error(
                "allocation",
                format!(
                    "{capacity} bytes exceed the device limit `max_buffer_size` ({} bytes); \
                     split the data or use another backend",
                    self.limits.max_buffer_size
                ),
            ));
        }
        let buffer = scoped(&self.device, &self.uncaptured, "allocation", || {
            Ok(self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("cuda-rt buffer"),
                size,
                usage: wgpu::BufferUsages::STORAGE
                    | wgpu::BufferUsages::COPY_SRC
                    | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }))
        })
        .map_err(|e| match e {
            Error::Device { message, .. } if message.contains("out of") => Error::OutOfMemory {
                backend: BackendKind::Wgpu,
                bytes: capacity,
            },
            other => other,
        })?;
        Ok(RawBuffer::new(Box::new(buffer), capacity))
    }

    /// Writes `data` at byte `offset`, patching partial words at the ends.
    pub(super) fn write_bytes(&self, buf: &RawBuffer, offset: u64, data: &[u8]) -> Result<()> {
        check_range(offset, data.len() as u64, buf.len())?;
        if data.is_empty() {
            return Ok(());
        }
        let buffer = self.buffer(buf)?;
        let start = offset / WORD * WORD;
        let end = round_up_words(offset + data.len() as u64).min(buffer.size());
        let mut words;
        let bytes = if start == offset && end == offset + data.len() as u64 {
            data
        } else {
            words = vec![0u8; (end - start) as usize];
            self.read_words(buffer, start, &mut words)?;
            let at = (offset - start) as usize;
            words[at..at + data.len()].copy_from_slice(data);
            &words[..]
        };
        scoped(&self.device, &self.uncaptured, "a write", || {
            self.queue.write_buffer(buffer, start, bytes);
            self.queue.submit([]);
            Ok(())
        })
    }

    /// Reads `out.len()` bytes from byte `offset`.
    pub(super) fn read_bytes(&self, buf: &RawBuffer, offset: u64, out: &mut [u8]) -> Result<()> {
        check_range(offset, out.len() as u64, buf.len())?;
        if out.is_empty() {
            return Ok(());
        }
        let buffer = self.buffer(buf)?;
        let start = offset / WORD * WORD;
        let end = round_up_words(offset + out.len() as u64).min(buffer.size());
        let mut words = vec![0u8; (end - start) as usize];
        self.read_words(buffer, start, &mut words)?;
        let at = (offset - start) as usize;
        out.copy_from_slice(&words[at..at + out.len()]);
        Ok(())
    }

    /// Reads whole words from a word-aligned `offset` through a staging
    /// buffer (`out.len()` a multiple of 4).
    fn read_words(&self, buffer: &wgpu::Buffer, offset: u64, out: &mut [u8]) -> Result<()> {
        let size = out.len() as u64;
        let staging = scoped(&self.device, &self.uncaptured, "a read", || {
            let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("cuda-rt read-back"),
                size,
                usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let mut encoder = self
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
            encoder.copy_buffer_to_buffer(buffer, offset, &staging, 0, size);
            self.queue.submit([encoder.finish()]);
            Ok(staging)
        })?;
        self.map_read(&staging, "a read", |bytes| out.copy_from_slice(bytes))
    }

    /// Maps a `MAP_READ` buffer, waits, and hands its bytes to `use_bytes`.
    pub(super) fn map_read(
        &self,
        staging: &wgpu::Buffer,
        during: &str,
        use_bytes: impl FnOnce(&[u8]),
    ) -> Result<()> {
        let (tx, rx) = std::sync::mpsc::channel();
        staging.slice(..).map_async(wgpu::MapMode::Read, move |r| {
            let _ = tx.send(r);
        });
        self.wait(during)?;
        match rx.try_recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(device_error(during, format!("mapping failed: {e}"))),
            Err(_) => return Err(device_error(during, "the mapping never completed")),
        }
        {
            let view = staging
                .slice(..)
                .get_mapped_range()
                .map_err(|e| device_error(during, format!("mapping failed: {e}")))?;
            use_bytes(&view);
        }
        staging.unmap();
        Ok(())
    }

    /// Copies `len` bytes between blocks: on the device when offsets and
    /// length are whole words, else through the host.
    pub(super) fn copy_bytes(
        &self,
        src: &RawBuffer,
        src_offset: u64,
        dst: &RawBuffer,
        dst_offset: u64,
        len: u64,
    ) -> Result<()> {
        check_range(src_offset, len, src.len())?;
        check_range(dst_offset, len, dst.len())?;
        if len == 0 {
            return Ok(());
        }
        let aligned = (src_offset | dst_offset | len).is_multiple_of(WORD);
        let (from, to) = (self.buffer(src)?, self.buffer(dst)?);
        if !aligned || from == to {
            // Unaligned, or overlapping ranges of one buffer (which wgpu
            // refuses): through the host.
            let size = usize::try_from(len).map_err(|_| Error::OutOfMemory {
                backend: BackendKind::Wgpu,
                bytes: len,
            })?;
            let mut staging = vec![0u8; size];
            self.read_bytes(src, src_offset, &mut staging)?;
            return self.write_bytes(dst, dst_offset, &staging);
        }
        scoped(&self.device, &self.uncaptured, "a copy", || {
            let mut encoder = self
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
            encoder.copy_buffer_to_buffer(from, src_offset, to, dst_offset, len);
            self.queue.submit([encoder.finish()]);
            Ok(())
        })
    }

    /// Waits until all submitted work has finished.
    pub(super) fn wait(&self, during: &str) -> Result<()> {
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map(|_| ())
            .map_err(|e| device_error(during, format!("waiting for the device failed: {e}")))
    }
}
