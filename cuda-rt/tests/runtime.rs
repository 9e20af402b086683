//! Runtime behaviour with a hand-written CPU kernel: pool reuse and
//! statistics, views, events, launches and their errors.

#![allow(clippy::unwrap_used)]

use cuda_cpu::{
    CpuKernel, Dim3, FaultKind, GlobalBuffer, KernelArg as CpuArg, KernelError, KernelFault,
    LaunchDims, LaunchOptions, ScalarArg,
};
use cuda_rt::{
    BackendKind, Device, Error, KernelArg, KernelArtifact, LaunchConfig, ParamInfo, ParamKind,
    PoolStats, ScalarType,
};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// `y[i] = a * x[i] + y[i]` for `i < n`, bounds-checked like the executor.
struct Saxpy;

fn load(buf: &GlobalBuffer, byte: u64) -> Option<f32> {
    if byte + 4 > buf.len() as u64 {
        return None;
    }
    let w = buf.words().get((byte / 4) as usize)?;
    Some(f32::from_bits(w.load(Ordering::Relaxed)))
}

fn store(buf: &GlobalBuffer, byte: u64, v: f32) -> Option<()> {
    if byte + 4 > buf.len() as u64 {
        return None;
    }
    buf.words()
        .get((byte / 4) as usize)?
        .store(v.to_bits(), Ordering::Relaxed);
    Some(())
}

impl CpuKernel for Saxpy {
    fn name(&self) -> &str {
        "saxpy"
    }

    fn launch(
        &self,
        dims: &LaunchDims,
        args: &[CpuArg<'_>],
        _opts: &LaunchOptions,
    ) -> Result<(), KernelError> {
        let bad = |m: &str| KernelError::BadArguments {
            kernel: "saxpy".into(),
            message: m.into(),
        };
        let [CpuArg::Scalar(ScalarArg::I32(n)), CpuArg::Scalar(ScalarArg::F32(a)), CpuArg::Buffer {
            buf: x,
            offset_bytes: xo,
        }, CpuArg::Buffer {
            buf: y,
            offset_bytes: yo,
        }] = args
        else {
            return Err(bad("expected (int, float, float*, float*)"));
        };
        for b in 0..dims.grid.x {
            for t in 0..dims.block.x {
                let i = u64::from(b * dims.block.x + t);
                if i >= *n as u64 {
                    continue;
                }
                let fault = |len: usize, off: u64| {
                    KernelError::Fault(KernelFault {
                        kernel: "saxpy".into(),
                        block: Dim3::new(b, 0, 0),
                        thread: Dim3::new(t, 0, 0),
                        location: None,
                        kind: FaultKind::OutOfBounds {
                            space: "global",
                            offset: off as i64,
                            size: 4,
                            len: len as u64,
                        },
                    })
                };
                let xi = load(x, xo + 4 * i).ok_or_else(|| fault(x.len(), xo + 4 * i))?;
                let yi = load(y, yo + 4 * i).ok_or_else(|| fault(y.len(), yo + 4 * i))?;
                store(y, yo + 4 * i, a * xi + yi).ok_or_else(|| fault(y.len(), yo + 4 * i))?;
            }
        }
        Ok(())
    }
}

fn saxpy() -> KernelArtifact {
    let ptr = |name: &str, read_only| ParamInfo {
        name: name.into(),
        cuda_type: if read_only {
            "const float *"
        } else {
            "float *"
        }
        .into(),
        kind: ParamKind::Pointer {
            pointee_size: 4,
            pointee_align: 4,
            read_only,
        },
    };
    let params = vec![
        ParamInfo {
            name: "n".into(),
            cuda_type: "int".into(),
            kind: ParamKind::Scalar(ScalarType::I32),
        },
        ParamInfo {
            name: "a".into(),
            cuda_type: "float".into(),
            kind: ParamKind::Scalar(ScalarType::F32),
        },
        ptr("x", true),
        ptr("y", false),
    ];
    KernelArtifact::cpu("saxpy", params, Arc::new(Saxpy))
}

#[test]
fn saxpy_runs_and_downloads() -> Result<(), Error> {
    let dev = Device::cpu();
    let x: Vec<f32> = (0..1000).map(|i| i as f32).collect();
    let xs = dev.upload(&x)?;
    let mut ys = dev.upload(&vec![1.0f32; 1000])?;
    let cfg = LaunchConfig::for_elems(1000);
    assert_eq!(cfg.grid, Dim3::new(4, 1, 1));
    dev.launch(
        &saxpy(),
        &cfg,
        &[
            1000i32.into(),
            2.0f32.into(),
            (&xs).into(),
            (&mut ys).into(),
        ],
    )?;
    let y = ys.download()?;
    assert_eq!(y[0], 1.0);
    assert_eq!(y[999], 1999.0);
    Ok(())
}

#[test]
fn slices_are_pointer_offsets() -> Result<(), Error> {
    let dev = Device::cpu();
    let xs = dev.upload(&[1.0f32; 8])?;
    let ys = dev.alloc_zeroed::<f32>(8)?;
    // y + 4 over 4 elements
    dev.launch(
        &saxpy(),
        &LaunchConfig::linear(1, 32),
        &[
            4i32.into(),
            3.0f32.into(),
            (&xs).into(),
            ys.slice(4..)?.into(),
        ],
    )?;
    assert_eq!(ys.download()?, vec![0.0, 0.0, 0.0, 0.0, 3.0, 3.0, 3.0, 3.0]);
    assert_eq!(ys.slice(2..6)?.download()?, vec![0.0, 0.0, 3.0, 3.0]);
    assert_eq!(ys.slice(2..6)?.slice(1..=2)?.download()?, vec![0.0, 3.0]);
    assert_eq!(ys.slice(..)?.len(), 8);
    let err = ys.slice(6..9).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "range 6..9 is out of bounds of a buffer of 8 elements"
    );
    // Running past the end of a view's buffer is a fault naming the kernel.
    let err = dev
        .launch(
            &saxpy(),
            &LaunchConfig::linear(1, 32),
            &[
                5i32.into(),
                3.0f32.into(),
                (&xs).into(),
                ys.slice(4..)?.into(),
            ],
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "kernel `saxpy` faulted in block (0, 0, 0) thread (4, 0, 0): out-of-bounds global \
         access of 4 bytes at byte offset 32 (object is 32 bytes)"
    );
    assert!(matches!(err, Error::Kernel(KernelError::Fault(_))));
    Ok(())
}

#[test]
fn pool_reuses_blocks_by_size_class_and_trims() -> Result<(), Error> {
    let dev = Device::cpu();
    assert_eq!(dev.pool_stats(), PoolStats::default());
    let a = dev.alloc::<f32>(250)?; // 1000 bytes → class 1024
    assert_eq!(
        dev.pool_stats(),
        PoolStats {
            allocated: 1024,
            in_use: 1024,
            hits: 0,
            misses: 1
        }
    );
    drop(a);
    assert_eq!(dev.pool_stats().in_use, 0);
    assert_eq!(dev.pool_stats().cached(), 1024);
    let b = dev.alloc::<u8>(600)?; // class 1024 again: a hit
    let c = dev.alloc::<u8>(10)?; // class 256: a miss
    assert_eq!(
        dev.pool_stats(),
        PoolStats {
            allocated: 1280,
            in_use: 1280,
            hits: 1,
            misses: 2
        }
    );
    drop(b);
    dev.trim();
    assert_eq!(
        dev.pool_stats(),
        PoolStats {
            allocated: 256,
            in_use: 256,
            hits: 1,
            misses: 2
        }
    );
    drop(c);
    dev.trim();
    assert_eq!(dev.pool_stats().allocated, 0);
    assert_eq!(cuda_rt::size_class(0), Some(256));
    assert_eq!(cuda_rt::size_class(257), Some(512));
    assert_eq!(cuda_rt::size_class(u64::MAX), None);
    Ok(())
}

#[test]
fn reused_block_still_faults_past_the_request() -> Result<(), Error> {
    let dev = Device::cpu();
    drop(dev.alloc::<f32>(256)?); // 1024 bytes cached
    let xs = dev.upload(&[1.0f32; 200])?; // 800 bytes from the cached block
    assert_eq!(dev.pool_stats().hits, 1);
    let ys = dev.alloc_zeroed::<f32>(256)?;
    let err = dev
        .launch(
            &saxpy(),
            &LaunchConfig::linear(1, 256),
            &[256i32.into(), 1.0f32.into(), (&xs).into(), (&ys).into()],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("at byte offset 800 (object is 800 bytes)"),
        "{err}"
    );
    Ok(())
}

#[test]
fn copies_and_size_errors() -> Result<(), Error> {
    let dev = Device::cpu();
    let a = dev.upload(&[1u16, 2, 3, 4, 5])?;
    let mut b = dev.alloc_zeroed::<u16>(5)?;
    b.copy_from(&a)?;
    assert_eq!(b.download()?, vec![1, 2, 3, 4, 5]);
    b.copy_from_slice(1, a.slice(3..)?)?;
    assert_eq!(b.download()?, vec![1, 4, 5, 4, 5]);
    let err = b.copy_from_slice(4, a.slice(3..)?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "range 4..6 is out of bounds of a buffer of 5 elements"
    );
    let err = b.upload(&[1, 2]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "size mismatch in upload: 5 elements expected, 2 given (make both sides the same length)"
    );
    let other = Device::cpu();
    let c = other.upload(&[9u16; 5])?;
    let err = b.copy_from(&c).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the source buffer of a copy belongs to another device (create it on the device that uses it)"
    );
    // Unaligned byte lengths round-trip.
    let odd = dev.upload(&[7u8, 8, 9])?;
    assert_eq!(odd.download()?, vec![7, 8, 9]);
    assert_eq!(odd.slice(1..)?.download()?, vec![8, 9]);
    Ok(())
}

#[test]
fn events_time_stream_work() -> Result<(), Error> {
    let dev = Device::cpu();
    let stream = dev.stream();
    let start = stream.record_event()?;
    let xs = dev.upload(&[1.0f32; 4096])?;
    let ys = dev.alloc_zeroed::<f32>(4096)?;
    stream.launch(
        &saxpy(),
        &LaunchConfig::for_elems(4096),
        &[4096i32.into(), 1.0f32.into(), (&xs).into(), (&ys).into()],
    )?;
    let end = stream.record_event()?;
    let ms = start.elapsed_ms(&end)?;
    assert!(ms >= 0.0);
    assert!(end.elapsed_ms(&start)? <= 0.0);
    stream.synchronize()?;
    end.synchronize()?;
    let never = cuda_rt::Event::new();
    assert!(!never.is_recorded());
    assert_eq!(
        start.elapsed_ms(&never).unwrap_err().to_string(),
        "event not recorded yet (call `Stream::record` before querying it)"
    );
    let elsewhere = Device::cpu().stream().record_event()?;
    assert_eq!(
        start.elapsed_ms(&elsewhere).unwrap_err().to_string(),
        "an event of `elapsed_ms` belongs to another device (create it on the device that uses it)"
    );
    Ok(())
}

#[test]
fn launch_arguments_are_checked() -> Result<(), Error> {
    let dev = Device::cpu();
    let xs = dev.upload(&[1.0f32; 4])?;
    let k = saxpy();
    let cfg = LaunchConfig::linear(1, 4);
    let msg = |args: &[KernelArg<'_>]| dev.launch(&k, &cfg, args).unwrap_err().to_string();
    assert_eq!(
        msg(&[4i32.into()]),
        "bad arguments for kernel `saxpy`: the kernel takes 4 arguments, 1 given"
    );
    assert_eq!(
        msg(&[4u32.into(), 1.0f32.into(), (&xs).into(), (&xs).into()]),
        "bad arguments for kernel `saxpy`: argument 1 (`n` of type `int`): a `unsigned int` \
         scalar given where the parameter takes `int`"
    );
    assert_eq!(
        msg(&[4i32.into(), (&xs).into(), (&xs).into(), (&xs).into()]),
        "bad arguments for kernel `saxpy`: argument 2 (`a` of type `float`): takes a scalar, \
         a buffer given"
    );
    let other = Device::cpu().upload(&[1.0f32; 4])?;
    assert_eq!(
        msg(&[4i32.into(), 1.0f32.into(), (&other).into(), (&xs).into()]),
        "a buffer argument belongs to another device (create it on the device that uses it)"
    );
    let big = LaunchConfig::linear(1, 2048);
    assert_eq!(
        dev.launch(&k, &big, &[]).unwrap_err().to_string(),
        "bad launch configuration for kernel `saxpy`: block (2048, 1, 1) has 2048 threads; \
         CUDA allows at most 1024 (and z ≤ 64)"
    );
    let zero = LaunchConfig::linear(0, 32);
    assert_eq!(
        dev.launch(&k, &zero, &[]).unwrap_err().to_string(),
        "bad launch configuration for kernel `saxpy`: grid (0, 1, 1) and block (32, 1, 1) must \
         have no zero dimension"
    );
    let no_cpu = KernelArtifact {
        cpu: None,
        ..saxpy()
    };
    assert_eq!(
        dev.launch(&no_cpu, &cfg, &[]).unwrap_err().to_string(),
        "kernel `saxpy` has no code for backend `cpu` (compile it for that target or pick another backend)"
    );
    Ok(())
}

#[test]
fn backends_that_are_missing_say_so() {
    // wgpu: a device when an adapter exists, else an error saying what to
    // install (tests/wgpu.rs covers the device itself).
    if let Err(err) = Device::from_name("wgpu") {
        assert!(
            err.to_string()
                .starts_with("backend `wgpu` is not available: no WebGPU adapter found"),
            "{err}"
        );
    }
    assert!(Device::new(BackendKind::Cuda).is_err());
    assert_eq!(
        Device::from_name("tpu").unwrap_err().to_string(),
        "unknown backend `tpu`: expected one of `auto`, `cpu`, `wgpu`, `cuda`"
    );
    // `auto` never picks a software adapter over the CPU.
    let auto = Device::from_name("auto").unwrap();
    assert!(
        !(auto.backend() == BackendKind::Wgpu && auto.info().name.contains("software adapter")),
        "{}",
        auto.info()
    );
    let list = Device::list();
    let cpu: Vec<_> = list
        .iter()
        .filter(|d| d.backend == BackendKind::Cpu)
        .collect();
    assert_eq!(cpu.len(), 1, "{list:?}");
    assert!(cpu[0].to_string().starts_with("cpu: "));
}

#[test]
fn huge_allocations_fail_cleanly() {
    let dev = Device::cpu();
    let err = dev.alloc::<u8>(usize::MAX / 2).unwrap_err();
    assert!(matches!(err, Error::OutOfMemory { .. }), "{err}");
    let err = dev.alloc::<f64>(usize::MAX / 4).unwrap_err();
    assert!(matches!(err, Error::OutOfRange { .. }), "{err}");
}
