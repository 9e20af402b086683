//! `cudawasm bench --frontend FILE`: times each front-end stage.

use crate::{EXIT_FAILURE, EXIT_SOURCE_ERRORS};
use cuda_compiler::source::SourceFile;
use cuda_compiler::{ir, parse, preprocess, sema, Options};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Runs preprocess, parse, sema and validate `iterations` times each and
/// prints mean and median milliseconds per stage.
pub fn frontend(file: &Path, iterations: u32) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", file.display());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let opts = Options {
        include_dirs: file.parent().map(Path::to_path_buf).into_iter().collect(),
        ..Options::default()
    };
    let iterations = iterations.max(1);
    let mut times: [Vec<f64>; 4] = Default::default();
    for _ in 0..iterations {
        let src = SourceFile::new(
            file.display().to_string(),
            Some(file.to_path_buf()),
            text.clone(),
        );
        let t = Instant::now();
        let pp = preprocess::preprocess(src, &opts);
        times[0].push(ms(t));
        let Ok(pp) = pp else {
            return stage_failed("preprocess");
        };
        let t = Instant::now();
        let tu = parse::parse(&pp);
        times[1].push(ms(t));
        let Ok(tu) = tu else {
            return stage_failed("parse");
        };
        let t = Instant::now();
        let lowered = sema::lower(&tu, &pp, &opts);
        times[2].push(ms(t));
        let Ok((module, _)) = lowered else {
            return stage_failed("sema");
        };
        let t = Instant::now();
        let valid = ir::validate(&module, &pp.map);
        times[3].push(ms(t));
        if valid.is_err() {
            return stage_failed("validate");
        }
    }
    let lines = text.lines().count();
    println!("{}: {lines} lines, {iterations} iterations", file.display());
    println!("{:<12} {:>10} {:>10}", "stage", "mean ms", "median ms");
    let mut total = 0.0;
    for (name, samples) in ["preprocess", "parse", "sema", "validate"]
        .iter()
        .zip(&mut times)
    {
        let (mean, median) = mean_median(samples);
        total += mean;
        println!("{name:<12} {mean:>10.3} {median:>10.3}");
    }
    println!("{:<12} {total:>10.3}", "total");
    ExitCode::SUCCESS
}

fn stage_failed(stage: &str) -> ExitCode {
    eprintln!("error: the file does not pass {stage}; run `cudawasm check` on it for the errors");
    ExitCode::from(EXIT_SOURCE_ERRORS)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Mean and median of the samples (sorts them); `run --time` reports
/// the same median.
pub(crate) fn mean_median(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0);
    }
    samples.sort_by(f64::total_cmp);
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    let mid = samples.len() / 2;
    let median = if samples.len() & 1 == 0 {
        (samples[mid - 1] + samples[mid]) / 2.0
    } else {
        samples[mid]
    };
    (mean, median)
}
