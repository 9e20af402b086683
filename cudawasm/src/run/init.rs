//! Buffer element types and initial contents (RUN-PLAN.md "Format").

use super::plan::{describe, PlanFile, RawInit, RawIota, RawRandom};
use super::scalar::{float_scalar, int_range, int_scalar, push_scalar, to_scalar};
use super::Failure;
use cuda_rt::ScalarType;
use std::ops::Range;
use toml::Value;

/// The element types a plan's buffers may have.
pub const BUFFER_TYPES: [ScalarType; 11] = [
    ScalarType::F16,
    ScalarType::F32,
    ScalarType::F64,
    ScalarType::I8,
    ScalarType::U8,
    ScalarType::I16,
    ScalarType::U16,
    ScalarType::I32,
    ScalarType::U32,
    ScalarType::I64,
    ScalarType::U64,
];

/// The buffer type of a plan's `type` field.
pub fn buffer_type(name: &str) -> Option<ScalarType> {
    BUFFER_TYPES.into_iter().find(|t| t.short_name() == name)
}

/// The standard SplitMix64 generator (RUN-PLAN.md spells it out so any
/// language reproduces the same bytes).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose state starts at `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What is being initialised, for messages.
pub struct Target<'a> {
    /// The plan.
    pub file: &'a PlanFile,
    /// The `init` value's span.
    pub span: Range<usize>,
    /// `buffer[2].init`.
    pub field: String,
    /// The buffer's name.
    pub name: &'a str,
    /// Its element type.
    pub ty: ScalarType,
    /// Its length in elements.
    pub len: usize,
}

impl Target<'_> {
    fn error(&self, sub: &str, message: impl std::fmt::Display) -> Failure {
        self.file
            .error(&self.span, &format!("{}{sub}", self.field), message)
    }

    fn what(&self) -> String {
        format!("buffer `{}` of type `{}`", self.name, self.ty)
    }
}

/// The initial bytes of a buffer (zero when `init` is absent).
pub fn initial_bytes(t: &Target<'_>, init: Option<&RawInit>) -> Result<Vec<u8>, Failure> {
    let size = t.ty.size();
    let bytes = t.len.saturating_mul(size);
    let mut out = Vec::new();
    out.try_reserve_exact(bytes)
        .map_err(|_| t.error("", format!("{bytes} bytes do not fit in host memory")))?;
    let Some(init) = init else {
        out.resize(bytes, 0);
        return Ok(out);
    };
    match init {
        RawInit::Fill(v) => {
            let s = to_scalar(v, t.ty).map_err(|m| t.error(".fill", m.message(&t.what())))?;
            for _ in 0..t.len {
                push_scalar(&mut out, s);
            }
        }
        RawInit::Values(values) => {
            if values.len() != t.len {
                return Err(t.error(
                    ".values",
                    format!(
                        "{} values given but buffer `{}` has len {}",
                        values.len(),
                        t.name,
                        t.len
                    ),
                ));
            }
            for (i, v) in values.iter().enumerate() {
                let s = to_scalar(v, t.ty)
                    .map_err(|m| t.error(&format!(".values[{i}]"), m.message(&t.what())))?;
                push_scalar(&mut out, s);
            }
        }
        RawInit::Iota(iota) => iota_bytes(t, iota, &mut out)?,
        RawInit::Random(random) => random_bytes(t, random, &mut out)?,
        RawInit::File(path) => {
            let full = t.file.resolve(path);
            let data = std::fs::read(&full).map_err(|e| {
                t.error(".file", format!("cannot read {}: {e}", t.file.shown(path)))
            })?;
            if data.len() != bytes {
                return Err(t.error(
                    ".file",
                    format!(
                        "`{path}` has {} bytes but buffer `{}` needs {bytes} ({} × {})",
                        data.len(),
                        t.name,
                        t.len,
                        t.ty
                    ),
                ));
            }
            out = data;
        }
    }
    Ok(out)
}

/// An integer field of an init table for an integer buffer (checked
/// against the buffer type's range when `in_range`).
fn int_field(t: &Target<'_>, sub: &str, v: &Value, in_range: bool) -> Result<i128, Failure> {
    match v {
        Value::Integer(i) => {
            let i = i128::from(*i);
            match int_range(t.ty) {
                Some((lo, hi)) if in_range && (i < lo || i > hi) => {
                    Err(t.error(sub, format!("value {i} does not fit {}", t.what())))
                }
                _ => Ok(i),
            }
        }
        other => Err(t.error(
            sub,
            format!("{} takes integers, found {}", t.what(), describe(other)),
        )),
    }
}

/// A number field of an init table for a floating buffer.
fn float_field(t: &Target<'_>, sub: &str, v: &Value) -> Result<f64, Failure> {
    match v {
        Value::Integer(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => Err(t.error(
            sub,
            format!("{} takes numbers, found {}", t.what(), describe(other)),
        )),
    }
}

fn iota_bytes(t: &Target<'_>, iota: &RawIota, out: &mut Vec<u8>) -> Result<(), Failure> {
    let zero = Value::Integer(0);
    let one = Value::Integer(1);
    let start = iota.start.as_ref().unwrap_or(&zero);
    let step = iota.step.as_ref().unwrap_or(&one);
    if t.ty.is_float() {
        let start = float_field(t, ".iota.start", start)?;
        let step = float_field(t, ".iota.step", step)?;
        for i in 0..t.len {
            let v = start + (i as f64) * step;
            let s = float_scalar(t.ty, v).map_err(|m| t.error(".iota", m.message(&t.what())))?;
            push_scalar(out, s);
        }
    } else {
        let start = int_field(t, ".iota.start", start, false)?;
        let step = int_field(t, ".iota.step", step, false)?;
        for i in 0..t.len {
            let v = start + (i as i128) * step;
            let s = int_scalar(t.ty, v).map_err(|m| t.error(".iota", m.message(&t.what())))?;
            push_scalar(out, s);
        }
    }
    Ok(())
}

fn random_bytes(t: &Target<'_>, r: &RawRandom, out: &mut Vec<u8>) -> Result<(), Failure> {
    let mut rng = SplitMix64::new(r.seed);
    if t.ty.is_float() {
        let min = float_field(t, ".random.min", &r.min)?;
        let max = float_field(t, ".random.max", &r.max)?;
        if !(min.is_finite() && max.is_finite() && min <= max) {
            return Err(t.error(
                ".random",
                format!("`min` ({min:?}) and `max` ({max:?}) must be finite with min ≤ max"),
            ));
        }
        const TWO_POW_53: f64 = 9_007_199_254_740_992.0;
        for _ in 0..t.len {
            let u = rng.next_u64();
            let v = min + (max - min) * ((u >> 11) as f64 / TWO_POW_53);
            let s = float_scalar(t.ty, v).map_err(|m| t.error(".random", m.message(&t.what())))?;
            push_scalar(out, s);
        }
    } else {
        let min = int_field(t, ".random.min", &r.min, true)?;
        let max = int_field(t, ".random.max", &r.max, true)?;
        if min > max {
            return Err(t.error(
                ".random",
                format!("`min` ({min}) must not be larger than `max` ({max})"),
            ));
        }
        let span = max - min + 1;
        for _ in 0..t.len {
            let u = i128::from(rng.next_u64());
            let s = int_scalar(t.ty, min + u % span)
                .map_err(|m| t.error(".random", m.message(&t.what())))?;
            push_scalar(out, s);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The reference outputs of SplitMix64 seeded with 0.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
