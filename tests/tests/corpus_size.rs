//! Guards the corpora against shrinking silently: each must keep at least
//! 40 files, every file must carry its expectation line, and at least 8
//! conformance files must be whole programs with host code (`main`).

mod support;

use support::{corpus_dir, corpus_files, directives};

/// The floor on each corpus's size.
const MIN_FILES: usize = 40;
/// The floor on whole programs (with a host `main`) in the conformance corpus.
const MIN_WHOLE_PROGRAMS: usize = 8;

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn corpora_keep_their_size() {
    let conformance = corpus_files(&corpus_dir("conformance"));
    let negative = corpus_files(&corpus_dir("negative"));
    assert!(
        conformance.len() >= MIN_FILES,
        "conformance corpus has {} files, fewer than {MIN_FILES}",
        conformance.len()
    );
    assert!(
        negative.len() >= MIN_FILES,
        "negative corpus has {} files, fewer than {MIN_FILES}",
        negative.len()
    );

    let without_kernels: Vec<_> = conformance
        .iter()
        .filter(|p| directives(&read(p), "EXPECT-KERNELS").is_empty())
        .collect();
    assert!(
        without_kernels.is_empty(),
        "conformance files without `// EXPECT-KERNELS:`: {without_kernels:?}"
    );
    let without_error: Vec<_> = negative
        .iter()
        .filter(|p| directives(&read(p), "EXPECT-ERROR").len() != 1)
        .collect();
    assert!(
        without_error.is_empty(),
        "negative files without exactly one `// EXPECT-ERROR:`: {without_error:?}"
    );

    let whole_programs = conformance
        .iter()
        .filter(|p| read(p).contains("int main("))
        .count();
    assert!(
        whole_programs >= MIN_WHOLE_PROGRAMS,
        "only {whole_programs} conformance files have a host `main`, fewer than {MIN_WHOLE_PROGRAMS}"
    );
}

#[test]
fn lists_split_outside_brackets() {
    assert_eq!(
        support::split_top_level("a, reduce<float, 256>, b<int, (1, 2)> ,"),
        vec!["a", "reduce<float, 256>", "b<int, (1, 2)>"]
    );
}

#[test]
fn args_become_options() -> Result<(), String> {
    let opts = support::options_from_args(
        &["-DBLOCK=128 -D FAST -UX -I include --instance 'k<float, 4>'".to_string()],
        std::path::Path::new("/c"),
    )?;
    assert_eq!(
        opts.defines,
        vec![
            ("BLOCK".to_string(), Some("128".to_string())),
            ("FAST".to_string(), None)
        ]
    );
    assert_eq!(opts.undefines, vec!["X".to_string()]);
    assert_eq!(
        opts.include_dirs,
        vec![std::path::PathBuf::from("/c/include")]
    );
    assert_eq!(opts.instances, vec!["k<float, 4>".to_string()]);
    Ok(())
}
