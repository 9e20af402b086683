//! Holds the trybuild cases of `tests/ui/` (compile-time errors of the
//! macros, each `.stderr` reviewed to read like rustc).
