//! The parts of a run plan (RUN-PLAN.md) that the references need: buffer
//! declarations with their initial contents, launches and outputs.

use super::init::initial_values;
use super::values::{Elem, ElemType, Values};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A plan file as written (only the fields the tests read are typed).
#[derive(Debug, Clone, Deserialize)]
pub struct Plan {
    /// The CUDA source, relative to the plan file.
    pub source: String,
    /// Buffers, in declaration order.
    #[serde(rename = "buffer", default)]
    pub buffers: Vec<BufferSpec>,
    /// Launches, in order.
    #[serde(rename = "launch", default)]
    pub launches: Vec<LaunchSpec>,
    /// The buffers written out.
    pub output: OutputSpec,
}

/// One `[[buffer]]`.
#[derive(Debug, Clone, Deserialize)]
pub struct BufferSpec {
    /// The buffer's name (`@name` in args, `name.bin` on output).
    pub name: String,
    /// The element type name (`f32`, `u8`, ...).
    #[serde(rename = "type")]
    pub ty: String,
    /// Number of elements.
    pub len: usize,
    /// The initialiser table (`fill`, `random`, `iota`, `values`, `file`).
    pub init: Option<toml::Value>,
}

/// One `[[launch]]`.
#[derive(Debug, Clone, Deserialize)]
pub struct LaunchSpec {
    /// Kernel name, e.g. `scale<float>` or `blas::scal`.
    pub kernel: String,
    /// 1 to 3 grid dimensions.
    pub grid: Vec<u32>,
    /// 1 to 3 block dimensions.
    pub block: Vec<u32>,
    /// Dynamic shared memory bytes.
    #[serde(default)]
    pub shared_bytes: u64,
    /// Arguments in parameter order.
    #[serde(default)]
    pub args: Vec<toml::Value>,
    /// How many times this entry launches.
    #[serde(default = "one")]
    pub repeat: u32,
}

fn one() -> u32 {
    1
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize)]
pub struct OutputSpec {
    /// Names of the buffers written as `NAME.bin`.
    pub buffers: Vec<String>,
}

/// A parsed plan with every buffer's initial contents generated.
#[derive(Debug, Clone)]
pub struct PlanInputs {
    /// The plan.
    pub plan: Plan,
    /// The folder of the plan file.
    pub dir: PathBuf,
    /// Initial contents by buffer name.
    pub buffers: BTreeMap<String, Values>,
}

impl PlanInputs {
    /// Reads and parses a plan and generates its buffers.
    pub fn load(path: &Path) -> Result<PlanInputs, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
        let plan: Plan = toml::from_str(&text).map_err(|e| format!("bad plan: {e}"))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut buffers = BTreeMap::new();
        for b in &plan.buffers {
            let ty = ElemType::parse(&b.ty)
                .ok_or_else(|| format!("buffer `{}`: unknown type `{}`", b.name, b.ty))?;
            let v = initial_values(ty, b.len, b.init.as_ref(), &dir)
                .map_err(|e| format!("buffer `{}`: {e}", b.name))?;
            buffers.insert(b.name.clone(), v);
        }
        Ok(PlanInputs { plan, dir, buffers })
    }

    /// The initial contents of buffer `name` as a vector of `T`.
    pub fn get<T: Elem>(&self, name: &str) -> Result<Vec<T>, String> {
        let v = self
            .buffers
            .get(name)
            .ok_or_else(|| format!("the plan has no buffer `{name}`"))?;
        T::slice(v)
            .map(<[T]>::to_vec)
            .ok_or_else(|| format!("buffer `{name}` is `{}`", v.elem_type().name()))
    }

    /// The declared element type of buffer `name`.
    pub fn elem_type(&self, name: &str) -> Option<ElemType> {
        self.buffers.get(name).map(Values::elem_type)
    }

    /// Scalar argument `arg` of launch entry `launch`, as f64.
    pub fn scalar(&self, launch: usize, arg: usize) -> Result<f64, String> {
        let v = self
            .plan
            .launches
            .get(launch)
            .and_then(|l| l.args.get(arg))
            .ok_or_else(|| format!("launch {launch} has no argument {arg}"))?;
        match v {
            toml::Value::Integer(i) => Ok(*i as f64),
            toml::Value::Float(f) => Ok(*f),
            other => Err(format!(
                "launch {launch} argument {arg} is `{other}`, not a number"
            )),
        }
    }

    /// Scalar argument as i64 (integers only).
    pub fn int(&self, launch: usize, arg: usize) -> Result<i64, String> {
        let x = self.scalar(launch, arg)?;
        if x.fract() != 0.0 {
            return Err(format!("launch {launch} argument {arg} is not an integer"));
        }
        Ok(x as i64)
    }
}
