//! Buffer initialisers of RUN-PLAN.md, reproduced independently of the
//! runtime: `random` (SplitMix64, exactly as the format specifies), `fill`,
//! `iota`, `values` and `file`.

use super::values::{ElemType, Values};
use half::f16;
use std::path::Path;

/// The SplitMix64 generator of RUN-PLAN.md (wrapping u64 arithmetic).
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose state starts at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The standard SplitMix64 step.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// One element before rounding to the buffer type: floats are carried in
/// f64, integers in i128 (the precisions RUN-PLAN.md computes in).
#[derive(Debug, Clone, Copy)]
enum Raw {
    Float(f64),
    Int(i128),
}

fn number(v: &toml::Value, what: &str) -> Result<Raw, String> {
    match v {
        toml::Value::Integer(i) => Ok(Raw::Int(i128::from(*i))),
        toml::Value::Float(f) => Ok(Raw::Float(*f)),
        toml::Value::Boolean(b) => Ok(Raw::Int(i128::from(*b))),
        other => Err(format!("{what}: expected a number, found `{other}`")),
    }
}

fn as_f64(r: Raw) -> f64 {
    match r {
        Raw::Float(f) => f,
        Raw::Int(i) => i as f64,
    }
}

fn as_i128(r: Raw, what: &str) -> Result<i128, String> {
    match r {
        Raw::Int(i) => Ok(i),
        Raw::Float(f) if f.fract() == 0.0 && f.is_finite() => Ok(f as i128),
        Raw::Float(f) => Err(format!("{what}: {f} is not an integer")),
    }
}

fn field<'a>(t: &'a toml::Table, key: &str, what: &str) -> Result<&'a toml::Value, String> {
    t.get(key).ok_or_else(|| format!("{what}: missing `{key}`"))
}

/// Rounds raw elements to the buffer's element type (floats: round to
/// nearest even from f64; integers: wrapping cast from i128, as `as` does).
fn typed(ty: ElemType, raw: &[Raw]) -> Result<Values, String> {
    let f = |r: &Raw| as_f64(*r);
    let i = |r: &Raw| as_i128(*r, "integer buffer");
    Ok(match ty {
        ElemType::F16 => Values::F16(raw.iter().map(|r| f16::from_f64(f(r))).collect()),
        ElemType::F32 => Values::F32(raw.iter().map(|r| f(r) as f32).collect()),
        ElemType::F64 => Values::F64(raw.iter().map(f).collect()),
        ElemType::I8 => Values::I8(
            raw.iter()
                .map(|r| i(r).map(|v| v as i8))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::U8 => Values::U8(
            raw.iter()
                .map(|r| i(r).map(|v| v as u8))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::I16 => Values::I16(
            raw.iter()
                .map(|r| i(r).map(|v| v as i16))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::U16 => Values::U16(
            raw.iter()
                .map(|r| i(r).map(|v| v as u16))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::I32 => Values::I32(
            raw.iter()
                .map(|r| i(r).map(|v| v as i32))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::U32 => Values::U32(
            raw.iter()
                .map(|r| i(r).map(|v| v as u32))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::I64 => Values::I64(
            raw.iter()
                .map(|r| i(r).map(|v| v as i64))
                .collect::<Result<_, _>>()?,
        ),
        ElemType::U64 => Values::U64(
            raw.iter()
                .map(|r| i(r).map(|v| v as u64))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// `random = { seed, min, max }`: uniform floats in [min, max), or integers
/// in the inclusive range [min, max] (bounds taken as i128 when they are
/// TOML integers, so 64-bit ranges are exact).
pub fn random(ty: ElemType, len: usize, seed: u64, min: f64, max: f64) -> Values {
    random_raw(ty, len, seed, Raw::Float(min), Raw::Float(max))
}

fn random_raw(ty: ElemType, len: usize, seed: u64, min: Raw, max: Raw) -> Values {
    let mut rng = SplitMix64::new(seed);
    let is_float = matches!(ty, ElemType::F16 | ElemType::F32 | ElemType::F64);
    let int = |r: Raw| match r {
        Raw::Int(i) => i,
        Raw::Float(f) => f as i128,
    };
    let (flo, fhi) = (as_f64(min), as_f64(max));
    let (lo, hi) = (int(min), int(max));
    let raw: Vec<Raw> = (0..len)
        .map(|_| {
            let u = rng.next_u64();
            if is_float {
                let unit = (u >> 11) as f64 / 9_007_199_254_740_992.0; // 2^53
                Raw::Float(flo + (fhi - flo) * unit)
            } else {
                Raw::Int(lo + (i128::from(u) % (hi - lo + 1).max(1)))
            }
        })
        .collect();
    // Every raw element is an integer or a float that `typed` accepts.
    typed(ty, &raw).unwrap_or_else(|_| Values::U8(Vec::new()))
}

/// Builds a buffer's initial contents from its plan `init` table (`None`:
/// zero-filled). `plan_dir` resolves `file` paths.
pub fn initial_values(
    ty: ElemType,
    len: usize,
    init: Option<&toml::Value>,
    plan_dir: &Path,
) -> Result<Values, String> {
    let Some(init) = init else {
        return typed(ty, &vec![Raw::Int(0); len]);
    };
    let table = init
        .as_table()
        .ok_or_else(|| format!("init: expected a table, found `{init}`"))?;
    let (kind, spec) = table
        .iter()
        .next()
        .ok_or_else(|| "init: empty table".to_string())?;
    match kind.as_str() {
        "fill" => typed(ty, &vec![number(spec, "fill")?; len]),
        "random" => {
            let t = spec.as_table().ok_or("random: expected a table")?;
            let seed = as_i128(number(field(t, "seed", "random")?, "seed")?, "seed")?;
            let min = number(field(t, "min", "random")?, "min")?;
            let max = number(field(t, "max", "random")?, "max")?;
            Ok(random_raw(ty, len, seed as u64, min, max))
        }
        "iota" => {
            let t = spec.as_table().ok_or("iota: expected a table")?;
            let start = number(t.get("start").unwrap_or(&toml::Value::Integer(0)), "start")?;
            let step = number(t.get("step").unwrap_or(&toml::Value::Integer(1)), "step")?;
            let raw = (0..len)
                .map(|k| match (start, step) {
                    (Raw::Int(s), Raw::Int(d)) => Raw::Int(s + d * k as i128),
                    _ => Raw::Float(as_f64(start) + as_f64(step) * k as f64),
                })
                .collect::<Vec<_>>();
            typed(ty, &raw)
        }
        "values" => {
            let list = spec.as_array().ok_or("values: expected an array")?;
            if list.len() != len {
                return Err(format!("values: {} values for len {len}", list.len()));
            }
            let raw = list
                .iter()
                .map(|v| number(v, "values"))
                .collect::<Result<Vec<_>, _>>()?;
            typed(ty, &raw)
        }
        "file" => {
            let name = spec.as_str().ok_or("file: expected a path")?;
            let bytes =
                std::fs::read(plan_dir.join(name)).map_err(|e| format!("file `{name}`: {e}"))?;
            let v = Values::from_le_bytes(ty, &bytes)?;
            if v.len() != len {
                return Err(format!("file `{name}`: {} elements for len {len}", v.len()));
            }
            Ok(v)
        }
        other => Err(format!("init: unknown kind `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_sequence_for_seed_zero() {
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn integer_random_is_inclusive_and_float_random_is_half_open() {
        let Values::I32(v) = random(ElemType::I32, 1000, 3, -2.0, 2.0) else {
            panic!("wrong type")
        };
        assert!(v.iter().all(|x| (-2..=2).contains(x)));
        assert!(v.contains(&-2) && v.contains(&2));
        let Values::F32(f) = random(ElemType::F32, 1000, 3, -1.0, 1.0) else {
            panic!("wrong type")
        };
        assert!(f.iter().all(|x| (-1.0..=1.0).contains(x)));
    }

    #[test]
    fn iota_and_values() {
        let iota: toml::Value = toml::from_str("iota = { start = 5, step = 3 }").unwrap();
        assert_eq!(
            initial_values(ElemType::U32, 3, Some(&iota), Path::new(".")).unwrap(),
            Values::U32(vec![5, 8, 11])
        );
        let vals: toml::Value = toml::from_str("values = [1, -2.5]").unwrap();
        assert_eq!(
            initial_values(ElemType::F32, 2, Some(&vals), Path::new(".")).unwrap(),
            Values::F32(vec![1.0, -2.5])
        );
    }
}
