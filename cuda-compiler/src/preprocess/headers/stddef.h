// Built-in <stddef.h> / <cstddef>.
#pragma once
// Shared with <stddef.h>/<stdint.h>: declared once.
#ifndef __cudawasm_size_t_defined
#define __cudawasm_size_t_defined
typedef unsigned long size_t;
#endif
typedef long ptrdiff_t;
#define NULL 0
#define offsetof(type, member) __builtin_offsetof(type, member)
