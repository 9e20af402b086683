// Built-in <cooperative_groups.h>: filled in by the built-ins work.
