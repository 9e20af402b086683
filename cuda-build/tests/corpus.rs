//! The whole conformance corpus through the generator: every `.cu` of
//! `tests/conformance` must give a module that parses as Rust, with a
//! typed launch function per kernel instance and the CPU form as Rust
//! wherever the CPU back end takes the kernel.

use cuda_build::{check_relative, module_tokens, Options, UnitOptions};
use std::path::Path;

#[test]
fn every_corpus_file_generates_a_module_that_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = root.join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "cu"));
    files.sort();
    assert!(files.len() >= 60, "corpus not found in {}", dir.display());
    // What the run plans pass: the shared include folder and the macros
    // `macros_ifdef.cu` requires.
    let plain = Options {
        include_dirs: vec![root.join("tests/conformance/include")],
        ..Options::default()
    };
    let ifdef = Options {
        include_dirs: vec![root.join("tests/conformance/include")],
        defines: vec![
            ("BLOCK".to_string(), Some("128".to_string())),
            ("USE_FAST_MATH".to_string(), Some("1".to_string())),
        ],
        ..Options::default()
    };
    let (mut kernels, mut with_cpu, mut failures) = (0, 0, Vec::new());
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap_or(file);
        let options = if rel.ends_with("macros_ifdef.cu") {
            &ifdef
        } else {
            &plain
        };
        let checked = check_relative(&root, rel, options);
        match module_tokens(&checked, &UnitOptions::default()) {
            Ok((tokens, _)) => {
                let text = tokens.to_string();
                if let Err(e) = syn::parse_file(&text) {
                    failures.push(format!(
                        "{}: generated code does not parse: {e}",
                        rel.display()
                    ));
                }
                kernels += text.matches("_artifact () ->").count();
                with_cpu += text.matches("pub mod __cuda_cpu_").count();
            }
            // A struct holding device pointers has no typed form (yet): it
            // must be refused with "unsupported", not miscompiled.
            Err(e)
                if rel.ends_with("soa_struct_pointers.cu")
                    && e.message.starts_with("unsupported:") => {}
            Err(e) => failures.push(format!("{}: {}", rel.display(), e.message)),
        }
    }
    println!(
        "{} files, {kernels} kernel launch functions, {with_cpu} with the CPU form as Rust",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
