//! The CUDA backend. On a machine without the NVIDIA driver (CI): asking
//! for CUDA is an `Err` naming the missing driver, never a panic, and
//! `Device::auto()` falls back. With a driver (the device machine), the
//! hand-written PTX kernels of `tests/ptx/test_kernels.ptx` run: pointers,
//! scalars, a struct by value, a view's offset, dynamic shared memory past
//! 48 KiB, streams, CUDA-event timing and the skip reason of a kernel
//! without PTX. Set `CUDAWASM_REQUIRE_CUDA=1` to fail instead of skipping
//! when no CUDA device is found.

#![allow(clippy::unwrap_used)]

use cuda_rt::{
    BackendKind, Device, Dim3, Error, KernelArg, KernelArtifact, LaunchConfig, ParamInfo,
    ParamKind, PtxKernel, ScalarType, Target, TargetSkip,
};
use std::process::Command;

const PTX: &str = include_str!("ptx/test_kernels.ptx");

fn scalar(name: &str, ty: ScalarType) -> ParamInfo {
    ParamInfo {
        name: name.into(),
        cuda_type: ty.cuda_name().into(),
        kind: ParamKind::Scalar(ty),
    }
}

fn pointer(name: &str, size: u32) -> ParamInfo {
    ParamInfo {
        name: name.into(),
        cuda_type: "void *".into(),
        kind: ParamKind::Pointer {
            pointee_size: size,
            pointee_align: size,
            read_only: false,
        },
    }
}

fn artifact(entry: &str, params: Vec<ParamInfo>) -> KernelArtifact {
    KernelArtifact {
        name: entry.into(),
        params,
        ptx: Some(PtxKernel {
            source: PTX.into(),
            entry_point: entry.into(),
            target: "sm_70".into(),
        }),
        ..KernelArtifact::default()
    }
}

/// The CUDA device, or `None` (with a line saying why) where there is none.
fn cuda() -> Option<Device> {
    match Device::new(BackendKind::Cuda) {
        Ok(d) => Some(d),
        Err(e) => {
            if std::env::var_os("CUDAWASM_REQUIRE_CUDA").is_some() {
                panic!("CUDAWASM_REQUIRE_CUDA is set but there is no CUDA device: {e}");
            }
            eprintln!("skipping: no CUDA device ({e})");
            None
        }
    }
}

#[test]
fn missing_driver_is_an_error_and_auto_falls_back() {
    match Device::new(BackendKind::Cuda) {
        Ok(d) => {
            assert_eq!(d.backend(), BackendKind::Cuda);
            assert_eq!(Device::auto().unwrap().backend(), BackendKind::Cuda);
        }
        Err(e) => {
            let text = e.to_string();
            assert!(matches!(e, Error::BackendUnavailable { .. }), "{e:?}");
            assert!(text.contains("cuda"), "{text}");
            // Names what is missing and what to do.
            assert!(text.contains("driver") || text.contains("device"), "{text}");
            assert!(text.contains("--backend"), "{text}");
            if std::env::var_os("CUDA_RT_BACKEND").is_none() {
                assert_ne!(Device::auto().unwrap().backend(), BackendKind::Cuda);
            }
            assert!(Device::from_name("cuda").is_err());
        }
    }
    // Listing never panics and always has the CPU.
    let list = Device::list();
    assert!(list.iter().any(|d| d.backend == BackendKind::Cpu));
}

#[test]
fn entry_names_are_read_from_ptx() {
    assert_eq!(
        cuda_rt::ptx_entry_names(PTX),
        vec!["saxpy", "value_param", "big_shared", "empty"]
    );
    let nvcc_style = ".weak .entry _Z6reduceIfLi256EEvPKfPfi(\n.visible .entry _Z5saxpyifPKfPf(";
    assert_eq!(
        cuda_rt::ptx_entry_names(nvcc_style),
        vec!["_Z6reduceIfLi256EEvPKfPfi", "_Z5saxpyifPKfPf"]
    );
}

/// The test PTX is valid for ptxas (where ptxas is installed).
#[test]
fn test_ptx_assembles() {
    let Some(ptxas) = std::env::var_os("CUDAWASM_PTXAS") else {
        if std::env::var_os("CUDAWASM_REQUIRE_PTXAS").is_some() {
            panic!("CUDAWASM_REQUIRE_PTXAS is set but CUDAWASM_PTXAS is not");
        }
        eprintln!("skipping: CUDAWASM_PTXAS not set");
        return;
    };
    let dir = std::env::temp_dir().join(format!("cudart-ptx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("k.ptx");
    std::fs::write(&src, PTX).unwrap();
    let out = Command::new(ptxas)
        .args(["-arch=sm_90", "-o"])
        .arg(dir.join("k.cubin"))
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn saxpy_with_view_offset_and_event_time() {
    let Some(dev) = cuda() else { return };
    let k = artifact(
        "saxpy",
        vec![
            scalar("n", ScalarType::U32),
            scalar("a", ScalarType::F32),
            pointer("x", 4),
            pointer("y", 4),
        ],
    );
    let n = 100_000usize;
    let x: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
    let y0: Vec<f32> = (0..n + 3).map(|i| 1.0 + i as f32).collect();
    let xb = dev.upload(&x).unwrap();
    let yb = dev.upload(&y0).unwrap();
    let stream = dev.stream();
    let start = stream.record_event().unwrap();
    stream
        .launch(
            &k,
            &LaunchConfig::for_elems(n as u32),
            &[
                (n as u32).into(),
                2.0f32.into(),
                (&xb).into(),
                yb.slice(3..).unwrap().into(),
            ],
        )
        .unwrap();
    let end = stream.record_event().unwrap();
    let ms = start.elapsed_ms(&end).unwrap();
    assert!((0.0..1000.0).contains(&ms), "{ms}");
    let y = yb.download().unwrap();
    for i in 0..3 {
        assert_eq!(y[i], y0[i]);
    }
    for i in 0..n {
        assert_eq!(y[i + 3], 2.0f32.mul_add(x[i], y0[i + 3]), "at {i}");
    }
}

#[test]
fn struct_by_value_and_bool() {
    let Some(dev) = cuda() else { return };
    let k = artifact(
        "value_param",
        vec![
            ParamInfo {
                name: "s".into(),
                cuda_type: "S".into(),
                kind: ParamKind::Value { size: 16, align: 8 },
            },
            scalar("flag", ScalarType::Bool),
            pointer("out", 8),
        ],
    );
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&7i32.to_le_bytes());
    bytes.extend_from_slice(&[0u8; 4]);
    bytes.extend_from_slice(&0.25f64.to_le_bytes());
    let out = dev.alloc_zeroed::<f64>(1).unwrap();
    let one = LaunchConfig::linear(1, 1);
    dev.launch(
        &k,
        &one,
        &[KernelArg::bytes(&bytes[..]), true.into(), (&out).into()],
    )
    .unwrap();
    assert_eq!(out.download().unwrap(), vec![7.25]);
    dev.launch(
        &k,
        &one,
        &[KernelArg::bytes(&bytes[..]), false.into(), (&out).into()],
    )
    .unwrap();
    assert_eq!(out.download().unwrap(), vec![-1.0]);
}

#[test]
fn dynamic_shared_memory_past_48k() {
    let Some(dev) = cuda() else { return };
    let k = artifact(
        "big_shared",
        vec![scalar("words", ScalarType::U32), pointer("out", 4)],
    );
    let out = dev.alloc_zeroed::<u32>(1).unwrap();
    for words in [1024u32, 20_000] {
        let config = LaunchConfig::linear(1, 1).with_shared_bytes(words * 4);
        dev.launch(&k, &config, &[words.into(), (&out).into()])
            .unwrap();
        assert_eq!(out.download().unwrap(), vec![words]);
    }
    // Past the device's limit: an error naming the limit, not a crash.
    let config = LaunchConfig::linear(1, 1).with_shared_bytes(1 << 20);
    let err = dev
        .launch(&k, &config, &[(1u32 << 18).into(), (&out).into()])
        .unwrap_err();
    assert!(err.to_string().contains("sharedMemPerBlockOptin"), "{err}");
}

#[test]
fn missing_entry_and_skipped_kernel_are_errors() {
    let Some(dev) = cuda() else { return };
    let mut k = artifact("no_such_kernel", vec![]);
    let err = dev
        .launch(&k, &LaunchConfig::linear(1, 1), &[])
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("CUDA_ERROR_NOT_FOUND"), "{text}");
    assert!(text.contains("saxpy"), "lists the module's entries: {text}");
    k.ptx = None;
    k.skipped = vec![TargetSkip {
        target: Target::Ptx,
        reason: "unsupported on cuda: something (k.cu:3:5)".into(),
    }];
    let err = dev
        .launch(&k, &LaunchConfig::linear(1, 1), &[])
        .unwrap_err();
    assert!(err.to_string().contains("k.cu:3:5"), "{err}");
}

#[test]
fn copies_and_pool_reuse() {
    let Some(dev) = cuda() else { return };
    let a = dev.upload(&[1u32, 2, 3, 4, 5]).unwrap();
    let mut b = dev.alloc_zeroed::<u32>(5).unwrap();
    b.copy_from_slice(1, a.slice(0..3).unwrap()).unwrap();
    assert_eq!(b.download().unwrap(), vec![0, 1, 2, 3, 0]);
    drop(a);
    let c = dev.alloc::<u32>(5).unwrap();
    assert!(dev.pool_stats().hits >= 1);
    drop(c);
    dev.trim();
    assert_eq!(dev.pool_stats().cached(), 0);
}

/// Launch overhead: host time per launch of an empty kernel, in bursts of
/// 256 (well inside the driver's launch queue, so the host never waits on
/// the GPU), and the time until a long run of launches has finished
/// (the GPU's throughput of empty kernels). `cargo test --release --test
/// cuda_backend -- --ignored --nocapture`; prints the figures, asserts no
/// time.
#[test]
#[ignore = "a measurement: run on the device machine"]
fn launch_overhead() {
    let Some(dev) = cuda() else { return };
    let k = artifact("empty", vec![]);
    let config = LaunchConfig {
        grid: Dim3::new(1, 1, 1),
        block: Dim3::new(32, 1, 1),
        shared_bytes: 0,
    };
    for _ in 0..1000 {
        dev.launch(&k, &config, &[]).unwrap();
    }
    dev.synchronize().unwrap();
    let (bursts, burst) = (200, 256);
    let mut host = std::time::Duration::ZERO;
    for _ in 0..bursts {
        let t = std::time::Instant::now();
        for _ in 0..burst {
            dev.launch(&k, &config, &[]).unwrap();
        }
        host += t.elapsed();
        dev.synchronize().unwrap();
    }
    let n = 100_000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        dev.launch(&k, &config, &[]).unwrap();
    }
    dev.synchronize().unwrap();
    let total = t.elapsed();
    println!(
        "launch overhead (empty kernel): {:.2} us of host time per launch (bursts of {burst}); \
         {:.2} us per launch over {n} back-to-back launches until all finished",
        host.as_secs_f64() * 1e6 / f64::from(bursts * burst),
        total.as_secs_f64() * 1e6 / n as f64
    );
}
