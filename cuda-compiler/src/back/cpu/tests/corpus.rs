//! Conformance kernels against references computed in Rust.

use super::*;
use std::time::Instant;

#[test]
fn vector_add() {
    let k = corpus_kernel("vector_add_host.cu", "vectorAdd");
    let n = 1000;
    let a: Vec<f32> = lcg(n, 1)
        .iter()
        .map(|&x| (x % 1000) as f32 * 0.25)
        .collect();
    let b: Vec<f32> = lcg(n, 2).iter().map(|&x| (x % 1000) as f32 * 0.5).collect();
    let (ba, bb, bc) = (buf_f32(&a), buf_f32(&b), buf_f32(&vec![0.0; n]));
    run(
        &*k,
        dims((4, 1), (256, 1), 0),
        &[ptr(&ba), ptr(&bb), ptr(&bc), i32a(n as i32)],
    );
    let c = read_f32(&bc);
    for i in 0..n {
        assert_eq!(c[i].to_bits(), (a[i] + b[i]).to_bits(), "at {i}");
    }
}

#[test]
fn reduce_shared_tree_kernels() {
    let n = 1 << 14;
    let input: Vec<u32> = lcg(n, 3).iter().map(|&x| x % 100).collect();
    let total: u32 = input.iter().sum();
    for (name, per_block) in [
        ("reduce0", 256),
        ("reduce1", 256),
        ("reduce2", 256),
        ("reduce3", 512),
    ] {
        let k = corpus_kernel("reduce_shared_tree.cu", name);
        let blocks = (n / per_block) as u32;
        let (bi, bo) = (buf_u32(&input), buf_u32(&vec![0; blocks as usize]));
        run(
            &*k,
            dims((blocks, 1), (256, 1), 0),
            &[ptr(&bi), ptr(&bo), u32a(n as u32)],
        );
        let out = read_u32(&bo);
        for (b, v) in out.iter().enumerate() {
            let want: u32 = input[b * per_block..(b + 1) * per_block].iter().sum();
            assert_eq!(*v, want, "{name} block {b}");
        }
        assert_eq!(out.iter().sum::<u32>(), total);
    }
}

/// The old warp-synchronous tail (reduce5 of the cuda-samples): relies on
/// warp lockstep through `volatile` shared memory, without `__syncwarp`.
const VOLATILE_TAIL: &str = r#"
template <class T, unsigned int blockSize>
__device__ void warpReduce(volatile T *sdata, unsigned int tid)
{
    if (blockSize >= 64) sdata[tid] += sdata[tid + 32];
    if (blockSize >= 32) sdata[tid] += sdata[tid + 16];
    if (blockSize >= 16) sdata[tid] += sdata[tid + 8];
    if (blockSize >= 8) sdata[tid] += sdata[tid + 4];
    if (blockSize >= 4) sdata[tid] += sdata[tid + 2];
    if (blockSize >= 2) sdata[tid] += sdata[tid + 1];
}

template <class T, unsigned int blockSize>
__global__ void reduce5(T *g_idata, T *g_odata, unsigned int n)
{
    extern __shared__ T sdata[];
    unsigned int tid = threadIdx.x;
    unsigned int i = blockIdx.x * (blockSize * 2) + threadIdx.x;
    T mySum = (i < n) ? g_idata[i] : 0;
    if (i + blockSize < n) mySum += g_idata[i + blockSize];
    sdata[tid] = mySum;
    __syncthreads();
    if (blockSize >= 512) { if (tid < 256) { sdata[tid] = mySum = mySum + sdata[tid + 256]; } __syncthreads(); }
    if (blockSize >= 256) { if (tid < 128) { sdata[tid] = mySum = mySum + sdata[tid + 128]; } __syncthreads(); }
    if (blockSize >= 128) { if (tid < 64) { sdata[tid] = mySum = mySum + sdata[tid + 64]; } __syncthreads(); }
    if (tid < 32) warpReduce<T, blockSize>(sdata, tid);
    if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}
template __global__ void reduce5<int, 128>(int *g_idata, int *g_odata, unsigned int n);
template __global__ void reduce5<float, 256>(float *g_idata, float *g_odata, unsigned int n);
"#;

#[test]
fn reduce_template_volatile_warp_tail() {
    let k = snippet_kernel(VOLATILE_TAIL, "reduce5<int, 128>");
    let n = 1 << 12;
    let input: Vec<u32> = lcg(n, 4).iter().map(|&x| x % 1000).collect();
    let blocks = (n / 256) as u32;
    let (bi, bo) = (buf_u32(&input), buf_u32(&vec![0; blocks as usize]));
    run(
        &*k,
        dims((blocks, 1), (128, 1), 128 * 4),
        &[ptr(&bi), ptr(&bo), u32a(n as u32)],
    );
    for (b, v) in read_u32(&bo).iter().enumerate() {
        let want: u32 = input[b * 256..(b + 1) * 256].iter().sum();
        assert_eq!(*v, want, "block {b}");
    }
    let kf = snippet_kernel(VOLATILE_TAIL, "reduce5<float, 256>");
    let inf: Vec<f32> = input.iter().map(|&x| x as f32).collect();
    let blocks = (n / 512) as u32;
    let (bi, bo) = (buf_f32(&inf), buf_f32(&vec![0.0; blocks as usize]));
    run(
        &*kf,
        dims((blocks, 1), (256, 1), 256 * 4),
        &[ptr(&bi), ptr(&bo), u32a(n as u32)],
    );
    for (b, v) in read_f32(&bo).iter().enumerate() {
        let want: f32 = inf[b * 512..(b + 1) * 512].iter().sum();
        assert_eq!(*v, want, "block {b}");
    }
}

#[test]
fn reduce_warp_shuffle_2_pow_20() {
    let k = corpus_kernel("reduce_warp_shuffle.cu", "deviceReduceKernel");
    let n = 1 << 20;
    let input: Vec<f32> = lcg(n, 5).iter().map(|&x| (x % 64) as f32).collect();
    let want: f64 = input.iter().map(|&x| f64::from(x)).sum();
    let blocks = 1024u32;
    let (bi, bo) = (buf_f32(&input), buf_f32(&vec![0.0; blocks as usize]));
    let t = Instant::now();
    run(
        &*k,
        dims((blocks, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    eprintln!(
        "reduction of 2^20 floats (deviceReduceKernel): {:?}",
        t.elapsed()
    );
    let got: f64 = read_f32(&bo).iter().map(|&x| f64::from(x)).sum();
    assert_eq!(got, want);
    let k2 = corpus_kernel("reduce_warp_shuffle.cu", "deviceReduceWarpAtomicKernel");
    let bo = buf_f32(&[0.0]);
    run(
        &*k2,
        dims((64, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    assert_eq!(f64::from(read_f32(&bo)[0]), want);
}

#[test]
fn cooperative_groups_block_and_tile_sums() {
    let n = 4096;
    let input: Vec<u32> = lcg(n, 6).iter().map(|&x| x % 100).collect();
    let want: u32 = input.iter().sum();
    let bi = buf_u32(&input);
    for (name, smem) in [("sum_kernel_block", 256 * 4), ("sum_kernel_tiles", 0)] {
        let k = corpus_kernel("cg_basics.cu", name);
        let bs = buf_u32(&[0]);
        run(
            &*k,
            dims((4, 1), (256, 1), smem),
            &[ptr(&bs), ptr(&bi), i32a(n as i32)],
        );
        assert_eq!(read_u32(&bs)[0], want, "{name}");
    }
}

#[test]
fn cooperative_groups_reduce() {
    let src = r#"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
using namespace cooperative_groups;
__global__ void r(const float *in, float *out, int n)
{
    __shared__ float warpSums[32];
    thread_block block = this_thread_block();
    thread_block_tile<32> tile = tiled_partition<32>(block);
    float v = 0.0f;
    for (int i = blockIdx.x * blockDim.x + block.thread_rank(); i < n; i += gridDim.x * blockDim.x) v += in[i];
    v = reduce(tile, v, plus<float>());
    if (tile.thread_rank() == 0) warpSums[tile.meta_group_rank()] = v;
    block.sync();
    if (tile.meta_group_rank() == 0) {
        v = (tile.thread_rank() < tile.meta_group_size()) ? warpSums[tile.thread_rank()] : 0.0f;
        v = reduce(tile, v, plus<float>());
        if (tile.thread_rank() == 0) atomicAdd(out, v);
    }
}
"#;
    let n = 100_000;
    let input: Vec<f32> = lcg(n, 6).iter().map(|&x| (x % 16) as f32).collect();
    let want: f32 = input.iter().map(|&x| f64::from(x)).sum::<f64>() as f32;
    let k = snippet_kernel(src, "r");
    let (bi, bo) = (buf_f32(&input), buf_f32(&[0.0]));
    run(
        &*k,
        dims((32, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    assert_eq!(read_f32(&bo)[0], want);
}

/// Kernels the CPU back end reports as unsupported, with the exact reason.
const UNSUPPORTED_ON_CPU: &[(&str, &str)] = &[(
    "soa_axpy",
    "unsupported: kernel parameters that are structs holding pointers on the CPU back end",
)];

/// Every kernel of every conformance file that the front end accepts
/// compiles for the CPU, except the listed unsupported ones, which must
/// fail with their stated reason.
#[test]
fn every_conformance_kernel_compiles() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let opts = crate::Options {
        include_dirs: vec![dir.join("include")],
        ..crate::Options::default()
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let (mut ok, mut failed) = (0, Vec::new());
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "cu"))
    {
        let checked = crate::check_file(path, &opts);
        let Some(module) = &checked.module else {
            continue;
        };
        for kernel in &module.kernels {
            let expected = UNSUPPORTED_ON_CPU
                .iter()
                .find(|(name, _)| *name == kernel.name)
                .map(|(_, why)| *why);
            match (
                crate::back::cpu::compile_checked(&checked, &kernel.name),
                expected,
            ) {
                (Ok(_), None) => ok += 1,
                (Err(d), Some(why)) if d.first().is_some_and(|d| d.message == why) => {}
                (Ok(_), Some(_)) => failed.push(format!(
                    "{}: {}: compiles now; remove it from UNSUPPORTED_ON_CPU",
                    path.display(),
                    kernel.name
                )),
                (Err(d), _) => failed.push(format!(
                    "{}: {}: {:?}",
                    path.display(),
                    kernel.name,
                    d.first().map(|d| &d.message)
                )),
            }
        }
    }
    eprintln!("{ok} conformance kernels compiled for the CPU");
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(ok > 60, "only {ok} kernels");
}

#[test]
fn scans() {
    let n = 256;
    let input: Vec<f32> = lcg(n, 7).iter().map(|&x| (x % 10) as f32).collect();
    let k = corpus_kernel("scan_hillis_steele.cu", "scan_hillis_steele");
    let (bi, bo) = (buf_f32(&input), buf_f32(&vec![0.0; n]));
    run(
        &*k,
        dims((1, 1), (n as u32, 1), 2 * n as u32 * 4),
        &[ptr(&bo), ptr(&bi), i32a(n as i32)],
    );
    let mut acc = 0.0;
    for (i, v) in read_f32(&bo).iter().enumerate() {
        assert_eq!(*v, acc, "at {i}");
        acc += input[i];
    }
    let k = corpus_kernel("scan_hillis_steele.cu", "warp_inclusive_scan");
    let data: Vec<u32> = lcg(1000, 8).iter().map(|&x| x % 100).collect();
    let bd = buf_u32(&data);
    run(&*k, dims((4, 1), (256, 1), 0), &[ptr(&bd), i32a(1000)]);
    let out = read_u32(&bd);
    for w in 0..data.len().div_ceil(32) {
        let mut acc = 0;
        for i in w * 32..((w + 1) * 32).min(data.len()) {
            acc += data[i];
            assert_eq!(out[i], acc, "at {i}");
        }
    }
}

#[test]
fn histogram_shared_atomics() {
    let n4 = 10_000;
    let bytes: Vec<u8> = lcg(n4 * 4, 9).iter().map(|&x| (x % 256) as u8).collect();
    let mut want = vec![0u32; 256];
    for b in &bytes {
        want[*b as usize] += 1;
    }
    let k = corpus_kernel("histogram_shared_atomics.cu", "histogram256_shared");
    let (bd, bh) = (GlobalBuffer::from_bytes(&bytes), buf_u32(&[0; 256]));
    run(
        &*k,
        dims((16, 1), (192, 1), 0),
        &[ptr(&bd), ptr(&bh), i32a(n4 as i32)],
    );
    assert_eq!(read_u32(&bh), want);
}

#[test]
fn stencil_laplacian() {
    let (nx, ny) = (70usize, 45usize);
    let input: Vec<f32> = lcg(nx * ny, 10)
        .iter()
        .map(|&x| (x % 1000) as f32 / 7.0)
        .collect();
    let k = corpus_kernel("stencil_2d_5pt.cu", "laplacian5");
    let (bi, bo) = (buf_f32(&input), buf_f32(&vec![0.0; nx * ny]));
    let (c0, c1) = (-4.0f32, 1.0f32);
    run(
        &*k,
        dims((5, 3), (16, 16), 0),
        &[
            ptr(&bi),
            ptr(&bo),
            i32a(nx as i32),
            i32a(ny as i32),
            f32a(c0),
            f32a(c1),
        ],
    );
    let out = read_f32(&bo);
    for y in 1..ny - 1 {
        for x in 1..nx - 1 {
            let i = y * nx + x;
            let want =
                c0 * input[i] + c1 * (input[i - 1] + input[i + 1] + input[i - nx] + input[i + nx]);
            assert!(close(out[i], want, 1e-5), "({x},{y}) {} vs {want}", out[i]);
        }
    }
    assert_eq!(out[0], 0.0);
}

#[test]
fn transpose_through_shared_tiles() {
    let (w, h) = (96usize, 96usize);
    let input: Vec<f32> = (0..w * h).map(|i| i as f32).collect();
    for name in [
        "transposeNaive",
        "transposeCoalesced",
        "transposeNoBankConflicts",
    ] {
        let k = corpus_kernel("transpose.cu", name);
        let (bi, bo) = (buf_f32(&input), buf_f32(&vec![0.0; w * h]));
        run(
            &*k,
            dims((w as u32 / 32, h as u32 / 32), (32, 8), 0),
            &[ptr(&bo), ptr(&bi)],
        );
        let out = read_f32(&bo);
        for y in 0..h {
            for x in 0..w {
                assert_eq!(out[x * h + y], input[y * w + x], "{name} ({x},{y})");
            }
        }
    }
}

#[test]
fn sgemm_tiled_256() {
    let n = 256usize;
    let a: Vec<f32> = lcg(n * n, 11)
        .iter()
        .map(|&x| (x % 17) as f32 - 8.0)
        .collect();
    let b: Vec<f32> = lcg(n * n, 12)
        .iter()
        .map(|&x| (x % 13) as f32 - 6.0)
        .collect();
    let c0: Vec<f32> = lcg(n * n, 13).iter().map(|&x| (x % 5) as f32).collect();
    let k = corpus_kernel("sgemm_tiled.cu", "sgemm_tiled");
    let (ba, bb, bc) = (buf_f32(&a), buf_f32(&b), buf_f32(&c0));
    let t = Instant::now();
    let ni = n as i32;
    run(
        &*k,
        dims((16, 16), (16, 16), 0),
        &[
            i32a(ni),
            i32a(ni),
            i32a(ni),
            f32a(1.5),
            ptr(&ba),
            ptr(&bb),
            f32a(0.5),
            ptr(&bc),
        ],
    );
    eprintln!("sgemm_tiled 256x256x256: {:?}", t.elapsed());
    let c = read_f32(&bc);
    for i in 0..n {
        for j in 0..n {
            let acc: f32 = (0..n).map(|k| a[i * n + k] * b[k * n + j]).sum();
            let want = 1.5 * acc + 0.5 * c0[i * n + j];
            assert_eq!(c[i * n + j], want, "({i},{j})");
        }
    }
}

#[test]
fn bitonic_sort_shared() {
    let n = 1024usize;
    let keys: Vec<u32> = lcg(n, 14);
    let vals: Vec<u32> = (0..n as u32).collect();
    let k = corpus_kernel("bitonic_sort.cu", "bitonicSortShared");
    let (dk, dv, sk, sv) = (
        buf_u32(&vec![0; n]),
        buf_u32(&vec![0; n]),
        buf_u32(&keys),
        buf_u32(&vals),
    );
    run(
        &*k,
        dims((1, 1), (512, 1), 0),
        &[
            ptr(&dk),
            ptr(&dv),
            ptr(&sk),
            ptr(&sv),
            u32a(n as u32),
            u32a(1),
        ],
    );
    let (ok, ov) = (read_u32(&dk), read_u32(&dv));
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(ok, sorted);
    for i in 0..n {
        assert_eq!(keys[ov[i] as usize], ok[i]);
    }
}

/// Prints the CPU form of the tiled matrix product (for inspection:
/// `cargo test -p cuda-compiler dump_sgemm_program -- --ignored --nocapture`).
#[test]
#[ignore]
fn dump_sgemm_program() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance/sgemm_tiled.cu");
    let checked = crate::check_file(&path, &crate::Options::default());
    let module = checked.module.expect("checks");
    let kernel = module
        .kernels
        .iter()
        .find(|k| k.name == "sgemm_tiled")
        .expect("kernel");
    let lowered = crate::back::cpu::lower::lower(&module, kernel.func)
        .map_err(|e| e.0)
        .expect("lowers");
    for (i, op) in lowered.program.ops.iter().enumerate() {
        eprintln!("{i:4} {op:?}");
    }
}

#[test]
fn warp_aggregated_atomics_and_block_votes() {
    let n = 3000;
    let src: Vec<u32> = lcg(n, 15)
        .iter()
        .map(|&x| ((x % 200) as i32 - 100) as u32)
        .collect();
    let mut want: Vec<i32> = src.iter().map(|&x| x as i32).filter(|&x| x > 0).collect();
    want.sort_unstable();
    let bs = buf_u32(&src);
    for name in ["filter_agg", "filter_ballot"] {
        let k = corpus_kernel("warp_aggregation.cu", name);
        let (dst, nres) = (buf_u32(&vec![0; n]), buf_u32(&[0]));
        run(
            &*k,
            dims((12, 1), (256, 1), 0),
            &[ptr(&dst), ptr(&nres), ptr(&bs), i32a(n as i32)],
        );
        let count = read_u32(&nres)[0] as usize;
        assert_eq!(count, want.len(), "{name}");
        let mut got: Vec<i32> = read_u32(&dst)[..count].iter().map(|&x| x as i32).collect();
        got.sort_unstable();
        assert_eq!(got, want, "{name}");
    }
    let k = corpus_kernel("warp_aggregation.cu", "count_positive_blocks");
    let x: Vec<f32> = (0..1000)
        .map(|i| if i < 256 || i % 7 != 0 { 1.0 } else { -1.0 })
        .collect();
    let blocks = 4usize;
    let (bx, counts, all, any) = (
        buf_f32(&x),
        buf_u32(&[0; 4]),
        buf_u32(&[0; 4]),
        buf_u32(&[0; 4]),
    );
    run(
        &*k,
        dims((blocks as u32, 1), (256, 1), 0),
        &[ptr(&bx), ptr(&counts), ptr(&all), ptr(&any), i32a(1000)],
    );
    for b in 0..blocks {
        let p: Vec<bool> = (b * 256..(b + 1) * 256)
            .map(|i| i < 1000 && x[i] > 0.0)
            .collect();
        let c = p.iter().filter(|&&v| v).count() as u32;
        assert_eq!(read_u32(&counts)[b], c, "block {b}");
        assert_eq!(read_u32(&all)[b], u32::from(c == 256), "block {b}");
        assert_eq!(read_u32(&any)[b], u32::from(c > 0), "block {b}");
    }
}

#[test]
fn compare_and_swap_loops() {
    let n = 5000;
    let input: Vec<f32> = lcg(n, 16)
        .iter()
        .map(|&x| (x % 100_000) as f32 / 8.0)
        .collect();
    let want = input.iter().copied().fold(f32::MIN, f32::max);
    let k = corpus_kernel("atomic_cas_loops.cu", "max_reduce_cas");
    let (bi, bo) = (buf_f32(&input), buf_f32(&[f32::MIN]));
    run(
        &*k,
        dims((20, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    assert_eq!(read_f32(&bo)[0], want);
    let k = corpus_kernel("atomic_cas_loops.cu", "sum_double_cas");
    let vals: Vec<f64> = lcg(n, 17).iter().map(|&x| f64::from(x % 1000)).collect();
    let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
    let (bi, bo) = (GlobalBuffer::from_bytes(&bytes), GlobalBuffer::zeroed(8));
    run(
        &*k,
        dims((8, 1), (128, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    let got = f64::from_le_bytes(bo.to_bytes().try_into().unwrap_or([0; 8]));
    assert_eq!(got, vals.iter().sum::<f64>());
}

#[test]
fn half_precision_kernels() {
    use cuda_cpu::num::{f16_to_f32, f32_to_f16};
    let n = 512;
    let x: Vec<u16> = lcg(n, 18)
        .iter()
        .map(|&v| f32_to_f16((v % 64) as f32 / 8.0 - 4.0))
        .collect();
    let y: Vec<u16> = lcg(n, 19)
        .iter()
        .map(|&v| f32_to_f16((v % 32) as f32 / 4.0))
        .collect();
    let bytes = |v: &[u16]| v.iter().flat_map(|h| h.to_le_bytes()).collect::<Vec<u8>>();
    let a = f32_to_f16(1.5);
    let k = corpus_kernel("half_kernels.cu", "half_axpy");
    let (bx, by) = (
        GlobalBuffer::from_bytes(&bytes(&x)),
        GlobalBuffer::from_bytes(&bytes(&y)),
    );
    run(
        &*k,
        dims((2, 1), (256, 1), 0),
        &[
            i32a(n as i32),
            KernelArg::Scalar(ScalarArg::F16(a)),
            ptr(&bx),
            ptr(&by),
        ],
    );
    let out: Vec<u16> = by
        .to_bytes()
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    for i in 0..n {
        let prod = f32_to_f16(f16_to_f32(a) * f16_to_f32(x[i]));
        let want = f32_to_f16(f16_to_f32(prod) + f16_to_f32(y[i]));
        assert_eq!(out[i], want, "half_axpy at {i}");
    }
    let k = corpus_kernel("half_kernels.cu", "half2_fma");
    let alpha = [f32_to_f16(0.5), f32_to_f16(-2.0)];
    let by = GlobalBuffer::from_bytes(&bytes(&y));
    run(
        &*k,
        dims((1, 1), (64, 1), 0),
        &[
            i32a(n as i32 / 2),
            KernelArg::Bytes(&bytes(&alpha)),
            ptr(&bx),
            ptr(&by),
        ],
    );
    let out: Vec<u16> = by
        .to_bytes()
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    for i in 0..n {
        let exact = f64::from(f16_to_f32(alpha[i % 2])) * f64::from(f16_to_f32(x[i]))
            + f64::from(f16_to_f32(y[i]));
        assert_eq!(out[i], f32_to_f16(exact as f32), "half2_fma at {i}");
    }
}
