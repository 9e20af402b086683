//! Every conformance plan run twice on the CPU, by the executor
//! (`back::cpu::compile_checked`) and by the Rust that `emit_rust` printed
//! for the same kernels (compiled by `build.rs`), on the same inputs. Every
//! output buffer must be bit-identical between the two (a plan whose
//! reference allows a tolerance, because atomics order float sums, may
//! differ within it), and the generated outputs must pass the independent
//! references of `cudawasm_tests::reference`. All problems are collected
//! and reported in one table.

use cuda_compiler::back::cpu::{compile_checked, value_leaves};
use cuda_compiler::ir::Type;
use cuda_compiler::Options;
use cuda_cpu::sem::{convert, Round, K};
use cuda_cpu::{CpuKernel, Dim3, GlobalBuffer, KernelArg, LaunchDims, LaunchOptions, ScalarArg};
use cudawasm_gen_cpu::plans::{plan_compile, plan_files};
use cudawasm_gen_cpu::{generated, Kernel};
use cudawasm_tests::reference::check::{compare, Check};
use cudawasm_tests::reference::plan::PlanInputs;
use cudawasm_tests::reference::reference;
use cudawasm_tests::reference::values::Values;
use std::path::{Path, PathBuf};

fn plans_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance/plans")
}

fn bytes_of(v: &Values) -> Vec<u8> {
    let size = v.elem_type().size();
    (0..v.len())
        .flat_map(|i| v.get_bits(i).unwrap_or(0).to_le_bytes()[..size].to_vec())
        .collect()
}

fn dim(v: &[u32]) -> Dim3 {
    Dim3::new(
        v.first().copied().unwrap_or(1),
        v.get(1).copied().unwrap_or(1),
        v.get(2).copied().unwrap_or(1),
    )
}

/// Numbers of a `{ fields = [...] }` value, depth first.
fn flatten(v: &toml::Value, out: &mut Vec<toml::Value>) {
    match v {
        toml::Value::Table(t) => {
            if let Some(f) = t.get("fields") {
                flatten(f, out);
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| flatten(x, out)),
        other => out.push(other.clone()),
    }
}

fn number_bits(v: &toml::Value, to: K) -> Result<u64, String> {
    match v {
        toml::Value::Integer(i) => Ok(convert(K::I64, to, Round::Nearest, *i as u64)),
        toml::Value::Float(f) => Ok(convert(K::F64, to, Round::Nearest, f.to_bits())),
        toml::Value::Boolean(b) => Ok(u64::from(*b)),
        other => Err(format!("not a number: {other}")),
    }
}

/// The launch's arguments, by the kernel's parameter types.
enum Arg {
    Buf(usize, u64),
    Scalar(ScalarArg),
    Bytes(Vec<u8>),
}

fn bind(
    module: &cuda_compiler::ir::Module,
    kernel: &str,
    args: &[toml::Value],
    names: &[String],
    inputs: &PlanInputs,
) -> Result<Vec<Arg>, String> {
    let k = module
        .kernels
        .iter()
        .find(|k| k.name == kernel)
        .ok_or_else(|| format!("no kernel `{kernel}`"))?;
    let mut out = Vec::new();
    for (v, p) in args.iter().zip(&k.params) {
        match v {
            toml::Value::String(s) if s.starts_with('@') => {
                let (name, off) = match s[1..].split_once('+') {
                    Some((n, o)) => (
                        n.trim(),
                        o.trim().parse::<u64>().map_err(|e| e.to_string())?,
                    ),
                    None => (&s[1..], 0),
                };
                let i = names
                    .iter()
                    .position(|n| n == name)
                    .ok_or_else(|| format!("no buffer `{name}`"))?;
                let size = inputs.elem_type(name).map_or(1, |t| t.size()) as u64;
                out.push(Arg::Buf(i, off * size));
            }
            toml::Value::Table(_) | toml::Value::Array(_) => {
                let leaves =
                    value_leaves(module, &p.ty).ok_or("a by-value argument with no layout")?;
                let (size, _) = module.size_align(&p.ty);
                let mut nums = Vec::new();
                flatten(v, &mut nums);
                let mut bytes = vec![0u8; size as usize];
                for (leaf, n) in leaves.iter().zip(&nums) {
                    let bits = number_bits(n, leaf.k)?;
                    let at = leaf.off as usize;
                    let w = leaf.k.size() as usize;
                    if let Some(dst) = bytes.get_mut(at..at + w) {
                        dst.copy_from_slice(&bits.to_le_bytes()[..w]);
                    }
                }
                out.push(Arg::Bytes(bytes));
            }
            toml::Value::Integer(i) => out.push(Arg::Scalar(ScalarArg::I64(*i))),
            toml::Value::Float(f) => out.push(Arg::Scalar(ScalarArg::F64(*f))),
            toml::Value::Boolean(b) => out.push(Arg::Scalar(ScalarArg::Bool(*b))),
            other => return Err(format!("argument `{other}` not understood")),
        }
        let _ = matches!(p.ty, Type::Void);
    }
    Ok(out)
}

/// Runs every launch of the plan with `kernels(name)`; the buffers after.
fn run_plan(
    inputs: &PlanInputs,
    module: &cuda_compiler::ir::Module,
    kernels: &dyn Fn(&str) -> Result<Kernel, String>,
    opts: &LaunchOptions,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let names: Vec<String> = inputs.plan.buffers.iter().map(|b| b.name.clone()).collect();
    let bufs: Vec<GlobalBuffer> = names
        .iter()
        .map(|n| GlobalBuffer::from_bytes(&inputs.buffers.get(n).map(bytes_of).unwrap_or_default()))
        .collect();
    // One compiled kernel per name for the whole plan: `__device__`
    // variables belong to it and persist across its launches.
    let mut cache: Vec<(String, Kernel)> = Vec::new();
    for (li, l) in inputs.plan.launches.iter().enumerate() {
        let k = match cache.iter().find(|(n, _)| *n == l.kernel) {
            Some((_, k)) => k.clone(),
            None => {
                let k = kernels(&l.kernel)?;
                cache.push((l.kernel.clone(), k.clone()));
                k
            }
        };
        let bound = bind(module, &l.kernel, &l.args, &names, inputs)?;
        let args: Vec<KernelArg<'_>> = bound
            .iter()
            .map(|a| match a {
                Arg::Buf(i, off) => KernelArg::Buffer {
                    buf: &bufs[*i],
                    offset_bytes: *off,
                },
                Arg::Scalar(s) => KernelArg::Scalar(*s),
                Arg::Bytes(b) => KernelArg::Bytes(b),
            })
            .collect();
        let dims = LaunchDims {
            grid: dim(&l.grid),
            block: dim(&l.block),
            dynamic_shared_bytes: l.shared_bytes as u32,
        };
        for _ in 0..l.repeat {
            k.launch(&dims, &args, opts)
                .map_err(|e| format!("launch {li} ({}): {e}", l.kernel))?;
        }
    }
    Ok(names
        .into_iter()
        .zip(bufs.iter().map(|b| b.to_bytes()))
        .collect())
}

/// Runs one plan both ways; its problems.
fn check_plan(plan: &Path, opts: &LaunchOptions) -> Vec<String> {
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let inputs = match PlanInputs::load(plan) {
        Ok(i) => i,
        Err(e) => return vec![e],
    };
    let pc = match plan_compile(plan) {
        Ok(p) => p,
        Err(e) => return vec![e],
    };
    let copts = Options {
        include_dirs: pc.include_dirs.clone(),
        defines: pc.defines.clone(),
        undefines: Vec::new(),
        instances: pc
            .kernels
            .iter()
            .filter(|k| k.contains('<'))
            .cloned()
            .collect(),
    };
    let checked = cuda_compiler::check_file(&pc.source, &copts);
    let Some(module) = &checked.module else {
        return vec!["does not compile".into()];
    };
    let exec = |name: &str| -> Result<Kernel, String> {
        compile_checked(&checked, name).map_err(|d| format!("{d:?}"))
    };
    let gen = |name: &str| -> Result<Kernel, String> {
        generated(&stem, name).unwrap_or_else(|| Err(format!("`{name}` was not generated")))
    };
    let a = match run_plan(&inputs, module, &exec, opts) {
        Ok(a) => a,
        Err(e) => return vec![format!("executor: {e}")],
    };
    let b = match run_plan(&inputs, module, &gen, opts) {
        Ok(b) => b,
        Err(e) => return vec![format!("generated: {e}")],
    };
    let expected = reference(&stem).map(|f| f(&inputs));
    let mut problems = Vec::new();
    for out in &inputs.plan.output.buffers {
        let (Some(x), Some(y)) = (
            a.iter().find(|(n, _)| n == out),
            b.iter().find(|(n, _)| n == out),
        ) else {
            problems.push(format!("{out}: missing"));
            continue;
        };
        let exp = match &expected {
            Some(Ok(e)) => e.iter().find(|e| e.buffer == *out),
            _ => None,
        };
        if x.1 != y.1 {
            let tolerant =
                exp.is_some_and(|e| !matches!(e.check, Check::Exact | Check::ExactExcept(_)));
            if !tolerant {
                problems.push(format!("{out}: generated differs from the executor"));
            }
        }
        if let (Some(e), Some(ty)) = (exp, inputs.elem_type(out)) {
            match Values::from_le_bytes(ty, &y.1) {
                Ok(v) => {
                    if let Err(m) = compare(e, &v) {
                        problems.push(format!("{out}: generated vs reference: {m:?}"));
                    }
                }
                Err(e) => problems.push(format!("{out}: {e}")),
            }
        }
    }
    if let Some(Err(e)) = expected {
        problems.push(format!("reference: {e}"));
    }
    problems
}

#[test]
fn generated_rust_matches_executor_on_every_plan() {
    let opts = LaunchOptions::default();
    let plans = plan_files(&plans_dir());
    assert!(plans.len() >= 60, "only {} plans found", plans.len());
    let mut failures = Vec::new();
    for plan in &plans {
        for p in check_plan(plan, &opts) {
            failures.push(format!("{}: {p}", plan.display()));
        }
    }
    println!("{} plans run by executor and generated Rust", plans.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_launched_kernel_was_generated() {
    let refused: Vec<String> = cudawasm_gen_cpu::GENERATED
        .iter()
        .filter_map(|(p, k, r)| r.as_ref().err().map(|e| format!("{p}/{k}: {e}")))
        .collect();
    println!("{} kernels generated", cudawasm_gen_cpu::GENERATED.len());
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn bounds_checks_off_gives_the_same_results() {
    let opts = LaunchOptions {
        bounds_checks: false,
        ..LaunchOptions::default()
    };
    let plans = plan_files(&plans_dir());
    let mut failures = Vec::new();
    for plan in plans.iter().filter(|p| {
        let s = p.to_string_lossy();
        s.contains("sgemm_tiled") || s.contains("reduce_shared_tree") || s.contains("saxpy")
    }) {
        for p in check_plan(plan, &opts) {
            failures.push(format!("{}: {p}", plan.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[allow(dead_code)]
fn _uses(_: &dyn CpuKernel) {}
