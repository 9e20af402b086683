//! The CPU back end against hand-written Rust (issue 5): sgemm 512², a
//! shared-memory reduction of 2^24 floats, a 2048² 5-point stencil and a
//! 256-bin histogram of 2^24 bytes (and a 2048² shared-tile transpose,
//! which the PTX bench of issue 8 adds), each timed as
//! - hand-written idiomatic Rust with rayon (`cudawasm_benches::hand`),
//! - the CUDA kernel printed as Rust at build time and compiled by rustc,
//! - the CUDA kernel on the run-time executor (register bytecode),
//!
//! the last two launched through `cuda_rt::Device::cpu()`. Every path's
//! output is checked against the hand-written result before it is timed;
//! a path that disagrees or cannot be built prints why instead of a time.
//! Times are the median of the timed runs after one warm-up run, launch
//! only (inputs already in place; resetting outputs is not timed).
//!
//! `cargo bench -p cudawasm-benches --bench cpu_backends [-- --quick]
//! [--runs N] [--budget SECONDS] [--only sgemm,reduce,stencil,histogram,transpose]
//! [--paths hand,generated,executor] [--unchecked]`

use cuda_rt::{Device, KernelArtifact, LaunchOptions};
use cudawasm_benches::hand::HostProblem;
use cudawasm_benches::launch::{check, executor_artifact, with_cpu_code, DeviceProblem, Output};
use cudawasm_benches::workloads::{Kind, Sizes};
use cudawasm_benches::{generated, mean_median, timed};
use std::time::Instant;

/// Command-line settings.
struct Settings {
    sizes: Sizes,
    runs: usize,
    budget_s: f64,
    unchecked: bool,
    only: Vec<String>,
    paths: Vec<String>,
}

fn settings() -> Result<Settings, String> {
    let mut s = Settings {
        sizes: Sizes::ISSUE,
        runs: 10,
        budget_s: 20.0,
        unchecked: false,
        only: Vec::new(),
        paths: vec!["hand".into(), "generated".into(), "executor".into()],
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
        match arg.as_str() {
            "--quick" => s.sizes = Sizes::QUICK,
            "--unchecked" => s.unchecked = true,
            "--runs" => {
                s.runs = value("a count")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--budget" => {
                s.budget_s = value("seconds")?
                    .parse()
                    .map_err(|e| format!("--budget: {e}"))?
            }
            "--only" => s.only = value("names")?.split(',').map(str::to_string).collect(),
            "--paths" => s.paths = value("names")?.split(',').map(str::to_string).collect(),
            // cargo bench passes `--bench`; libtest-style flags are ignored.
            other if other.starts_with("--") => {}
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(s)
}

/// The median time of one path, or why it has none.
type Timing = Result<f64, String>;

/// Times `run` (after `reset`, untimed) until `settings.runs` samples or
/// the time budget is spent (at least 3 samples); the median in ms.
fn time_runs<T>(
    s: &Settings,
    state: &mut T,
    reset: impl Fn(&mut T) -> Result<(), String>,
    run: impl Fn(&mut T) -> Result<(), String>,
) -> Timing {
    let start = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < s.runs.max(1)
        && (samples.len() < 3 || start.elapsed().as_secs_f64() < s.budget_s)
    {
        reset(state)?;
        let (r, ms) = timed(|| run(state));
        r?;
        samples.push(ms);
    }
    Ok(mean_median(&mut samples).1)
}

/// Checks then times one CUDA-kernel path through the runtime.
fn kernel_path(
    s: &Settings,
    dev: &Device,
    kind: Kind,
    artifact: &KernelArtifact,
    want: &Output,
) -> Timing {
    let mut problem = DeviceProblem::new(dev, kind, s.sizes)?;
    problem.reset()?;
    problem.launch(dev, artifact)?; // also the warm-up
    check(kind, &s.sizes, &problem.output()?, want).map_err(|e| format!("WRONG: {e}"))?;
    time_runs(s, &mut problem, DeviceProblem::reset, |p| {
        p.launch(dev, artifact)
    })
}

fn cell(t: &Timing) -> String {
    match t {
        Ok(ms) => format!("{ms:.2}"),
        Err(_) => "—".to_string(),
    }
}

fn ratio(t: &Timing, hand: &Timing) -> String {
    match (t, hand) {
        (Ok(a), Ok(b)) if *b > 0.0 => format!("{:.2}×", a / b),
        _ => "—".to_string(),
    }
}

fn main() {
    let s = match settings() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "CPU back end vs hand-written Rust+rayon: {cores} hardware threads, {} rayon threads, \
         {} build, median of up to {} runs after 1 warm-up (budget {} s a path)",
        rayon::current_num_threads(),
        if cfg!(debug_assertions) {
            "DEBUG"
        } else {
            "release"
        },
        s.runs,
        s.budget_s
    );
    let dev = Device::cpu();
    if s.unchecked {
        dev.set_launch_options(LaunchOptions {
            bounds_checks: false,
            ..dev.launch_options()
        });
    }
    println!(
        "CUDA paths run with bounds checks {}",
        if s.unchecked {
            "OFF (--unchecked)"
        } else {
            "on (the default)"
        }
    );
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for kind in Kind::ALL {
        if !s.only.is_empty() && !s.only.iter().any(|o| o == kind.name()) {
            continue;
        }
        let mut host = HostProblem::new(kind, s.sizes);
        host.run();
        let want = host.output();
        let hand: Timing = time_runs(
            &s,
            &mut host,
            |h| {
                h.reset();
                Ok(())
            },
            |h| {
                h.run();
                Ok(())
            },
        );
        let exec_artifact = executor_artifact(kind);
        let wanted = |path: &str| s.paths.iter().any(|p| p == path);
        let generated: Timing = match (generated::kernel(kind.name()), &exec_artifact) {
            _ if !wanted("generated") => Err("not asked for".into()),
            (Err(reason), _) => Err(format!("unavailable: {reason}")),
            (Ok(_), Err(e)) => Err(format!("no artifact: {e}")),
            (Ok(code), Ok(a)) => kernel_path(&s, &dev, kind, &with_cpu_code(a, code), &want),
        };
        let executor: Timing = match &exec_artifact {
            _ if !wanted("executor") => Err("not asked for".into()),
            Ok(a) => kernel_path(&s, &dev, kind, a, &want),
            Err(e) => Err(e.clone()),
        };
        for (path, t) in [("generated", &generated), ("executor", &executor)] {
            if let Err(e) = t.as_ref().map_err(String::as_str) {
                if e == "not asked for" {
                    continue;
                }
                notes.push(format!("{} {path}: {e}", kind.name()));
            }
        }
        let row = [
            kind.name().to_string(),
            s.sizes.label(kind),
            cell(&hand),
            cell(&generated),
            cell(&executor),
            ratio(&generated, &hand),
            ratio(&executor, &hand),
        ];
        println!("  done: {}", row.join(" | "));
        rows.push(row);
    }
    println!();
    println!("| workload | size | hand-written ms | generated ms | executor ms | generated/hand | executor/hand |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
    for note in notes {
        println!("{note}");
    }
}
