//! Timing of the four benchmark kernels of issue 5 (sgemm 512², a shared
//! tree reduction of 2^24 values, a 2048² five-point stencil, a 256-bin
//! histogram of 16 MiB): the executor against the generated Rust, and a
//! plain rayon sgemm as a yardstick. Ignored by default (it measures, it
//! does not check): `cargo test --release -p cudawasm-gen-cpu --test speed
//! -- --ignored --nocapture`. The real benchmark crate is `benches`.

use cuda_compiler::back::cpu::compile_checked;
use cuda_compiler::Options;
use cuda_cpu::{Dim3, GlobalBuffer, KernelArg, LaunchDims, LaunchOptions, ScalarArg};
use cudawasm_gen_cpu::{generated, Kernel};
use rayon_free_sgemm::sgemm;
use std::path::PathBuf;
use std::time::Instant;

mod rayon_free_sgemm {
    /// A straightforward row-parallel sgemm on std threads (i-k-j order),
    /// the kind of code one writes by hand.
    pub fn sgemm(n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
        let rows = n.div_ceil(threads);
        std::thread::scope(|s| {
            for (t, chunk) in c.chunks_mut(rows * n).enumerate() {
                s.spawn(move || {
                    for (ri, row) in chunk.chunks_mut(n).enumerate() {
                        let i = t * rows + ri;
                        for k in 0..n {
                            let aik = a[i * n + k];
                            for (j, x) in row.iter_mut().enumerate() {
                                *x += aik * b[k * n + j];
                            }
                        }
                    }
                });
            }
        });
    }
}

fn exec(file: &str, kernel: &str) -> Kernel {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../conformance")
        .join(file);
    let checked = cuda_compiler::check_file(&path, &Options::default());
    match compile_checked(&checked, kernel) {
        Ok(k) => k,
        Err(d) => panic!("{d:?}"),
    }
}

fn gen(plan: &str, kernel: &str) -> Kernel {
    match generated(plan, kernel) {
        Some(Ok(k)) => k,
        other => panic!("{plan}/{kernel}: {:?}", other.map(|r| r.err())),
    }
}

fn time(k: &Kernel, dims: &LaunchDims, args: &[KernelArg<'_>], opts: &LaunchOptions) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        if let Err(e) = k.launch(dims, args, opts) {
            panic!("{e}");
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    best
}

fn report(what: &str, e: f64, g: f64) {
    println!(
        "{what:<28} executor {e:9.2} ms   generated {g:9.2} ms   ({:.1}x)",
        e / g
    );
}

#[test]
#[ignore]
fn speed() {
    let checks = LaunchOptions::default();
    let bufs = |n: usize, f: &dyn Fn(usize) -> f32| {
        let v: Vec<u8> = (0..n).flat_map(|i| f(i).to_le_bytes()).collect();
        GlobalBuffer::from_bytes(&v)
    };
    // sgemm 512²
    let n = 512usize;
    let a = bufs(n * n, &|i| (i % 7) as f32 * 0.5);
    let b = bufs(n * n, &|i| (i % 5) as f32 - 2.0);
    let c = bufs(n * n, &|_| 0.0);
    let args = [
        KernelArg::Scalar(ScalarArg::I32(n as i32)),
        KernelArg::Scalar(ScalarArg::I32(n as i32)),
        KernelArg::Scalar(ScalarArg::I32(n as i32)),
        KernelArg::Scalar(ScalarArg::F32(1.0)),
        KernelArg::Buffer {
            buf: &a,
            offset_bytes: 0,
        },
        KernelArg::Buffer {
            buf: &b,
            offset_bytes: 0,
        },
        KernelArg::Scalar(ScalarArg::F32(0.0)),
        KernelArg::Buffer {
            buf: &c,
            offset_bytes: 0,
        },
    ];
    let dims = LaunchDims {
        grid: Dim3::new(32, 32, 1),
        block: Dim3::new(16, 16, 1),
        dynamic_shared_bytes: 0,
    };
    let e = time(
        &exec("sgemm_tiled.cu", "sgemm_tiled"),
        &dims,
        &args,
        &checks,
    );
    let g = time(&gen("sgemm_tiled", "sgemm_tiled"), &dims, &args, &checks);
    report("sgemm_tiled 512^2", e, g);
    let off = LaunchOptions {
        bounds_checks: false,
        ..LaunchOptions::default()
    };
    let g2 = time(&gen("sgemm_tiled", "sgemm_tiled"), &dims, &args, &off);
    report("  (generated, unchecked)", e, g2);
    let av: Vec<f32> = (0..n * n).map(|i| (i % 7) as f32 * 0.5).collect();
    let bv: Vec<f32> = (0..n * n).map(|i| (i % 5) as f32 - 2.0).collect();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let mut cv = vec![0f32; n * n];
        let t = Instant::now();
        sgemm(n, &av, &bv, &mut cv);
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{:<28} hand-written {best:9.2} ms",
        "  sgemm by hand (threads)"
    );

    // reduction of 2^24 ints, 256 threads, 2 per thread
    let n = 1usize << 24;
    let input = GlobalBuffer::from_bytes(
        &(0..n)
            .flat_map(|i| ((i % 3) as i32).to_le_bytes())
            .collect::<Vec<u8>>(),
    );
    let blocks = n / 512;
    let out = GlobalBuffer::zeroed(blocks * 4);
    let args = [
        KernelArg::Buffer {
            buf: &input,
            offset_bytes: 0,
        },
        KernelArg::Buffer {
            buf: &out,
            offset_bytes: 0,
        },
        KernelArg::Scalar(ScalarArg::U32(n as u32)),
    ];
    let dims = LaunchDims {
        grid: Dim3::new(blocks as u32, 1, 1),
        block: Dim3::new(256, 1, 1),
        dynamic_shared_bytes: 0,
    };
    let e = time(
        &exec("reduce_shared_tree.cu", "reduce3"),
        &dims,
        &args,
        &checks,
    );
    let g = time(&gen("reduce_shared_tree", "reduce3"), &dims, &args, &checks);
    report("reduce3 2^24", e, g);

    // stencil 2048²
    let n = 2048usize;
    let u = bufs(n * n, &|i| (i % 11) as f32);
    let lap = bufs(n * n, &|_| 0.0);
    let args = [
        KernelArg::Buffer {
            buf: &u,
            offset_bytes: 0,
        },
        KernelArg::Buffer {
            buf: &lap,
            offset_bytes: 0,
        },
        KernelArg::Scalar(ScalarArg::I32(n as i32)),
        KernelArg::Scalar(ScalarArg::I32(n as i32)),
        KernelArg::Scalar(ScalarArg::F32(-4.0)),
        KernelArg::Scalar(ScalarArg::F32(1.0)),
    ];
    let dims = LaunchDims {
        grid: Dim3::new(128, 128, 1),
        block: Dim3::new(16, 16, 1),
        dynamic_shared_bytes: 0,
    };
    let e = time(
        &exec("stencil_2d_5pt.cu", "laplacian5"),
        &dims,
        &args,
        &checks,
    );
    let g = time(&gen("stencil_2d_5pt", "laplacian5"), &dims, &args, &checks);
    report("laplacian5 2048^2", e, g);

    // histogram of 16 MiB
    let bytes = 1usize << 24;
    let data = GlobalBuffer::from_bytes(
        &(0..bytes)
            .map(|i| ((i * 2654435761usize) >> 7) as u8)
            .collect::<Vec<u8>>(),
    );
    let hist = GlobalBuffer::zeroed(256 * 4);
    let args = [
        KernelArg::Buffer {
            buf: &data,
            offset_bytes: 0,
        },
        KernelArg::Buffer {
            buf: &hist,
            offset_bytes: 0,
        },
        KernelArg::Scalar(ScalarArg::I32((bytes / 4) as i32)),
    ];
    let dims = LaunchDims {
        grid: Dim3::new(240, 1, 1),
        block: Dim3::new(256, 1, 1),
        dynamic_shared_bytes: 0,
    };
    let e = time(
        &exec("histogram_shared_atomics.cu", "histogram256_shared"),
        &dims,
        &args,
        &checks,
    );
    let g = time(
        &gen("histogram_shared_atomics", "histogram256_shared"),
        &dims,
        &args,
        &checks,
    );
    report("histogram256 16 MiB", e, g);
}
