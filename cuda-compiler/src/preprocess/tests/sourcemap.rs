//! Tests: the map from output text back to files and macro calls.

use super::*;

#[test]
fn plain_tokens_map_to_themselves_and_lines_match() {
    let src = "#define N 256\n// comment\n__global__ void k(float* a) {\n  int i = threadIdx.x;\n  if (i < N) a[i] = 0;\n}\n";
    let (pp, _) = run_with(src, &Options::default());
    assert_eq!(
        pp.text,
        "\n\n__global__ void k(float* a) {\n  int i = threadIdx.x;\n  if (i < 256) a[i] = 0;\n}\n"
    );
    assert_eq!(origin(&pp, "threadIdx", 0), "k.cu:4:11");
    assert_eq!(origin(&pp, "a[i]", 0), "k.cu:5:14");
    assert_eq!(origin(&pp, "256", 0), "k.cu:1:11 in N@5:11-5:12");
    // Output line n holds source line n.
    for (n, line) in pp.text.lines().enumerate().skip(3) {
        let col = line.len() - line.trim_start().len();
        if line.trim().is_empty() || line.contains("256") {
            continue;
        }
        let pos = pp.text.lines().take(n).map(|l| l.len() + 1).sum::<usize>() + col;
        let loc = pp
            .map
            .locate(Span::new(pos as u32, pos as u32 + 1))
            .unwrap();
        assert_eq!(
            pp.files.get(loc.span.file).line_col(loc.span.lo).0 as usize,
            n + 1
        );
    }
}

#[test]
fn argument_tokens_map_to_the_call_and_body_tokens_to_the_definition() {
    let src = "#define IDX(r, c, w) ((r) * (w) + (c))\nfloat v = a[IDX(row, col, 16)];\n";
    let (pp, _) = run_with(src, &Options::default());
    assert_eq!(pp.text, "\nfloat v = a[((row)*(16)+(col))];\n");
    assert_eq!(origin(&pp, "row", 0), "k.cu:2:17 in IDX@2:13-2:30");
    assert_eq!(origin(&pp, "col", 0), "k.cu:2:22 in IDX@2:13-2:30");
    assert_eq!(origin(&pp, "16", 0), "k.cu:2:27 in IDX@2:13-2:30");
    assert_eq!(origin(&pp, "*", 0), "k.cu:1:27 in IDX@2:13-2:30");
    assert_eq!(origin(&pp, "+", 0), "k.cu:1:33 in IDX@2:13-2:30");
    assert_eq!(origin(&pp, "]", 0), "k.cu:2:30");
}

#[test]
fn nested_expansion_reports_the_outermost_call() {
    let src = "#define INNER(x) (x + 1)\n#define OUTER(y) INNER(y) * 2\n#define ONE 1\nint z = OUTER(ONE);\n";
    let (pp, _) = run_with(src, &Options::default());
    assert_eq!(pp.text, "\n\n\nint z = (1+1)*2;\n");
    assert_eq!(origin(&pp, "(", 0), "k.cu:1:18 in OUTER@4:9-4:19");
    assert_eq!(origin(&pp, "1", 0), "k.cu:3:13 in OUTER@4:9-4:19");
    assert_eq!(origin(&pp, "2", 0), "k.cu:2:29 in OUTER@4:9-4:19");
}

#[test]
fn stringized_and_pasted_tokens_map_to_their_argument() {
    let src = "#define S(x) #x\n#define CAT(a, b) a##b\nconst char* s = S(hello world);\nint CAT(var, 1);\n";
    let (pp, _) = run_with(src, &Options::default());
    assert_eq!(pp.text, "\n\nconst char* s = \"hello world\";\nint var1;\n");
    assert_eq!(origin(&pp, "\"hello", 0), "k.cu:3:19 in S@3:17-3:31");
    assert_eq!(origin(&pp, "var1", 0), "k.cu:4:9 in CAT@4:5-4:16");
}

#[test]
fn diagnostics_render_through_the_map() {
    let src = "#define BAD(x) (x + undefined_name)\nint v = BAD(3);\n";
    let (pp, _) = run_with(src, &Options::default());
    let pos = pp.text.find("undefined_name").unwrap() as u32;
    let d = Diagnostic::error("use of undeclared identifier `undefined_name`")
        .at_expanded(Span::new(pos, pos + 14), &pp.map);
    assert_eq!(
        render(&[d], &pp.files),
        "error: use of undeclared identifier `undefined_name`\n --> k.cu:1:21\n  |\n1 | #define BAD(x) (x + undefined_name)\n  |                     ^^^^^^^^^^^^^^\n ::: k.cu:2:9\n  |\n2 | int v = BAD(3);\n  |         ------ in this expansion of `BAD`\n  |\n\n"
    );
}

#[test]
fn every_output_byte_maps_in_order() {
    let src = "#include <cuda_runtime.h>\n#include <cstdint>\n#define TILE 16\n#define AT(m, r, c) m[(r) * TILE + (c)]\n__global__ void mm(const float* A, float* C) {\n  __shared__ float t[TILE][TILE];\n#pragma unroll\n  for (int k = 0; k < TILE; ++k) AT(C, k, k) = t[k][k];\n}\n";
    let (pp, _) = run_with(src, &Options::default());
    let mut last = 0;
    for seg in pp.map.segments() {
        assert!(seg.out_lo >= last && seg.out_hi > seg.out_lo);
        last = seg.out_hi;
    }
    for pos in 0..pp.text.len() as u32 {
        assert!(pp.map.locate(Span::new(pos, pos + 1)).is_some());
    }
    assert_eq!(origin(&pp, "mm", 0), "k.cu:5:17");
    assert_eq!(origin(&pp, "#pragma unroll", 0), "k.cu:7:1");
}

#[test]
fn tokens_after_an_include_map_to_the_including_file() {
    let src = "#include <stdint.h>\nuint32_t after;\n";
    let (pp, _) = run_with(src, &Options::default());
    assert_eq!(origin(&pp, "after", 0), "k.cu:2:10");
    assert!(origin(&pp, "uint32_t", 0).starts_with("<stdint.h>:"));
    assert_eq!(origin(&pp, "uint32_t", 1), "k.cu:2:1");
}

#[test]
fn preprocessing_1000_lines_is_fast() {
    let mut src = String::from("#include <cuda_runtime.h>\n#define TILE 16\n#define IDX(r, c, w) ((r) * (w) + (c))\n#define CHECK(x) do { if (!(x)) return; } while (0)\n");
    while src.lines().count() < 1000 {
        src.push_str("__global__ void k(const float* __restrict__ a, float* b, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  __shared__ float tile[TILE][TILE + 1];\n  CHECK(i < n);\n#pragma unroll\n  for (int j = 0; j < TILE; ++j) {\n    tile[threadIdx.y][j] = a[IDX(i, j, n)]; // load\n  }\n  __syncthreads();\n  b[IDX(i, 0, n)] = tile[threadIdx.x][0] * 2.0f + 1.0f;\n}\n");
    }
    // The best of several runs (the machine may be busy with other work).
    let mut per_run = std::time::Duration::MAX;
    for _ in 0..30 {
        let file = SourceFile::new("k.cu", None, src.clone());
        let start = std::time::Instant::now();
        let r = preprocess(file, &Options::default());
        per_run = per_run.min(start.elapsed());
        assert!(r.is_ok());
    }
    eprintln!(
        "preprocessing {} lines: {per_run:?} per run",
        src.lines().count()
    );
    assert!(
        per_run < std::time::Duration::from_millis(50),
        "{per_run:?}"
    );
}
