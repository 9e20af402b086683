//! `cudawasm check`: the kernels of a file, or its errors.

use crate::report::{self, KernelReport};
use crate::{compile, CompileArgs, EXIT_SOURCE_ERRORS};
use cuda_compiler::analysis::kernel_infos;
use std::process::ExitCode;

/// Runs `check` and prints the report (text or JSON) on stdout and the
/// rendered diagnostics on stderr.
pub fn run(args: &CompileArgs, json: bool) -> ExitCode {
    let checked = match compile(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    eprint!("{}", checked.render_diagnostics());
    let (kernels, templates): (Vec<KernelReport>, Vec<String>) = match &checked.module {
        Some(m) if !checked.has_errors() => (
            kernel_infos(m)
                .iter()
                .map(|k| KernelReport::new(m, k))
                .collect(),
            m.kernel_templates.clone(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let file = args.file.display().to_string();
    if json {
        let value = report::json(&file, &checked, &kernels, &templates);
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string())
        );
    } else if !checked.has_errors() {
        print!("{}", report::text(&file, &kernels, &templates));
    }
    if checked.has_errors() {
        ExitCode::from(EXIT_SOURCE_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
