//! The run plan file (RUN-PLAN.md): TOML read into spanned raw values, so
//! every later error can name the plan's file, line and field.

use super::Failure;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::{Spanned, Value};

/// The plan's text and name, for locating errors.
#[derive(Debug)]
pub struct PlanFile {
    /// The path as the user gave it (what messages show).
    pub display: String,
    /// The folder paths in the plan are relative to.
    pub dir: PathBuf,
    text: String,
}

impl PlanFile {
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text
            .as_bytes()
            .get(..end)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
            + 1
    }

    /// An error at `span` about `field` (exit status 1).
    pub fn error(
        &self,
        span: &Range<usize>,
        field: &str,
        message: impl std::fmt::Display,
    ) -> Failure {
        Failure::plan(format!(
            "{}:{}: {field}: {message}",
            self.display,
            self.line_of(span.start)
        ))
    }

    /// A path of the plan, relative to the plan's folder.
    pub fn resolve(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }

    /// `` `x.cu` `` and, when the plan is not in the current folder, where
    /// that is (`` `x.cu` (plans/x.cu) ``).
    pub fn shown(&self, written: &str) -> String {
        let full = self.resolve(written);
        if full == Path::new(written) {
            format!("`{written}`")
        } else {
            format!("`{written}` ({})", full.display())
        }
    }

    /// The table a byte offset lies in, as a field path prefix
    /// (`buffer[1].`, `output.`, or empty at the top level).
    fn table_before(&self, offset: usize) -> String {
        let upto = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut current = String::new();
        let is_name = |n: &str| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        };
        for line in upto.lines() {
            let line = line.trim();
            if !line.ends_with(']') || !is_name(line.trim_matches(['[', ']'])) {
                continue;
            }
            if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
                let name = name.trim().to_string();
                let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((name.clone(), 0));
                        0
                    }
                };
                current = format!("{name}[{n}].");
            } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
                current = format!("{}.", name.trim());
            }
        }
        current
    }

    /// The key written before `offset` on its line (`len` in `len = -1`),
    /// to name the field of a TOML or type error.
    fn key_before(&self, offset: usize) -> Option<String> {
        let upto = self.text.get(..offset.min(self.text.len()))?;
        let line = upto.rsplit('\n').next()?;
        let (key, _) = line.rsplit_once('=')?;
        let key = key.rsplit([',', '{', '[']).next()?.trim();
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        valid.then(|| key.to_string())
    }
}

/// The whole plan as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// The CUDA source file.
    pub source: Spanned<String>,
    /// Include search paths.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Macros for the source.
    #[serde(default)]
    pub defines: Option<Spanned<toml::Table>>,
    /// Buffers in declaration order.
    #[serde(default)]
    pub buffer: Vec<Spanned<RawBuffer>>,
    /// Launches in order.
    #[serde(default)]
    pub launch: Vec<Spanned<RawLaunch>>,
    /// Buffers to write out.
    #[serde(default)]
    pub output: Option<Spanned<RawOutput>>,
}

/// One `[[buffer]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBuffer {
    /// Its name (`"@name"` in args).
    pub name: Spanned<String>,
    /// Element type (`f32`, …).
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    /// Number of elements.
    pub len: Spanned<u64>,
    /// Initial contents (zero when absent).
    #[serde(default)]
    pub init: Option<Spanned<RawInit>>,
}

/// How a buffer starts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawInit {
    /// Uniform SplitMix64 numbers.
    Random(RawRandom),
    /// One value everywhere.
    Fill(Value),
    /// `start + i * step`.
    Iota(RawIota),
    /// Every element listed.
    Values(Vec<Value>),
    /// Raw little-endian bytes from a file.
    File(String),
}

/// `{ random = { seed, min, max } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRandom {
    /// SplitMix64 start state.
    #[serde(default)]
    pub seed: u64,
    /// Smallest value.
    pub min: Value,
    /// Largest value (inclusive for integers).
    pub max: Value,
}

/// `{ iota = { start, step } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIota {
    /// First value (default 0).
    #[serde(default)]
    pub start: Option<Value>,
    /// Difference between neighbours (default 1).
    #[serde(default)]
    pub step: Option<Value>,
}

/// One `[[launch]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLaunch {
    /// The kernel name (`scale<float>` for a template instance).
    pub kernel: Spanned<String>,
    /// 1 to 3 block counts.
    pub grid: Spanned<Value>,
    /// 1 to 3 thread counts.
    pub block: Spanned<Value>,
    /// Dynamic shared memory bytes.
    #[serde(default)]
    pub shared_bytes: Option<Spanned<u32>>,
    /// Arguments in parameter order.
    #[serde(default)]
    pub args: Vec<Spanned<Value>>,
    /// Launches of this entry.
    #[serde(default)]
    pub repeat: Option<Spanned<u32>>,
}

/// `[output]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Buffers written as `NAME.bin`.
    pub buffers: Vec<Spanned<String>>,
}

/// Reads and parses a plan file (exit status 1 on any error).
pub fn read(path: &Path) -> Result<(PlanFile, RawPlan), Failure> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::plan(format!("cannot read plan `{display}`: {e}")))?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file = PlanFile { display, dir, text };
    let raw = toml::from_str::<RawPlan>(&file.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim_end().replace('\n', " ");
        match file.key_before(span.start) {
            Some(key) => {
                let field = format!("{}{key}", file.table_before(span.start));
                file.error(&span, &field, message)
            }
            None => {
                let table = file.table_before(span.start);
                match table.strip_suffix('.') {
                    Some(field) => file.error(&span, field, message),
                    None => Failure::plan(format!(
                        "{}:{}: {message}",
                        file.display,
                        file.line_of(span.start)
                    )),
                }
            }
        }
    })?;
    Ok((file, raw))
}

/// Describes a TOML value for messages (`2.5`, `"abc"`, `a table`).
pub fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Table(_) => "a table".to_string(),
    }
}
