//! Scalar semantics: conversions, integer intrinsics, half, doubles,
//! structs and local arrays, each checked bit-exactly.

use super::*;

const SRC: &str = r#"
#include <cuda_fp16.h>
struct Pair { int a; float b; };
__constant__ int table[4] = {10, 20, 30, 40};
__device__ int twice(int x) { return 2 * x; }
__global__ void sem(int *o, float *f, double *d, float big, float nan_, Pair pr)
{
    if (threadIdx.x != 0) return;
    o[0] = (int)big;                      // saturates
    o[1] = (int)nan_;                     // NaN -> 0
    o[2] = (int)(-big);                   // saturates low
    o[3] = (unsigned char)300;            // wraps
    o[4] = -7 / 2;                        // truncates
    o[5] = -7 % 2;                        // sign of the dividend
    o[6] = (int)(0x80000000u >> 31);
    o[7] = -16 >> 2;                      // arithmetic shift
    o[8] = __popc(0xF0F0u);
    o[9] = __clz(1);
    o[10] = (int)__brev(1u);
    o[11] = (int)__byte_perm(0x33221100u, 0x77665544u, 0x1054u);
    o[12] = __ffs(8);
    o[13] = table[2] + twice(pr.a);
    int loc[5];
    for (int i = 0; i < 5; ++i) loc[i] = i * i;
    o[14] = loc[3] + loc[4];
    o[15] = __mulhi(0x40000000, 8);
    o[16] = max(-3, min(5, 2));
    o[17] = (int)(unsigned short)(-1);
    half h = __float2half(1.5f);
    f[0] = __half2float(__hadd(h, h));
    f[1] = sqrtf(2.0f);
    f[2] = fmaf(2.0f, 3.0f, 1.0f);
    f[3] = pr.b * 2.0f;
    f[4] = __int_as_float(0x3f800000);
    f[5] = floorf(-1.5f) + ceilf(1.2f) + truncf(-2.7f) + roundf(2.5f) + rintf(2.5f);
    f[6] = (float)16777217;               // rounds to even
    d[0] = sqrt(2.0);
    d[1] = (double)big * 3.0;
    d[2] = fma(1.0, 2.0, 3.0);
}
"#;

#[test]
fn scalar_semantics_match_cuda() {
    let k = snippet_kernel(SRC, "sem");
    let (o, f, d) = (
        buf_u32(&[0; 18]),
        buf_f32(&[0.0; 7]),
        GlobalBuffer::zeroed(24),
    );
    let mut pair = Vec::new();
    pair.extend_from_slice(&21i32.to_le_bytes());
    pair.extend_from_slice(&1.25f32.to_le_bytes());
    run(
        &*k,
        dims((1, 1), (32, 1), 0),
        &[
            ptr(&o),
            ptr(&f),
            ptr(&d),
            f32a(3e9),
            f32a(f32::NAN),
            KernelArg::Bytes(&pair),
        ],
    );
    let o: Vec<i32> = read_u32(&o).iter().map(|&x| x as i32).collect();
    let want = [
        i32::MAX,
        0,
        i32::MIN,
        44,
        -3,
        -1,
        1,
        -4,
        8,
        31,
        i32::MIN,
        0x1100_5544,
        4,
        72,
        25,
        2,
        2,
        65535,
    ];
    assert_eq!(o, want);
    let f = read_f32(&f);
    assert_eq!(f[0], 3.0);
    assert_eq!(f[1], 2f32.sqrt());
    assert_eq!(f[2], 7.0);
    assert_eq!(f[3], 2.5);
    assert_eq!(f[4], 1.0);
    assert_eq!(f[5], -2.0 + 2.0 - 2.0 + 3.0 + 2.0);
    assert_eq!(f[6], 16_777_216.0);
    let d: Vec<f64> = d
        .to_bytes()
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect();
    assert_eq!(d, vec![2f64.sqrt(), 9e9, 5.0]);
}
