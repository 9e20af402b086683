//! Tests: `#include`, `#pragma`, `#error`/`#warning`, `#line`, unknown
//! directives, built-in headers.

use super::*;
use std::path::{Path, PathBuf};

/// A temporary folder, removed when dropped.
struct TempTree(PathBuf);

impl std::ops::Deref for TempTree {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempTree {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder under the system temp folder holding `files`.
fn tree(test: &str, files: &[(&str, &str)]) -> TempTree {
    let root = std::env::temp_dir().join(format!("cudawasm-pp-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    TempTree(root)
}

/// Preprocesses the disk file `root/main`.
fn run_disk(
    root: &Path,
    main: &str,
    opts: &Options,
) -> Result<(Preprocessed, Diagnostics), (Files, Diagnostics)> {
    let path = root.join(main);
    let text = std::fs::read_to_string(&path).unwrap();
    preprocess_with_warnings(SourceFile::new(main, Some(path), text), opts)
}

fn messages(files: &Files, diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let (f, l, c) = d.location(files).unwrap();
            format!("{f}:{l}:{c}: {}", d.message)
        })
        .collect()
}

#[test]
fn quoted_include_searches_the_including_folder_then_include_dirs() {
    let root = tree(
        "quoted",
        &[
            ("k.cu", "#include \"common.h\"\n#include \"sub/inner.h\"\n#include \"lib.h\"\nint k = A + B + C + D;\n"),
            ("common.h", "#define A 1\n"),
            ("sub/inner.h", "#include \"sibling.h\"\n#define B 2\n"),
            ("sub/sibling.h", "#define C 3\n"),
            ("inc/lib.h", "#define D 4\n"),
        ],
    );
    let opts = Options {
        include_dirs: vec![root.join("inc")],
        ..Options::default()
    };
    let (pp, warnings) = run_disk(&root, "k.cu", &opts).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(pp.text, "\n\n\nint k = 1 + 2 + 3 + 4;\n");
    let deps: Vec<String> = pp
        .dependencies
        .iter()
        .map(|p| {
            p.strip_prefix(std::fs::canonicalize(&root).unwrap())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        deps,
        ["common.h", "sub/inner.h", "sub/sibling.h", "inc/lib.h"]
    );
}

#[test]
fn angle_include_uses_include_dirs_and_text_maps_to_the_header() {
    let root = tree(
        "angle",
        &[
            ("k.cu", "#include <dev.h>\nint after = SQ(3);\n"),
            (
                "inc/dev.h",
                "#define SQ(x) ((x) * (x))\n__device__ int twice(int v) { return 2 * v; }\n",
            ),
        ],
    );
    let opts = Options {
        include_dirs: vec![root.join("inc")],
        ..Options::default()
    };
    let (pp, _) = run_disk(&root, "k.cu", &opts).unwrap();
    assert_eq!(
        pp.text,
        "__device__ int twice(int v) { return 2 * v; }\nint after = ((3)*(3));\n"
    );
    assert!(
        origin(&pp, "twice", 0).ends_with("inc/dev.h:2:16"),
        "{}",
        origin(&pp, "twice", 0)
    );
    assert_eq!(origin(&pp, "after", 0), "k.cu:2:5");
}

#[test]
fn pragma_once_and_include_guards() {
    let root = tree(
        "once",
        &[
            (
                "k.cu",
                "#include \"a.h\"\n#include \"a.h\"\n#include \"g.h\"\n#include \"g.h\"\n",
            ),
            ("a.h", "#pragma once\nint a;\n"),
            ("g.h", "#ifndef G_H\n#define G_H\nint g;\n#endif\n"),
        ],
    );
    let (pp, _) = run_disk(&root, "k.cu", &Options::default()).unwrap();
    assert_eq!(
        pp.text.split_whitespace().collect::<Vec<_>>(),
        ["int", "a;", "int", "g;"]
    );
}

#[test]
fn missing_quoted_include_is_an_error_with_searched_folders() {
    let root = tree("missing", &[("k.cu", "#include \"nope.h\"\nint x;\n")]);
    let opts = Options {
        include_dirs: vec![PathBuf::from("/no/such/dir")],
        ..Options::default()
    };
    let (files, diags) = run_disk(&root, "k.cu", &opts).unwrap_err();
    assert_eq!(
        messages(&files, &diags),
        ["k.cu:1:10: `#include` file `nope.h` not found"]
    );
    assert_eq!(
        diags[0].notes,
        [format!("searched in `{}`, `/no/such/dir`", root.display())]
    );
    assert_eq!(diags[0].help.as_deref(), Some("add its folder with `-I`"));
    // Without a path for the main file, only `-I` folders are searched.
    assert_eq!(
        diags_of("#include \"nope.h\"\n", &Options::default()),
        ["k.cu:1:10: error: `#include` file `nope.h` not found"]
    );
}

#[test]
fn host_headers_are_empty_and_unknown_angle_headers_warn() {
    let src = "#include <stdio.h>\n#include <vector>\n#include <cstdlib>\n#include <thrust/device_vector.h>\nint x;\n";
    let (pp, warnings) = run_with(src, &Options::default());
    assert_eq!(pp.text.trim(), "int x;");
    let files = &pp.files;
    assert_eq!(
        messages(files, &warnings),
        ["k.cu:4:10: header `<thrust/device_vector.h>` not found; treated as a host-only header"]
    );
    assert!(!warnings[0].is_error());
}

#[test]
fn builtin_headers() {
    let src = "#include <cuda_runtime.h>\n#include <math_constants.h>\n#include <cfloat>\n#include <climits>\n#include <cstdint>\n#include <assert.h>\n#include <helper_cuda.h>\n\
float a = CUDART_PI_F; float b = FLT_MAX; int c = INT_MAX; double d = M_PI;\nassert(a > 0); checkCudaErrors(cudaMalloc(&p, 4)); getLastCudaError(\"k\");\n";
    let text = out(src);
    assert!(text.contains("typedef unsigned int uint32_t;"), "{text}");
    assert!(text.contains("typedef unsigned long size_t;"), "{text}");
    let last: Vec<&str> = text.lines().rev().take(2).collect();
    assert_eq!(
        last,
        [
            "((void)0); (cudaMalloc(&p,4)); ((void)0);",
            "float a = 3.141592654f; float b = 3.40282347e+38F; int c = 2147483647; double d = 3.14159265358979323846;",
        ]
    );
    // Every built-in header is valid on its own.
    for (name, _) in super::super::builtin_headers::BUILTIN_HEADERS {
        let src = format!("#include <{name}>\n#include <{name}>\n");
        assert!(diags(&src).is_empty(), "{name}: {:?}", diags(&src));
    }
}

#[test]
fn builtin_header_tokens_map_to_the_header() {
    let (pp, _) = run_with(
        "#include <math_constants.h>\nfloat x = CUDART_INF_F;\n",
        &Options::default(),
    );
    assert_eq!(pp.text, "\nfloat x = __int_as_float(0x7f800000);\n");
    let o = origin(&pp, "__int_as_float", 0);
    assert!(o.starts_with("<math_constants.h>:3:"), "{o}");
    assert!(o.ends_with(" in CUDART_INF_F@2:11-2:23"), "{o}");
}

#[test]
fn include_with_macro_name() {
    let root = tree(
        "macro-name",
        &[
            ("k.cu", "#define HDR \"h.h\"\n#include HDR\nX\n"),
            ("h.h", "#define X 5\n"),
        ],
    );
    let (pp, _) = run_disk(&root, "k.cu", &Options::default()).unwrap();
    assert_eq!(pp.text.trim(), "5");
}

#[test]
fn include_depth_is_limited() {
    let root = tree("depth", &[("k.cu", "#include \"k.cu\"\nint x;\n")]);
    let (files, diags) = run_disk(&root, "k.cu", &Options::default()).unwrap_err();
    assert_eq!(
        messages(&files, &diags),
        ["k.cu:1:10: `#include` nested more than 200 levels deep"]
    );
}

#[test]
fn malformed_include() {
    assert_eq!(
        diags("#include\n#include foo\n#include <a.h\n"),
        [
            "k.cu:1:1: error: `#include` expects \"FILENAME\" or <FILENAME>",
            "k.cu:2:10: error: `#include` expects \"FILENAME\" or <FILENAME>",
            "k.cu:3:10: error: `#include` expects \"FILENAME\" or <FILENAME>",
        ]
    );
}

#[test]
fn pragma_unroll_lines() {
    let src = "#define N 4\n__global__ void k(float* a) {\n  #pragma unroll\n  for (int i = 0; i < 4; ++i) a[i] = 0;\n#pragma unroll N * 2\n  for (;;) {}\n  #pragma nounroll\n  #pragma omp parallel for\n#pragma GCC diagnostic push\n}\n";
    assert_eq!(
        out(src),
        "\n__global__ void k(float* a) {\n#pragma unroll\n  for (int i = 0; i < 4; ++i) a[i] = 0;\n#pragma unroll 4 * 2\n  for (;;) {}\n#pragma unroll 1\n\n\n}\n"
    );
}

#[test]
fn pragma_operator() {
    let src = "#define UNROLL(n) _Pragma(\"unroll \" #n)\n#define U4 _Pragma(\"unroll 4\")\nvoid f() {\n  U4 for (;;) {}\n  _Pragma(\"unroll\") while (1) {}\n  _Pragma(\"message(\\\"hi\\\")\") x;\n}\n";
    assert_eq!(
        out(src),
        "\n\nvoid f() {\n#pragma unroll 4\n for (;;) {}\n#pragma unroll\n while (1) {}\nx;\n}\n"
    );
    assert_eq!(
        diags("_Pragma(1)\n"),
        ["k.cu:1:1: error: `_Pragma` takes a parenthesized string literal"]
    );
}

#[test]
fn pragma_unroll_count_maps_to_its_macro() {
    let (pp, _) = run_with("#define N 8\n#pragma unroll N\n", &Options::default());
    assert_eq!(pp.text, "#pragma unroll 8\n");
    assert_eq!(origin(&pp, "8", 0), "k.cu:1:11 in N@2:16-2:17");
    assert_eq!(origin(&pp, "#pragma unroll", 0), "k.cu:2:1");
}

#[test]
fn error_warning_line_and_unknown_directives() {
    let src = "#error need sm_70 \"or newer\"\n#warning slow path\n#line 10 \"x.cu\"\n# 20 \"y.cu\" 2\n#foo bar\n#\n#ident \"x\"\n#if 0\n#foo\n#endif\n";
    assert_eq!(
        diags(src),
        [
            "k.cu:1:1: error: need sm_70 \"or newer\"",
            "k.cu:2:1: warning: slow path",
            "k.cu:5:1: error: unknown preprocessing directive `#foo`",
            "k.cu:7:1: error: unknown preprocessing directive `#ident`",
        ]
    );
    assert_eq!(
        diags("#!x\n"),
        ["k.cu:1:1: error: invalid preprocessing directive `#!`"]
    );
}

#[test]
fn warnings_alone_do_not_fail() {
    let (pp, warnings) = run_with("#warning careful\nint x;\n", &Options::default());
    assert_eq!(pp.text, "\nint x;\n");
    assert_eq!(warnings.len(), 1);
}

#[test]
fn cuda_samples_style_file() {
    let src = r#"/* Copyright notice */
#include <stdio.h>
#include <stdlib.h>
#include <cuda_runtime.h>
#include <helper_cuda.h>
#include <cooperative_groups.h>

#define BLOCK_SIZE 256
#define CUDA_CHECK(call)                                              \
  do {                                                                \
    cudaError_t err = call;                                           \
    if (err != cudaSuccess) {                                         \
      fprintf(stderr, "CUDA error %s:%d\n", __FILE__, __LINE__);      \
      exit(EXIT_FAILURE);                                             \
    }                                                                 \
  } while (0)

template <unsigned int blockSize>
__global__ void reduce(const float* __restrict__ in, float* out, unsigned int n) {
  __shared__ float sdata[blockSize];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockSize * 2) + threadIdx.x;
  sdata[tid] = (i < n ? in[i] : 0.0f) + (i + blockSize < n ? in[i + blockSize] : 0.0f);
  __syncthreads();
#pragma unroll
  for (unsigned int s = blockSize / 2; s > 32; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
#if __CUDA_ARCH__ >= 700
  if (tid == 0) out[blockIdx.x] = sdata[0];
#else
#error "needs Volta"
#endif
}

int main(int argc, char** argv) {
  float* d_in;
  CUDA_CHECK(cudaMalloc(&d_in, 1024 * sizeof(float)));
  reduce<BLOCK_SIZE><<<4, BLOCK_SIZE>>>(d_in, d_in, 1024);
  checkCudaErrors(cudaDeviceSynchronize());
  return 0;
}
"#;
    let (pp, warnings) = run_with(src, &Options::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    // The built-in headers (cooperative_groups.h declares real code) come
    // first in the output; the file's own lines keep their relative order.
    let lines: Vec<&str> = pp.text.lines().collect();
    let template_line = lines
        .iter()
        .position(|l| *l == "template <unsigned int blockSize>")
        .unwrap_or_else(|| panic!("no template line in:\n{}", pp.text));
    assert!(pp.text.contains("namespace cooperative_groups"));
    assert_eq!(lines[template_line + 7], "#pragma unroll");
    assert_eq!(
        lines[template_line + 13],
        "  if (tid == 0) out[blockIdx.x] = sdata[0];"
    );
    assert_eq!(
        lines[template_line + 22],
        "  reduce<256><<<4, 256>>>(d_in, d_in, 1024);"
    );
    assert_eq!(lines[template_line + 23], "  (cudaDeviceSynchronize());");
    assert!(pp.text.contains(
        "  do{cudaError_t err=cudaMalloc(&d_in,1024*sizeof(float));if(err!=cudaSuccess){fprintf(stderr,\"CUDA error %s:%d\\n\",\"k.cu\",39);exit(EXIT_FAILURE);}}while(0);\n"
    ), "{}", pp.text);
}

#[test]
fn unterminated_conditional_in_a_header_is_reported_there() {
    let root = tree(
        "hdr-if",
        &[
            ("k.cu", "#include \"h.h\"\nint x;\n"),
            ("h.h", "#if 1\nint y;"),
        ],
    );
    let (files, diags) = run_disk(&root, "k.cu", &Options::default()).unwrap_err();
    let m = messages(&files, &diags);
    assert_eq!(m.len(), 1);
    assert!(m[0].ends_with("h.h:1:1: unterminated `#if`"), "{m:?}");
}

/// The preprocessor errors of the project's negative corpus, with their
/// expected line:col and message.
#[test]
fn negative_corpus_cases() {
    let cases: &[(&str, &str)] = &[
        (
            "\n\n\n#define BLOCK 256\n\n#if (BLOCK / (BLOCK - 256)) > 1\n#define WIDE 1\n#endif\n",
            "k.cu:6:12: error: division by zero in `#if` expression",
        ),
        (
            "\n\n\n#define MAX2(a, b) ((a) > (b) ? (a) : (b))\n\n__global__ void relu(float *x, int n)\n{\n    int i = 0;\n    if (i < n) x[i] = MAX2(x[i], 0.0f;\n}\n",
            "k.cu:9:23: error: unterminated invocation of macro `MAX2`",
        ),
        (
            "\n\n\n#define MAX2(a, b) ((a) > (b) ? (a) : (b))\n\n__global__ void relu(float *x, int n)\n{\n    int i = 0;\n    if (i < n) x[i] = MAX2(x[i]);\n}\n",
            "k.cu:9:23: error: macro `MAX2` takes 2 arguments but 1 was given",
        ),
        (
            "\n\n\n__global__ void k(float *y)\n{\n#pragam unroll\n}\n",
            "k.cu:6:1: error: unknown preprocessing directive `#pragam`",
        ),
        ("\n\n\n#define BLOCK 128\n#endif\n", "k.cu:5:1: error: `#endif` without `#if`"),
        (
            "\n\n\nint k;\n\n/* TODO: a second kernel\nint k2;\n",
            "k.cu:6:1: error: unterminated `/*` comment",
        ),
        (
            "\n\n\n\n#include \"kernels_common.h\"\n",
            "k.cu:5:10: error: `#include` file `kernels_common.h` not found",
        ),
        (
            "\n\n\n\n#ifndef TILE\n#error TILE must be defined\n#endif\n",
            "k.cu:6:1: error: TILE must be defined",
        ),
        (
            "\n\n\n\n#define BLOCK 128\n\n#if BLOCK > 64\nint big;\n",
            "k.cu:7:1: error: unterminated `#if`",
        ),
        (
            "\n\n\n\n{\n    printf(\"value %d\\n, v[threadIdx.x]);\n}\n",
            "k.cu:6:12: error: unterminated string literal",
        ),
        (
            "\n\n\n#define BLOCK 128\n\n#if BLOCK == 256\n#define ITEMS 2\n#else\n#define ITEMS 4\n#elif BLOCK == 128\n#define ITEMS 8\n#endif\n",
            "k.cu:10:1: error: `#elif` after `#else`",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(diags(src), [*want], "{src}");
    }
}

#[test]
fn size_t_is_declared_once() {
    let text = out("#include <cstddef>\n#include <cstdint>\n#include <stddef.h>\n");
    assert_eq!(text.matches("size_t;").count(), 1, "{text}");
}
