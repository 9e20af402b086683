//! Shared helpers of the PolyBench references: dot products in f64 with the
//! magnitude of their terms, for tolerances relative to that magnitude.

/// `sum_k f(k)` and `sum_k |f(k)|` in f64.
pub fn dot(n: usize, f: impl Fn(usize) -> f64) -> (f64, f64) {
    (0..n).fold((0.0, 0.0), |(s, m), k| {
        let t = f(k);
        (s + t, m + t.abs())
    })
}
