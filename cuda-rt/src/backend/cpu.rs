//! The CPU backend: device memory is host memory ([`GlobalBuffer`]), a
//! launch runs a [`cuda_cpu::CpuKernel`] over the whole grid and returns
//! when it is done. Work is therefore synchronous: streams run their
//! launches in submission order, each finished before the call returns.

use super::{Backend, RawArg, RawBuffer};
use crate::{BackendKind, DeviceInfo, Error, KernelArtifact, Result};
use cuda_cpu::{GlobalBuffer, KernelArg, LaunchDims, LaunchOptions};
use std::sync::atomic::Ordering;

/// The CPU backend.
#[derive(Debug)]
pub(crate) struct CpuBackend {
    name: String,
    threads: u32,
    memory_bytes: Option<u64>,
}

impl CpuBackend {
    /// The host CPU.
    pub(crate) fn new() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| u32::try_from(n.get()).unwrap_or(u32::MAX))
            .unwrap_or(1);
        let name = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| std::env::consts::ARCH.to_string());
        Self {
            name,
            threads,
            memory_bytes: meminfo_bytes("MemTotal:"),
        }
    }

    fn buffer<'a>(&self, buf: &'a RawBuffer) -> Result<&'a GlobalBuffer> {
        buf.memory::<GlobalBuffer>()
            .ok_or(Error::WrongDevice { what: "a buffer" })
    }
}

/// A `/proc/meminfo` line's value in bytes (Linux only; `None` elsewhere).
fn meminfo_bytes(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Checks `offset..offset+len` against a buffer of `size` bytes.
fn check_range(offset: u64, len: u64, size: u64) -> Result<(usize, usize)> {
    let end = offset.checked_add(len).filter(|&e| e <= size);
    match end {
        Some(end) => Ok((offset as usize, end as usize)),
        None => Err(Error::OutOfRange {
            start: offset as usize,
            end: offset.saturating_add(len) as usize,
            len: size as usize,
        }),
    }
}

impl Backend for CpuBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Cpu
    }

    fn info(&self) -> DeviceInfo {
        DeviceInfo {
            backend: BackendKind::Cpu,
            name: self.name.clone(),
            compute_units: self.threads,
            memory_bytes: self.memory_bytes,
        }
    }

    fn alloc(&self, capacity: u64) -> Result<RawBuffer> {
        // A failed allocation of the global allocator aborts the process:
        // refuse what the machine cannot hold before asking for it.
        let available = meminfo_bytes("MemAvailable:").unwrap_or(u64::MAX);
        let fits = usize::try_from(capacity).is_ok() && capacity <= available;
        if !fits {
            return Err(Error::OutOfMemory {
                backend: BackendKind::Cpu,
                bytes: capacity,
            });
        }
        let buf = GlobalBuffer::zeroed(capacity as usize);
        Ok(RawBuffer::new(Box::new(buf), capacity))
    }

    fn set_len(&self, buf: &mut RawBuffer, len: u64) -> Result<()> {
        let capacity = buf.capacity();
        let mem = buf
            .memory_mut::<GlobalBuffer>()
            .ok_or(Error::WrongDevice { what: "a buffer" })?;
        if !mem.set_len(len as usize) {
            return Err(Error::OutOfRange {
                start: 0,
                end: len as usize,
                len: capacity as usize,
            });
        }
        buf.set_len_field(len);
        Ok(())
    }

    fn write(&self, buf: &RawBuffer, offset: u64, data: &[u8]) -> Result<()> {
        let mem = self.buffer(buf)?;
        let (start, _) = check_range(offset, data.len() as u64, mem.len() as u64)?;
        write_words(mem, start, data);
        Ok(())
    }

    fn read(&self, buf: &RawBuffer, offset: u64, out: &mut [u8]) -> Result<()> {
        let mem = self.buffer(buf)?;
        let (start, _) = check_range(offset, out.len() as u64, mem.len() as u64)?;
        let words = mem.words();
        let word = |at: usize| words.get(at / 4).map_or(0, |w| w.load(Ordering::Relaxed));
        // Leading bytes up to a word boundary, then whole words.
        let head = ((4 - start % 4) % 4).min(out.len());
        let (first, rest) = out.split_at_mut(head);
        for (i, byte) in first.iter_mut().enumerate() {
            let at = start + i;
            *byte = word(at).to_le_bytes()[at % 4];
        }
        let aligned = start + head;
        for (i, chunk) in rest.chunks_mut(4).enumerate() {
            let le = word(aligned + 4 * i).to_le_bytes();
            chunk.copy_from_slice(&le[..chunk.len()]);
        }
        Ok(())
    }

    fn copy(
        &self,
        src: &RawBuffer,
        src_offset: u64,
        dst: &RawBuffer,
        dst_offset: u64,
        len: u64,
    ) -> Result<()> {
        let size = usize::try_from(len).map_err(|_| Error::OutOfRange {
            start: 0,
            end: usize::MAX,
            len: 0,
        })?;
        let mut staging = vec![0u8; size];
        self.read(src, src_offset, &mut staging)?;
        self.write(dst, dst_offset, &staging)
    }

    fn launch(
        &self,
        kernel: &KernelArtifact,
        dims: &LaunchDims,
        args: &[RawArg<'_>],
        opts: &LaunchOptions,
    ) -> Result<()> {
        let cpu = kernel.cpu.as_ref().ok_or_else(|| Error::NoCodeForBackend {
            kernel: kernel.name.clone(),
            backend: BackendKind::Cpu,
        })?;
        let mut cpu_args = Vec::with_capacity(args.len());
        for arg in args {
            cpu_args.push(match arg {
                RawArg::Buffer { buf, offset_bytes } => KernelArg::Buffer {
                    buf: self.buffer(buf)?,
                    offset_bytes: *offset_bytes,
                },
                RawArg::Scalar(s) => KernelArg::Scalar(*s),
                RawArg::Bytes(bytes) => KernelArg::Bytes(bytes),
            });
        }
        cpu.launch(dims, &cpu_args, opts)?;
        Ok(())
    }

    fn synchronize(&self) -> Result<()> {
        Ok(())
    }
}

/// Stores `data` at byte `start`: whole words at once where aligned.
fn write_words(mem: &GlobalBuffer, start: usize, data: &[u8]) {
    let head = ((4 - start % 4) % 4).min(data.len());
    let (first, rest) = data.split_at(head);
    mem.write_bytes(start, first);
    let aligned = start + head;
    let mut chunks = rest.chunks_exact(4);
    let words = mem.words();
    for (i, chunk) in chunks.by_ref().enumerate() {
        let mut le = [0u8; 4];
        le.copy_from_slice(chunk);
        if let Some(word) = words.get(aligned / 4 + i) {
            word.store(u32::from_le_bytes(le), Ordering::Relaxed);
        }
    }
    let tail = chunks.remainder();
    mem.write_bytes(start + data.len() - tail.len(), tail);
}
