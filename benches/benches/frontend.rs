//! Front-end speed: preprocess, parse, sema and validate of a generated
//! 1,000-line file of realistic kernels. Goal: under 20 ms in release
//! (`cargo bench -p cudawasm-benches --bench frontend`).

use cuda_compiler::source::SourceFile;
use cuda_compiler::{ir, parse, preprocess, sema, Options};
use cudawasm_benches::{generated_kernels, mean_median, timed};

const ITERATIONS: usize = 30;
const GOAL_MS: f64 = 20.0;

fn main() {
    let text = generated_kernels(1000);
    let opts = Options::default();
    let mut stages: [(&str, Vec<f64>); 4] = [
        ("preprocess", Vec::new()),
        ("parse", Vec::new()),
        ("sema", Vec::new()),
        ("validate", Vec::new()),
    ];
    for _ in 0..ITERATIONS {
        let file = SourceFile::new("generated.cu", None, text.clone());
        let (pp, t) = timed(|| preprocess::preprocess(file, &opts));
        stages[0].1.push(t);
        let pp = match pp {
            Ok(pp) => pp,
            Err((_, d)) => return failed("preprocess", &d),
        };
        let (tu, t) = timed(|| parse::parse(&pp));
        stages[1].1.push(t);
        let tu = match tu {
            Ok(tu) => tu,
            Err(d) => return failed("parse", &d),
        };
        let (lowered, t) = timed(|| sema::lower(&tu, &pp, &opts));
        stages[2].1.push(t);
        let module = match lowered {
            Ok((m, _)) => m,
            Err(d) => return failed("sema", &d),
        };
        let (valid, t) = timed(|| ir::validate(&module, &pp.map));
        stages[3].1.push(t);
        if let Err(d) = valid {
            return failed("validate", &d);
        }
    }
    println!(
        "frontend: generated file of {} lines, {ITERATIONS} iterations",
        text.lines().count()
    );
    println!("{:<12} {:>10} {:>10}", "stage", "mean ms", "median ms");
    let mut total = 0.0;
    for (name, samples) in &mut stages {
        let (mean, median) = mean_median(samples);
        total += mean;
        println!("{name:<12} {mean:>10.3} {median:>10.3}");
    }
    let verdict = if total < GOAL_MS { "within" } else { "OVER" };
    println!(
        "{:<12} {total:>10.3}   ({verdict} the {GOAL_MS} ms goal)",
        "total"
    );
}

fn failed(stage: &str, diags: &[cuda_compiler::diag::Diagnostic]) {
    let first = diags.first().map_or("no message", |d| d.message.as_str());
    println!("frontend: the generated file does not pass {stage} yet: {first}");
}
