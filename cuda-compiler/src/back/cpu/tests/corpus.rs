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

#[test]
fn reduce_template_volatile_warp_tail() {
    // reduce5<int, 128>: the warp tail relies on warp lockstep through
    // `volatile` shared memory.
    let k = corpus_kernel("reduce_template_blocksize.cu", "reduce5<int, 128>");
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
    let kf = corpus_kernel("reduce_template_blocksize.cu", "reduce5<float, 256>");
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
fn reduce_cooperative_groups() {
    let n = 100_000;
    let input: Vec<f32> = lcg(n, 6).iter().map(|&x| (x % 16) as f32).collect();
    let want: f32 = input.iter().map(|&x| f64::from(x)).sum::<f64>() as f32;
    let k = corpus_kernel("reduce_cg.cu", "reduce_sum_cg");
    let (bi, bo) = (buf_f32(&input), buf_f32(&[0.0]));
    run(
        &*k,
        dims((32, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    assert_eq!(read_f32(&bo)[0], want);
    let k = corpus_kernel("reduce_cg.cu", "reduce_max_cg");
    let bo = buf_f32(&[0.0]);
    run(
        &*k,
        dims((32, 1), (256, 1), 0),
        &[ptr(&bi), ptr(&bo), i32a(n as i32)],
    );
    assert_eq!(read_f32(&bo)[0], 15.0);
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
    let (w, h) = (64usize, 96usize);
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
