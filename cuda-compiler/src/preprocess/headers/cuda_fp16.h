// Built-in <cuda_fp16.h>: filled in by the built-ins work.
