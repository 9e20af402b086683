//! Built-in headers (embedded text under `headers/`), the standard host
//! headers read as empty, and the predefined macros.

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
pub(super) const HOST_HEADERS: &[&str] = &[
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

/// Looks a header up in the built-in set.
pub(super) fn builtin(name: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN_HEADERS.iter().copied().find(|(n, _)| *n == name)
}
