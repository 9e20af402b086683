// Built-in <cooperative_groups/reduce.h>
