//! The `cudawasm` command line: `check`, `transpile`, and (later) `run`,
//! `devices`, `bench`.
//!
//! Exit status: 0 success, 1 errors in the CUDA source, 2 any other failure
//! (unreadable file, bad arguments, a feature not built yet).

mod bench;
mod check;
mod report;
mod run;
mod transpile;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cuda_compiler::Options;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compile CUDA kernels to typed Rust, WGSL, PTX and CPU code.
#[derive(Parser, Debug)]
#[command(name = "cudawasm", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a .cu file: list its kernels with signatures, shared memory,
    /// launch bounds and features, or print its errors.
    Check(CheckArgs),
    /// Print the preprocessed text or the Kernel IR of a .cu file.
    Transpile(TranspileArgs),
    /// Run a TOML plan of kernel launches (see RUN-PLAN.md).
    Run(run::RunArgs),
    /// List the devices the runtime finds.
    Devices,
    /// Benchmarks.
    Bench(BenchArgs),
}

/// Options every compiling subcommand takes.
#[derive(Args, Debug)]
struct CompileArgs {
    /// The CUDA source file.
    file: PathBuf,
    /// Add a directory to the `#include` search path.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Define a macro: `-D NAME` or `-D NAME=VALUE`.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    define: Vec<String>,
    /// Undefine a macro.
    #[arg(short = 'U', value_name = "NAME")]
    undefine: Vec<String>,
    /// Compile a template kernel instance, e.g. `reduce<float, 256>`.
    #[arg(long = "instance", value_name = "KERNEL<ARGS>")]
    instances: Vec<String>,
}

impl CompileArgs {
    fn options(&self) -> Options {
        Options {
            include_dirs: self.include.clone(),
            defines: self
                .define
                .iter()
                .map(|d| match d.split_once('=') {
                    Some((name, value)) => (name.to_string(), Some(value.to_string())),
                    None => (d.clone(), None),
                })
                .collect(),
            undefines: self.undefine.clone(),
            instances: self.instances.clone(),
        }
    }
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Emit {
    /// The Kernel IR.
    Ir,
    /// The preprocessed source.
    Pp,
    /// WGSL for WebGPU, validated by naga.
    Wgsl,
    /// PTX for NVIDIA GPUs.
    Ptx,
    /// Rust source of the CPU form.
    Rust,
}

#[derive(Args, Debug)]
struct TranspileArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// What to print.
    #[arg(long, value_enum, default_value = "ir")]
    emit: Emit,
    /// Only this kernel (as a launch names it: `reduce<float, 256>`), for
    /// `--emit wgsl|ptx|rust`.
    #[arg(long)]
    kernel: Option<String>,
    /// PTX `.target sm_NN` (70 and up).
    #[arg(long, default_value_t = 80)]
    sm: u32,
    /// PTX: `-use_fast_math` (approximate division and transcendentals).
    #[arg(long)]
    fast_math: bool,
}

#[derive(Args, Debug)]
struct BenchArgs {
    /// Time each front-end stage on this file.
    #[arg(long, value_name = "FILE")]
    frontend: Option<PathBuf>,
    /// How many times to run each stage.
    #[arg(long, default_value_t = 20)]
    iterations: u32,
}

/// Exit status for errors in the user's source.
const EXIT_SOURCE_ERRORS: u8 = 1;
/// Exit status for every other failure.
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args.compile, args.json),
        Command::Transpile(args) => transpile(&args),
        Command::Run(args) => run::run(&args),
        Command::Devices => run::devices(),
        Command::Bench(args) => match args.frontend {
            Some(file) => bench::frontend(&file, args.iterations),
            None => not_built("`cudawasm bench` without `--frontend FILE`"),
        },
    }
}

fn not_built(what: &str) -> ExitCode {
    eprintln!("error: unsupported: {what} (not built yet)");
    ExitCode::from(EXIT_FAILURE)
}

/// Reads and compiles a file; `Err` carries the exit code after printing
/// why it could not even be read.
fn compile(args: &CompileArgs) -> Result<cuda_compiler::Checked, ExitCode> {
    if let Err(e) = std::fs::metadata(&args.file) {
        eprintln!("error: cannot read `{}`: {e}", args.file.display());
        return Err(ExitCode::from(EXIT_FAILURE));
    }
    Ok(cuda_compiler::check_file(&args.file, &args.options()))
}

fn transpile(args: &TranspileArgs) -> ExitCode {
    let checked = match compile(&args.compile) {
        Ok(c) => c,
        Err(code) => return code,
    };
    eprint!("{}", checked.render_diagnostics());
    let target = match args.emit {
        Emit::Ir | Emit::Pp => None,
        Emit::Wgsl => Some(transpile::CodeTarget::Wgsl),
        Emit::Ptx => Some(transpile::CodeTarget::Ptx {
            sm: args.sm,
            fast_math: args.fast_math,
        }),
        Emit::Rust => Some(transpile::CodeTarget::Rust),
    };
    if let Some(target) = target {
        if checked.has_errors() {
            return ExitCode::from(EXIT_SOURCE_ERRORS);
        }
        return match transpile::print_code(&checked, target, args.kernel.as_deref()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(EXIT_SOURCE_ERRORS),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(EXIT_FAILURE)
            }
        };
    }
    let text = match args.emit {
        Emit::Pp => checked.preprocessed.as_ref().map(|pp| pp.text.clone()),
        _ if checked.has_errors() => None,
        _ => checked
            .module
            .as_ref()
            .map(cuda_compiler::ir::print::module_to_string),
    };
    match text {
        Some(t) => {
            print!("{t}");
            ExitCode::SUCCESS
        }
        None => ExitCode::from(EXIT_SOURCE_ERRORS),
    }
}
