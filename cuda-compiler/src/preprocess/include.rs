//! `#include`: finding headers on disk, built-in headers, and standard host
//! headers that are read as empty.

use super::token::{Kind, Token};
use super::{Preprocessor, MAX_INCLUDE_DEPTH};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, SrcSpan};
use std::path::{Path, PathBuf};

/// Macros every translation unit starts with, as nvcc's device pass for
/// `sm_80` defines them (host compiler macros such as `__GNUC__` excepted).
pub(super) const PREDEFINED: &str = "\
#define __CUDACC__ 1
#define __NVCC__ 1
#define __CUDA_ARCH__ 800
#define __CUDACC_VER_MAJOR__ 12
#define __CUDACC_VER_MINOR__ 4
#define __CUDACC_VER_BUILD__ 131
#define CUDART_VERSION 12040
#define __cplusplus 201703L
#define __STDC__ 1
#define __x86_64__ 1
#define __x86_64 1
#define __linux__ 1
#define __linux 1
#define __unix__ 1
#define __LP64__ 1
#define __CHAR_BIT__ 8
#define __SIZEOF_POINTER__ 8
#define __SIZEOF_INT__ 4
#define __SIZEOF_LONG__ 8
#define __SIZEOF_LONG_LONG__ 8
";

/// Headers built into the compiler: name as written in `#include`, text.
pub(super) const BUILTIN_HEADERS: &[(&str, &str)] = &[
    ("cuda_runtime.h", include_str!("headers/cuda_runtime.h")),
    (
        "cuda_runtime_api.h",
        include_str!("headers/cuda_runtime_api.h"),
    ),
    ("cuda.h", include_str!("headers/cuda.h")),
    (
        "device_launch_parameters.h",
        "// Built-in <device_launch_parameters.h>: threadIdx, blockIdx, blockDim,\n\
         // gridDim and warpSize are known to the compiler.\n#pragma once\n",
    ),
    (
        "device_functions.h",
        "// Built-in <device_functions.h>: device functions are known to the compiler.\n\
         #pragma once\n",
    ),
    ("math.h", include_str!("headers/math.h")),
    ("cmath", "#pragma once\n#include <math.h>\n"),
    ("stdint.h", include_str!("headers/stdint.h")),
    ("cstdint", "#pragma once\n#include <stdint.h>\n"),
    ("stddef.h", include_str!("headers/stddef.h")),
    ("cstddef", "#pragma once\n#include <stddef.h>\n"),
    ("float.h", include_str!("headers/float.h")),
    ("cfloat", "#pragma once\n#include <float.h>\n"),
    ("limits.h", include_str!("headers/limits.h")),
    ("climits", "#pragma once\n#include <limits.h>\n"),
    ("math_constants.h", include_str!("headers/math_constants.h")),
    ("cuda_fp16.h", include_str!("headers/cuda_fp16.h")),
    ("cuda_bf16.h", include_str!("headers/cuda_bf16.h")),
    (
        "cooperative_groups.h",
        include_str!("headers/cooperative_groups.h"),
    ),
    (
        "cooperative_groups/reduce.h",
        include_str!("headers/cooperative_groups/reduce.h"),
    ),
    (
        "assert.h",
        "// Built-in <assert.h>: assertions are not checked in device code.\n\
         #undef assert\n#define assert(e) ((void)0)\n",
    ),
    ("cassert", "#include <assert.h>\n"),
    ("helper_cuda.h", include_str!("headers/helper_cuda.h")),
    (
        "helper_functions.h",
        include_str!("headers/helper_functions.h"),
    ),
    (
        "helper_string.h",
        "// Built-in <helper_string.h> (cuda-samples): host-only helpers.\n#pragma once\n",
    ),
];

/// Standard C, C++, POSIX and CUDA host headers: their content never
/// matters to device code, so they are read as empty.
const HOST_HEADERS: &[&str] = &[
    // C
    "stdio.h",
    "stdlib.h",
    "string.h",
    "strings.h",
    "time.h",
    "errno.h",
    "ctype.h",
    "signal.h",
    "setjmp.h",
    "stdarg.h",
    "stdbool.h",
    "locale.h",
    "wchar.h",
    "wctype.h",
    "fenv.h",
    "inttypes.h",
    "iso646.h",
    "complex.h",
    "tgmath.h",
    "stdalign.h",
    "stdnoreturn.h",
    "uchar.h",
    "stdatomic.h",
    "threads.h",
    "memory.h",
    "malloc.h",
    // C++ wrappers of C headers
    "cstdio",
    "cstdlib",
    "cstring",
    "ctime",
    "cerrno",
    "cctype",
    "csignal",
    "csetjmp",
    "cstdarg",
    "cstdbool",
    "clocale",
    "cwchar",
    "cwctype",
    "cfenv",
    "cinttypes",
    "ciso646",
    "ccomplex",
    "ctgmath",
    "cstdalign",
    "cuchar",
    // C++
    "iostream",
    "ostream",
    "istream",
    "fstream",
    "sstream",
    "iomanip",
    "ios",
    "iosfwd",
    "streambuf",
    "vector",
    "list",
    "forward_list",
    "deque",
    "map",
    "set",
    "unordered_map",
    "unordered_set",
    "stack",
    "queue",
    "array",
    "bitset",
    "string",
    "string_view",
    "algorithm",
    "numeric",
    "functional",
    "iterator",
    "memory",
    "memory_resource",
    "utility",
    "tuple",
    "type_traits",
    "limits",
    "new",
    "exception",
    "stdexcept",
    "system_error",
    "typeinfo",
    "typeindex",
    "chrono",
    "thread",
    "mutex",
    "shared_mutex",
    "atomic",
    "condition_variable",
    "future",
    "random",
    "ratio",
    "regex",
    "valarray",
    "complex",
    "initializer_list",
    "optional",
    "variant",
    "any",
    "filesystem",
    "execution",
    "numbers",
    "bit",
    "span",
    "ranges",
    "concepts",
    "compare",
    "charconv",
    "format",
    "locale",
    "codecvt",
    "scoped_allocator",
    "cxxabi.h",
    // POSIX and friends
    "unistd.h",
    "fcntl.h",
    "dirent.h",
    "pthread.h",
    "getopt.h",
    "dlfcn.h",
    "sys/types.h",
    "sys/stat.h",
    "sys/time.h",
    "sys/times.h",
    "sys/mman.h",
    "sys/resource.h",
    "sys/wait.h",
    "sys/ioctl.h",
    "sys/socket.h",
    "sys/utsname.h",
    "omp.h",
    "windows.h",
    // CUDA host-side and device headers whose content the compiler knows
    "builtin_types.h",
    "vector_types.h",
    "vector_functions.h",
    "driver_types.h",
    "driver_functions.h",
    "host_defines.h",
    "host_config.h",
    "crt/host_defines.h",
    "crt/host_config.h",
    "texture_types.h",
    "surface_types.h",
    "cuda_texture_types.h",
    "cuda_surface_types.h",
    "texture_fetch_functions.h",
    "surface_functions.h",
    "device_types.h",
    "device_atomic_functions.h",
    "sm_20_atomic_functions.h",
    "sm_32_atomic_functions.h",
    "sm_35_atomic_functions.h",
    "sm_60_atomic_functions.h",
    "sm_20_intrinsics.h",
    "sm_30_intrinsics.h",
    "sm_32_intrinsics.h",
    "sm_35_intrinsics.h",
    "sm_61_intrinsics.h",
    "cuda_device_runtime_api.h",
    "cuda_profiler_api.h",
    "cuda_occupancy.h",
    "cuda_gl_interop.h",
    "cuda_egl_interop.h",
    "cuda_d3d11_interop.h",
    "cudaProfiler.h",
    "nvToolsExt.h",
    "nvtx3/nvToolsExt.h",
    "library_types.h",
    "channel_descriptor.h",
    "common_functions.h",
    "device_double_functions.h",
    "math_functions.h",
    "crt/math_functions.h",
    "crt/device_functions.h",
    // cuda-samples host helpers
    "helper_timer.h",
    "helper_image.h",
    "exception.h",
];

/// What an `#include` name resolved to.
pub(super) enum Found {
    /// A file on disk (canonical path, name to show).
    Disk(PathBuf, String),
    /// A built-in header (name, text).
    Builtin(&'static str, &'static str),
    /// A standard host header, read as empty.
    Empty,
    /// Not found; the folders searched.
    Missing(Vec<PathBuf>),
}

/// Looks a header up in the built-in set.
fn builtin(name: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN_HEADERS.iter().copied().find(|(n, _)| *n == name)
}

/// Looks for `name` in `dir`.
fn in_dir(dir: &Path, name: &str) -> Option<(PathBuf, String)> {
    let joined = dir.join(name);
    if !joined.is_file() {
        return None;
    }
    let canonical = std::fs::canonicalize(&joined).unwrap_or_else(|_| joined.clone());
    Some((canonical, joined.display().to_string()))
}

impl Preprocessor<'_> {
    /// Resolves an include name: for `"…"` the including file's folder
    /// first, then `-I` folders, then built-in and standard headers.
    pub(super) fn resolve(&self, name: &str, quoted: bool, from: FileId) -> Found {
        let mut searched = Vec::new();
        if quoted {
            if let Some(dir) = self.files.get(from).path.as_deref().and_then(Path::parent) {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                if let Some((path, shown)) = in_dir(dir, name) {
                    return Found::Disk(path, shown);
                }
                searched.push(dir.to_path_buf());
            }
        }
        for dir in &self.opts.include_dirs {
            if let Some((path, shown)) = in_dir(dir, name) {
                return Found::Disk(path, shown);
            }
            searched.push(dir.clone());
        }
        if let Some((n, text)) = builtin(name) {
            return Found::Builtin(n, text);
        }
        if HOST_HEADERS.contains(&name) {
            return Found::Empty;
        }
        Found::Missing(searched)
    }

    /// Runs `#include` (after the name was read): opens the file, or
    /// reports it missing.
    pub(super) fn include(&mut self, at: &Token, name: &str, quoted: bool, line_end: u32) {
        let Some(from) = self.frames.last().map(|f| f.file) else {
            return;
        };
        if self.frames.len() > MAX_INCLUDE_DEPTH {
            let d = Diagnostic::error(format!(
                "`#include` nested more than {MAX_INCLUDE_DEPTH} levels deep"
            ))
            .with_help("check for a header that includes itself without an include guard");
            self.diags.push(at.locate(d));
            return;
        }
        let file = match self.resolve(name, quoted, from) {
            Found::Disk(path, shown) => match self.files.find_path(&path) {
                Some(id) => id,
                None => match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        if !self.dependencies.contains(&path) {
                            self.dependencies.push(path.clone());
                        }
                        self.files.add(SourceFile::new(shown, Some(path), text))
                    }
                    Err(e) => {
                        let d = Diagnostic::error(format!("cannot read `{shown}`: {e}"));
                        self.diags.push(at.locate(d));
                        return;
                    }
                },
            },
            Found::Builtin(n, text) => match self.builtin_files.get(n) {
                Some(&id) => id,
                None => {
                    let id = self
                        .files
                        .add(SourceFile::new(format!("<{n}>"), None, text));
                    self.builtin_files.insert(n, id);
                    id
                }
            },
            Found::Empty => return,
            Found::Missing(searched) => {
                if quoted {
                    let folders: Vec<String> = searched
                        .iter()
                        .map(|d| format!("`{}`", d.display()))
                        .collect();
                    let note = if folders.is_empty() {
                        "no folders were searched".to_string()
                    } else {
                        format!("searched in {}", folders.join(", "))
                    };
                    let d = Diagnostic::error(format!("`#include` file `{name}` not found"))
                        .with_note(note)
                        .with_help("add its folder with `-I`");
                    self.diags.push(at.locate(d));
                } else {
                    let d = Diagnostic::warning(format!(
                        "header `<{name}>` not found; treated as a host-only header"
                    ));
                    self.diags.push(at.locate(d));
                }
                return;
            }
        };
        if self.once.contains(&file) {
            return;
        }
        self.push_frame(file, Some((from, line_end)));
    }

    /// Reads the header name of an `#include` line or `__has_include`:
    /// `"name"` or `<name>` (returns the name, whether quoted, and the
    /// tokens after it).
    pub(super) fn header_name<'t>(&self, toks: &'t [Token]) -> Option<(String, bool, &'t [Token])> {
        let first = toks.first()?;
        if first.kind == Kind::Str && first.text.starts_with('"') && first.text.ends_with('"') {
            let inner = first.text.get(1..first.text.len().saturating_sub(1))?;
            return Some((inner.to_string(), true, toks.get(1..).unwrap_or(&[])));
        }
        if !first.is_punct("<") {
            return None;
        }
        let close = toks.iter().position(|t| t.is_punct(">"))?;
        let last = toks.get(close)?;
        let plain = toks
            .get(..=close)?
            .iter()
            .all(|t| t.expansion.is_none() && t.file == first.file);
        let name = if plain && first.hi <= last.lo {
            let text = &self.files.get(first.file).text;
            text.get(first.hi as usize..last.lo as usize)?.to_string()
        } else {
            let mut s = String::new();
            for (i, t) in toks.get(1..close)?.iter().enumerate() {
                if i > 0 && t.space_before {
                    s.push(' ');
                }
                s.push_str(&t.text);
            }
            s
        };
        Some((name, false, toks.get(close + 1..).unwrap_or(&[])))
    }

    /// `__has_include(name)`: would the `#include` find something?
    pub(super) fn has_include(&self, name: &str, quoted: bool) -> bool {
        let Some(from) = self.frames.last().map(|f| f.file) else {
            return false;
        };
        !matches!(self.resolve(name, quoted, from), Found::Missing(_))
    }
}

/// The span of a directive from its `#` to its last token.
pub(super) fn directive_span(hash: &Token, line: &[Token]) -> SrcSpan {
    let hi = line
        .iter()
        .rev()
        .find(|t| t.file == hash.file && t.expansion.is_none())
        .map_or(hash.hi, |t| t.hi);
    SrcSpan {
        file: hash.file,
        lo: hash.lo,
        hi: hi.max(hash.hi),
    }
}
