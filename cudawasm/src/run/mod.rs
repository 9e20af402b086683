//! `cudawasm run PLAN.toml` (RUN-PLAN.md) and `cudawasm devices`.
//!
//! A plan is read and checked whole before anything runs: the plan's
//! fields, the buffers' initial contents, the CUDA source, every launch's
//! kernel, geometry and arguments. Exit status 1 means the plan or the
//! source is wrong (the message names the plan file, line and field); 2
//! means the backend failed (the message names the backend and kernel).
//!
//! Timing: each `[[launch]]` entry reports `ms` per launch, measured with
//! the stream's events (host time around a synchronized launch on the
//! CPU): the mean of its `repeat` launches, or with `--time` the median
//! after one warm-up launch whose effect on the buffers is undone, so the
//! outputs are the same with and without `--time`. `summary.json` follows
//! RUN-PLAN.md and adds `repeat` to each launch.
//!
//! Buffer pointers: a buffer's element type must be the pointee's scalar
//! (`float*` over `f32`), or the pointee must be byte-compatible: a vector,
//! array or struct with no padding whose fields are all that scalar
//! (`float4` over `f32` with len a multiple of 4), or whose fields all have
//! the element's size (`struct { float m; int alive; }` over `f32`, the
//! int's bits written as the f32 with the same bits). A `u8` buffer is a
//! byte view any struct may be laid over, padding included.

mod bind;
mod compile;
mod demangle;
mod exec;
mod init;
mod plan;
mod ptx_file;
mod scalar;

use bind::{ArgsSite, BufferDecl};
use clap::Args;
use cuda_compiler::{ir, Options};
use cuda_rt::{Device, Dim3, KernelArtifact, LaunchConfig};
use exec::{PlanBuffer, PreparedLaunch};
use plan::{describe, PlanFile, RawLaunch, RawPlan};
use std::path::PathBuf;
use std::process::ExitCode;
use toml::{Spanned, Value};

/// `cudawasm run` options.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The plan file (TOML; see RUN-PLAN.md).
    plan: PathBuf,
    /// `auto`, `cpu`, `wgpu` or `cuda` (`auto` honours `CUDA_RT_BACKEND`).
    #[arg(long, default_value = "auto")]
    backend: String,
    /// Folder for `NAME.bin` outputs and `summary.json` (without it the
    /// summary goes to standard output).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Define a macro for the source, over the plan's `defines`.
    #[arg(long = "define", value_name = "NAME=VALUE")]
    defines: Vec<String>,
    /// Warm up, launch each entry `repeat` times and report the median.
    #[arg(long)]
    time: bool,
    /// Run the kernels from this PTX file (e.g. `nvcc -ptx` output)
    /// instead of our PTX back end's, finding each by its mangled name
    /// (`--backend cuda` only).
    #[arg(long, value_name = "FILE")]
    ptx: Option<PathBuf>,
}

/// A failed run: the exit status and the message.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// The plan or the source is wrong (exit status 1).
    pub fn plan(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
        }
    }

    /// The backend failed (exit status 2).
    pub fn backend(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

/// Runs `cudawasm run`.
pub fn run(args: &RunArgs) -> ExitCode {
    match execute(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Runs `cudawasm devices`: one line per device the runtime finds.
pub fn devices() -> ExitCode {
    for info in Device::list() {
        println!("{info}");
    }
    ExitCode::SUCCESS
}

fn execute(args: &RunArgs) -> Result<(), Failure> {
    let (file, raw) = plan::read(&args.plan)?;
    let options = compile_options(&file, &raw, &args.defines)?;
    let device = match args.backend.as_str() {
        "auto" => Device::auto(),
        name => Device::from_name(name),
    }
    .map_err(|e| Failure::backend(e.to_string()))?;
    let (decls, initial) = buffer_decls(&file, &raw, &device)?;
    let outputs = output_indices(&file, &raw, &decls)?;

    let source = file.resolve(raw.source.get_ref());
    let front_end = std::time::Instant::now();
    let checked = cuda_compiler::check_file(&source, &options);
    if args.time {
        eprintln!(
            "front end {}: {:.3} ms",
            source.display(),
            front_end.elapsed().as_secs_f64() * 1e3
        );
    }
    eprint!("{}", checked.render_diagnostics());
    let module = match (&checked.module, checked.has_errors()) {
        (Some(m), false) => m,
        _ => {
            return Err(file.error(
                &raw.source.span(),
                "source",
                format!("`{}` has errors (see above)", raw.source.get_ref()),
            ))
        }
    };

    let infos = cuda_compiler::analysis::kernel_infos(module);
    let mut artifacts: Vec<KernelArtifact> = Vec::new();
    let mut launches = Vec::with_capacity(raw.launch.len());
    for (i, l) in raw.launch.iter().enumerate() {
        let field = format!("launch[{i}]");
        let l = l.get_ref();
        let kernel = find_kernel(&file, module, &l.kernel, &field)?;
        let site = ArgsSite {
            file: &file,
            field: field.clone(),
            kernel_span: l.kernel.span(),
        };
        let bound = bind::bind_args(&site, module, kernel, &l.args, &decls)?;
        let index = match artifacts.iter().position(|a| a.name == kernel.name) {
            Some(index) => index,
            None => {
                let info = infos.iter().find(|i| i.kernel.name == kernel.name);
                artifacts.push(KernelArtifact {
                    name: kernel.name.clone(),
                    params: bind::param_infos(module, kernel),
                    features: info.map_or_else(Vec::new, |i| {
                        i.features.names().into_iter().map(String::from).collect()
                    }),
                    static_shared_bytes: info.map_or(0, |i| {
                        u32::try_from(i.shared.static_bytes).unwrap_or(u32::MAX)
                    }),
                    max_threads_per_block: info.and_then(|i| i.launch_bounds).map(|(max, _)| max),
                    ..KernelArtifact::default()
                });
                artifacts.len() - 1
            }
        };
        let config = launch_config(&file, l, &field)?;
        if let Some(artifact) = artifacts.get(index) {
            config
                .validate(artifact)
                .map_err(|e| file.error(&l.block.span(), &format!("{field}.block"), e))?;
        }
        let repeat = match &l.repeat {
            Some(r) if *r.get_ref() == 0 => {
                return Err(file.error(&r.span(), &format!("{field}.repeat"), "must be at least 1"))
            }
            Some(r) => *r.get_ref(),
            None => 1,
        };
        launches.push(PreparedLaunch {
            artifact: index,
            config,
            args: bound,
            repeat,
            place: format!(
                "{}:{}, {field}",
                file.display,
                file.line_of(l.kernel.span().start)
            ),
        });
    }

    // The plan is sound; now the backend's code for each kernel.
    if args.ptx.is_some() && device.backend() != cuda_rt::BackendKind::Cuda {
        return Err(Failure::plan(format!(
            "--ptx needs the `cuda` backend, not `{}` (add `--backend cuda`)",
            device.backend()
        )));
    }
    for artifact in &mut artifacts {
        let started = std::time::Instant::now();
        let compiled = compile::add_code(&checked, device.backend(), artifact);
        if args.time {
            eprintln!(
                "compile {} for {}: {:.3} ms{}",
                artifact.name,
                device.backend(),
                started.elapsed().as_secs_f64() * 1e3,
                if compiled.is_ok() { "" } else { " (failed)" }
            );
        }
        // With `--ptx` the file's code replaces ours, which may be missing.
        if args.ptx.is_none() {
            compiled.map_err(|e| {
                Failure::backend(format!(
                    "backend `{}` cannot run kernel `{}`: {e}",
                    device.backend(),
                    artifact.name
                ))
            })?;
        }
    }
    if let Some(path) = &args.ptx {
        ptx_file::use_ptx_file(path, &mut artifacts)?;
    }

    let mut buffers = Vec::with_capacity(decls.len());
    for (d, bytes) in decls.iter().zip(initial) {
        let alloc = |e: cuda_rt::Error| {
            Failure::backend(format!(
                "backend `{}` failed creating buffer `{}`: {e}",
                device.backend(),
                d.name
            ))
        };
        let buf = device.upload(&bytes).map_err(alloc)?;
        buffers.push(PlanBuffer {
            name: d.name.clone(),
            ty: d.ty,
            len: d.len,
            buf,
        });
    }
    let records = exec::run_all(&device, &artifacts, &launches, &mut buffers, args.time)?;
    let summary = exec::write_outputs(&device, &records, &buffers, &outputs, args.out.as_deref())?;
    if args.out.is_none() {
        print!("{summary}");
    } else {
        for r in &records {
            let (g, b) = (r.config.grid, r.config.block);
            println!(
                "{}  grid [{}, {}, {}]  block [{}, {}, {}]  {:.3} ms",
                r.kernel, g.x, g.y, g.z, b.x, b.y, b.z, r.ms
            );
        }
    }
    Ok(())
}

/// Include paths, defines and template instances for the compiler.
fn compile_options(file: &PlanFile, raw: &RawPlan, cli: &[String]) -> Result<Options, Failure> {
    let source = file.resolve(raw.source.get_ref());
    if !source.is_file() {
        return Err(file.error(
            &raw.source.span(),
            "source",
            format!(
                "cannot read {}: no such file",
                file.shown(raw.source.get_ref())
            ),
        ));
    }
    let mut include_dirs = Vec::new();
    for (i, inc) in raw.include.iter().enumerate() {
        let dir = file.resolve(inc.get_ref());
        if !dir.is_dir() {
            return Err(file.error(
                &inc.span(),
                &format!("include[{i}]"),
                format!("include folder {} not found", file.shown(inc.get_ref())),
            ));
        }
        include_dirs.push(dir);
    }
    let mut defines: Vec<(String, Option<String>)> = Vec::new();
    if let Some(table) = &raw.defines {
        for (name, value) in table.get_ref() {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Integer(i) => i.to_string(),
                Value::Float(f) => format!("{f:?}"),
                Value::Boolean(b) => u8::from(*b).to_string(),
                other => {
                    return Err(file.error(
                        &table.span(),
                        &format!("defines.{name}"),
                        format!(
                            "a macro value must be a number, string or bool, found {}",
                            describe(other)
                        ),
                    ))
                }
            };
            defines.push((name.clone(), Some(text)));
        }
    }
    for d in cli {
        let (name, value) = match d.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.to_string())),
            None => (d.trim(), None),
        };
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(Failure::plan(format!(
                "--define `{d}`: expected NAME=VALUE with NAME a C identifier"
            )));
        }
        defines.retain(|(n, _)| n != name);
        defines.push((name.to_string(), value));
    }
    let instances = raw
        .launch
        .iter()
        .map(|l| l.get_ref().kernel.get_ref().clone())
        .filter(|k| k.contains('<'))
        .collect();
    Ok(Options {
        include_dirs,
        defines,
        undefines: Vec::new(),
        instances,
    })
}

/// The buffers' declarations and initial bytes.
fn buffer_decls(
    file: &PlanFile,
    raw: &RawPlan,
    device: &Device,
) -> Result<(Vec<BufferDecl>, Vec<Vec<u8>>), Failure> {
    let memory = device.info().memory_bytes.unwrap_or(u64::MAX);
    let mut total: u64 = 0;
    let mut decls: Vec<BufferDecl> = Vec::new();
    let mut initial = Vec::new();
    for (i, b) in raw.buffer.iter().enumerate() {
        let field = format!("buffer[{i}]");
        let b = b.get_ref();
        let name = b.name.get_ref();
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        if !valid {
            return Err(file.error(
                &b.name.span(),
                &format!("{field}.name"),
                format!("`{name}` is not a valid buffer name (letters, digits, `_`, `-`, `.`; not starting with a digit)"),
            ));
        }
        if decls.iter().any(|d| d.name == *name) {
            return Err(file.error(
                &b.name.span(),
                &format!("{field}.name"),
                format!("buffer `{name}` is declared twice"),
            ));
        }
        let ty = init::buffer_type(b.ty.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = init::BUFFER_TYPES.iter().map(|t| t.short_name()).collect();
            file.error(
                &b.ty.span(),
                &format!("{field}.type"),
                format!(
                    "unknown type `{}`: expected one of {}",
                    b.ty.get_ref(),
                    names.join(", ")
                ),
            )
        })?;
        let len = usize::try_from(*b.len.get_ref())
            .ok()
            .filter(|&l| {
                l.checked_mul(ty.size())
                    .is_some_and(|bytes| bytes <= isize::MAX as usize)
            })
            .ok_or_else(|| {
                file.error(
                    &b.len.span(),
                    &format!("{field}.len"),
                    format!("len {} is too large", b.len.get_ref()),
                )
            })?;
        total = total.saturating_add((len * ty.size()) as u64);
        if total > memory {
            return Err(Failure::backend(format!(
                "backend `{}` cannot hold the plan's buffers: with `{name}` they need {total} \
                 bytes but the device has {memory}",
                device.backend()
            )));
        }
        let (init_span, init) = match &b.init {
            Some(s) => (s.span(), Some(s.get_ref())),
            None => (b.name.span(), None),
        };
        let target = init::Target {
            file,
            span: init_span,
            field: format!("{field}.init"),
            name,
            ty,
            len,
        };
        initial.push(init::initial_bytes(&target, init)?);
        decls.push(BufferDecl {
            name: name.clone(),
            ty,
            len,
        });
    }
    Ok((decls, initial))
}

/// Which buffers `[output]` lists.
fn output_indices(
    file: &PlanFile,
    raw: &RawPlan,
    decls: &[BufferDecl],
) -> Result<Vec<usize>, Failure> {
    let Some(out) = &raw.output else {
        return Ok(Vec::new());
    };
    let mut indices = Vec::new();
    for (i, name) in out.get_ref().buffers.iter().enumerate() {
        let field = format!("output.buffers[{i}]");
        let index = decls
            .iter()
            .position(|d| d.name == *name.get_ref())
            .ok_or_else(|| {
                file.error(
                    &name.span(),
                    &field,
                    format!("no buffer named `{}`", name.get_ref()),
                )
            })?;
        if indices.contains(&index) {
            return Err(file.error(
                &name.span(),
                &field,
                format!("buffer `{}` is listed twice", name.get_ref()),
            ));
        }
        indices.push(index);
    }
    Ok(indices)
}

/// The kernel a launch names (spaces in template arguments ignored).
fn find_kernel<'m>(
    file: &PlanFile,
    module: &'m ir::Module,
    name: &Spanned<String>,
    field: &str,
) -> Result<&'m ir::Kernel, Failure> {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let wanted = squash(name.get_ref());
    module
        .kernels
        .iter()
        .find(|k| squash(&k.name) == wanted)
        .ok_or_else(|| {
            let known: Vec<String> = module
                .kernels
                .iter()
                .map(|k| format!("`{}`", k.name))
                .collect();
            let known = if known.is_empty() {
                "the source defines no kernel".to_string()
            } else {
                format!("the source defines {}", known.join(", "))
            };
            file.error(
                &name.span(),
                &format!("{field}.kernel"),
                format!("unknown kernel `{}` ({known})", name.get_ref()),
            )
        })
}

/// `grid`/`block`: 1 to 3 positive integers.
fn dims(file: &PlanFile, v: &Spanned<Value>, field: &str) -> Result<Dim3, Failure> {
    let err = || {
        file.error(
            &v.span(),
            field,
            format!(
                "expected 1 to 3 positive integers, found {}",
                describe(v.get_ref())
            ),
        )
    };
    let items: Vec<&Value> = match v.get_ref() {
        Value::Array(a) => a.iter().collect(),
        single @ Value::Integer(_) => vec![single],
        _ => return Err(err()),
    };
    if items.is_empty() || items.len() > 3 {
        return Err(err());
    }
    let mut d = [1u32; 3];
    for (slot, item) in d.iter_mut().zip(items) {
        *slot = item
            .as_integer()
            .and_then(|i| u32::try_from(i).ok())
            .filter(|&i| i > 0)
            .ok_or_else(err)?;
    }
    let [x, y, z] = d;
    Ok(Dim3::new(x, y, z))
}

fn launch_config(file: &PlanFile, l: &RawLaunch, field: &str) -> Result<LaunchConfig, Failure> {
    Ok(LaunchConfig {
        grid: dims(file, &l.grid, &format!("{field}.grid"))?,
        block: dims(file, &l.block, &format!("{field}.block"))?,
        shared_bytes: l.shared_bytes.as_ref().map_or(0, |s| *s.get_ref()),
    })
}
