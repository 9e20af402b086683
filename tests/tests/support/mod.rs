//! Shared helpers of the corpus harnesses: finding corpus files, reading
//! their `// KEY: value` directives, turning `// ARGS:` into [`Options`],
//! and measuring a kernel's static shared memory from the IR.
//!
//! Directive syntax (read from any line of a corpus file that starts with
//! `// KEY:` after leading blanks; repeated keys are concatenated with `, `):
//! - `// ARGS: -DNAME[=V] -D NAME -UNAME -I dir --instance 'k<float, 4>'`
//!   (`-I` folders are relative to the corpus folder; single or double
//!   quotes group words as in a shell);
//! - `// EXPECT-KERNELS: a, b<float, 256>` (conformance);
//! - `// EXPECT-SHARED: a=2048, b<float, 256>=1024` (conformance);
//! - `// EXPECT-ERROR: [FILE:]LINE:COL: message` (negative), or
//!   `// EXPECT-ERROR: -: message` for an error that has no source location
//!   (e.g. a bad `--instance` option).

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use cuda_compiler::ir::{self, AddrSpace, Block, ExprKind, FuncId, GlobalId, StmtKind};
use cuda_compiler::Options;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The folder of a corpus (`conformance` or `negative`) in this crate.
pub fn corpus_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Every `.cu` file directly in `dir`, sorted by name.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "cu"))
        .collect();
    files.sort();
    files
}

/// The values of every `// KEY:` line of `text`, in order.
pub fn directives(text: &str, key: &str) -> Vec<String> {
    let prefix = format!("// {key}:");
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix(prefix.as_str()))
        .map(|v| v.trim().to_string())
        .collect()
}

/// Splits `a, b<c, d>, e` at commas outside `<…>`/`(…)`, trimming items
/// and dropping empty ones.
pub fn split_top_level(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in list.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits an `ARGS` line into words, honouring single and double quotes.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err(format!("unterminated quote in `// ARGS: {line}`"));
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Builds compiler options from the `// ARGS:` lines of a corpus file.
pub fn options_from_args(args: &[String], corpus: &Path) -> Result<Options, String> {
    let mut opts = Options::default();
    let mut words = Vec::new();
    for line in args {
        words.extend(shell_words(line)?);
    }
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        let mut value_of = |flag: &str, w: &str| -> Result<String, String> {
            match w.strip_prefix(flag) {
                Some(rest) if !rest.is_empty() => Ok(rest.trim_start_matches('=').to_string()),
                _ => it.next().ok_or_else(|| format!("`{flag}` needs a value")),
            }
        };
        if w.starts_with("--instance") {
            opts.instances.push(value_of("--instance", &w)?);
        } else if w.starts_with("-D") {
            let def = value_of("-D", &w)?;
            match def.split_once('=') {
                Some((name, value)) => opts
                    .defines
                    .push((name.to_string(), Some(value.to_string()))),
                None => opts.defines.push((def, None)),
            }
        } else if w.starts_with("-U") {
            opts.undefines.push(value_of("-U", &w)?);
        } else if w.starts_with("-I") {
            opts.include_dirs.push(corpus.join(value_of("-I", &w)?));
        } else {
            return Err(format!("unknown option `{w}` in `// ARGS:`"));
        }
    }
    Ok(opts)
}

/// Indents every line of a block of text (for failure reports).
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}\n"))
        .collect::<String>()
}

/// Statically allocated `__shared__` bytes a kernel uses: every non-dynamic
/// shared global that the kernel's function or any function it calls
/// (transitively) takes the address of, laid out in declaration order with
/// each global's alignment.
pub fn static_shared_bytes(module: &ir::Module, kernel: &ir::Kernel) -> u64 {
    let mut seen_funcs = HashSet::new();
    let mut work = vec![kernel.func];
    let mut globals = BTreeSet::new();
    while let Some(fid) = work.pop() {
        if !seen_funcs.insert(fid) {
            continue;
        }
        let Some(func) = module.functions.get(fid.0 as usize) else {
            continue;
        };
        for (_, expr) in func.exprs.iter() {
            if let ExprKind::GlobalPtr(g) = expr.kind {
                globals.insert(g);
            }
        }
        collect_calls(&func.body, &mut work);
    }
    let mut offset = 0u64;
    for GlobalId(g) in globals {
        let Some(global) = module.globals.get(g as usize) else {
            continue;
        };
        if global.space != AddrSpace::Shared || global.dynamic {
            continue;
        }
        let align = u64::from(global.align.max(1));
        let size = u64::from(module.size_align(&global.ty).0);
        offset = offset.div_ceil(align) * align + size;
    }
    offset
}

fn collect_calls(block: &Block, out: &mut Vec<FuncId>) {
    for stmt in block {
        match &stmt.kind {
            StmtKind::Call { func, .. } => out.push(*func),
            StmtKind::If { accept, reject, .. } => {
                collect_calls(accept, out);
                collect_calls(reject, out);
            }
            StmtKind::Loop {
                body, continuing, ..
            } => {
                collect_calls(body, out);
                collect_calls(continuing, out);
            }
            StmtKind::Switch { cases, .. } => {
                for case in cases {
                    collect_calls(&case.body, out);
                }
            }
            StmtKind::Block(inner) => collect_calls(inner, out),
            _ => {}
        }
    }
}

/// Builds the panic message of a corpus test: a one-line summary per failing
/// file (the first line of its description), then every description in full.
pub fn failure_report(corpus: &str, total: usize, failures: &[(String, String)]) -> String {
    let mut out = format!("{} of {total} {corpus} files failed:\n", failures.len());
    for (name, why) in failures {
        let headline = why.lines().next().unwrap_or_default();
        out.push_str(&format!("  {name}: {headline}\n"));
    }
    out.push_str("\nDetails:\n");
    for (name, why) in failures {
        out.push_str(&format!("--- {name}: {why}\n"));
    }
    out.push_str(&format!(
        "{} of {total} {corpus} files failed",
        failures.len()
    ));
    out
}

/// How long one file may take to check before it is reported as a hang.
const CHECK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs `cuda_compiler::check_file` on its own thread so that a panic or a
/// hang in the compiler is reported as that file's failure instead of
/// stopping the whole corpus run (a hung thread is left behind; the test
/// process ends without it).
pub fn check_isolated(path: &Path, opts: &Options) -> Result<cuda_compiler::Checked, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path_owned = path.to_path_buf();
    let opts_owned = opts.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("check {}", path.display()))
        .spawn(move || {
            let checked = cuda_compiler::check_file(&path_owned, &opts_owned);
            // The receiver may have given up after a timeout.
            let _ = tx.send(checked);
        });
    if let Err(e) = spawned {
        return Err(format!("cannot start a checking thread: {e}"));
    }
    match rx.recv_timeout(CHECK_TIMEOUT) {
        Ok(checked) => Ok(checked),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "the compiler did not finish within {} s (hang?)",
            CHECK_TIMEOUT.as_secs()
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("the compiler panicked (see the panic message above)".to_string())
        }
    }
}
