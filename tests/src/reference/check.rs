//! Expected outputs and the rule each is compared by.

use super::values::{Elem, Values};

/// How an output buffer is compared with its reference.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Bit-exact (integers; floats whose computation is fully determined).
    Exact,
    /// Bit-exact except the listed element indices (struct padding).
    ExactExcept(Vec<usize>),
    /// Floats within this many units in the last place of the reference
    /// (NaN matches NaN; ±0 match).
    Ulp(u32),
    /// `|actual - expected| <= tol[i]` per element (sums whose order is not
    /// fixed: the tolerance comes from the magnitude of the summed terms).
    Abs(Vec<f64>),
    /// The first `n` elements are compared as multisets (order set by
    /// atomics), the rest bit-exactly.
    SortedPrefix(usize),
}

impl Check {
    /// A short name for error tables.
    pub fn describe(&self) -> String {
        match self {
            Check::Exact => "exact".into(),
            Check::ExactExcept(v) => format!("exact except {} elements", v.len()),
            Check::Ulp(n) => format!("ulp<={n}"),
            Check::Abs(_) => "abs tolerance".into(),
            Check::SortedPrefix(n) => format!("multiset of first {n}, rest exact"),
        }
    }
}

/// One expected output buffer.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The output buffer's name.
    pub buffer: String,
    /// The expected contents.
    pub values: Values,
    /// The comparison rule.
    pub check: Check,
}

/// Bit-exact expectation.
pub fn exact<T: Elem>(name: &str, v: Vec<T>) -> Expected {
    Expected {
        buffer: name.into(),
        values: T::wrap(v),
        check: Check::Exact,
    }
}

/// Expectation within `n` ULP.
pub fn ulp<T: Elem>(name: &str, v: Vec<T>, n: u32) -> Expected {
    Expected {
        buffer: name.into(),
        values: T::wrap(v),
        check: Check::Ulp(n),
    }
}

/// Expectation within per-element absolute tolerances.
pub fn within<T: Elem>(name: &str, v: Vec<T>, tol: Vec<f64>) -> Expected {
    Expected {
        buffer: name.into(),
        values: T::wrap(v),
        check: Check::Abs(tol),
    }
}

/// f32 unit roundoff (2^-24).
pub const U32: f64 = 5.960_464_477_539_063e-8;
/// f64 unit roundoff (2^-53).
pub const U64: f64 = 1.110_223_024_625_156_5e-16;

/// Expectation from f64 values and magnitudes (sum of |terms| along the
/// computation): f32 outputs within `rel * magnitude` (plus one f32 ulp of
/// the value for the final rounding).
pub fn f32_within_mag(name: &str, value: &[f64], mag: &[f64], rel: f64) -> Expected {
    let tol = value
        .iter()
        .zip(mag)
        .map(|(v, m)| rel * m + 2.0 * U32 * v.abs() + f64::from(f32::MIN_POSITIVE))
        .collect();
    within(name, value.iter().map(|v| *v as f32).collect(), tol)
}

/// Like [`f32_within_mag`] for f64 outputs.
pub fn f64_within_mag(name: &str, value: &[f64], mag: &[f64], rel: f64) -> Expected {
    let tol = value
        .iter()
        .zip(mag)
        .map(|(v, m)| rel * m + 2.0 * U64 * v.abs() + f64::MIN_POSITIVE)
        .collect();
    within(name, value.to_vec(), tol)
}

/// A mismatch summary for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Number of elements that differ.
    pub count: usize,
    /// The first differing index.
    pub first: usize,
    /// Expected and actual values at `first`.
    pub at_first: (f64, f64),
    /// Largest |actual - expected| over differing elements (NaN-free).
    pub max_err: f64,
}

fn ulp_distance(a: f64, b: f64, bits: u32) -> u64 {
    // Map to an ordered integer line of the element type.
    let ord = |x: f64| -> i64 {
        match bits {
            16 => {
                let h = i64::from(half::f16::from_f64(x).to_bits() as i16);
                if h < 0 {
                    i64::from(i16::MIN) - h
                } else {
                    h
                }
            }
            32 => {
                let b = i64::from((x as f32).to_bits() as i32);
                if b < 0 {
                    i64::from(i32::MIN) - b
                } else {
                    b
                }
            }
            _ => {
                let b = x.to_bits() as i64;
                if b < 0 {
                    i64::MIN.wrapping_sub(b)
                } else {
                    b
                }
            }
        }
    };
    ord(a).abs_diff(ord(b))
}

/// Compares `actual` with `exp`; `Ok(())` when every element passes.
pub fn compare(exp: &Expected, actual: &Values) -> Result<(), Mismatch> {
    let n = exp.values.len();
    let mut bad = Vec::new();
    if actual.len() != n || actual.elem_type() != exp.values.elem_type() {
        return Err(Mismatch {
            count: n.max(actual.len()),
            first: 0,
            at_first: (f64::NAN, f64::NAN),
            max_err: f64::INFINITY,
        });
    }
    let bits = (exp.values.elem_type().size() * 8) as u32;
    match &exp.check {
        Check::SortedPrefix(k) => {
            let k = (*k).min(n);
            let mut e: Vec<i128> = (0..k).filter_map(|i| exp.values.get_ordered(i)).collect();
            let mut a: Vec<i128> = (0..k).filter_map(|i| actual.get_ordered(i)).collect();
            e.sort_unstable();
            a.sort_unstable();
            if e != a {
                let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(0);
                bad.push(first);
            }
            bad.extend((k..n).filter(|&i| exp.values.get_bits(i) != actual.get_bits(i)));
        }
        _ => {
            for i in 0..n {
                let (Some(e), Some(a)) = (exp.values.get_f64(i), actual.get_f64(i)) else {
                    bad.push(i);
                    continue;
                };
                let same_bits = exp.values.get_bits(i) == actual.get_bits(i);
                let ok = match &exp.check {
                    Check::Exact => same_bits || (e.is_nan() && a.is_nan()),
                    Check::ExactExcept(skip) => same_bits || skip.contains(&i),
                    Check::Ulp(u) => {
                        same_bits
                            || (e.is_nan() && a.is_nan())
                            || (e == a)
                            || (e.is_finite()
                                && a.is_finite()
                                && ulp_distance(e, a, bits) <= u64::from(*u))
                    }
                    Check::Abs(tol) => {
                        same_bits
                            || (e.is_nan() && a.is_nan())
                            || (a - e).abs() <= tol.get(i).copied().unwrap_or(0.0)
                    }
                    Check::SortedPrefix(_) => true,
                };
                if !ok {
                    bad.push(i);
                }
            }
        }
    }
    let Some(&first) = bad.first() else {
        return Ok(());
    };
    let max_err = bad
        .iter()
        .filter_map(|&i| Some((exp.values.get_f64(i)? - actual.get_f64(i)?).abs()))
        .filter(|x| !x.is_nan())
        .fold(0.0, f64::max);
    Err(Mismatch {
        count: bad.len(),
        first,
        at_first: (
            exp.values.get_f64(first).unwrap_or(f64::NAN),
            actual.get_f64(first).unwrap_or(f64::NAN),
        ),
        max_err,
    })
}
