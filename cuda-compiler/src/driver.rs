//! Runs the front end end to end: preprocess, parse, sema, validate.

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{Files, Preprocessed, SourceFile};
use crate::{ir, parse, preprocess, sema};
use std::path::{Path, PathBuf};

/// What the user controls about a compilation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-I` directories, searched in order after the including file's folder.
    pub include_dirs: Vec<PathBuf>,
    /// `-D NAME[=VALUE]` (a `None` value defines the macro as `1`).
    pub defines: Vec<(String, Option<String>)>,
    /// `-U NAME`.
    pub undefines: Vec<String>,
    /// Template instances to compile besides those the source names itself,
    /// e.g. `reduce<float, 256>`.
    pub instances: Vec<String>,
}

/// The result of checking one translation unit.
#[derive(Debug)]
pub struct Checked {
    /// All files read (for rendering diagnostics).
    pub files: Files,
    /// The preprocessed unit, when preprocessing succeeded.
    pub preprocessed: Option<Preprocessed>,
    /// The validated IR, when every stage succeeded.
    pub module: Option<ir::Module>,
    /// Errors and warnings, in source order per stage.
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// Did any stage report an error?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// All diagnostics rendered in rustc's style.
    pub fn render_diagnostics(&self) -> String {
        crate::diag::render(&self.diagnostics, &self.files)
    }
}

/// Checks a file on disk.
pub fn check_file(path: &Path, opts: &Options) -> Checked {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let file = SourceFile::new(path.display().to_string(), Some(path.to_path_buf()), text);
            check(file, opts)
        }
        Err(e) => Checked {
            files: Files::new(),
            preprocessed: None,
            module: None,
            diagnostics: vec![
                Diagnostic::error(format!("cannot read `{}`: {e}", path.display()))
                    .with_help("check the path and that the file is readable"),
            ],
        },
    }
}

/// Runs preprocess → parse → sema → validate on one source file.
pub fn check(main: SourceFile, opts: &Options) -> Checked {
    let (pp, pp_warnings) = match preprocess::preprocess_with_warnings(main, opts) {
        Ok(r) => r,
        Err((files, diagnostics)) => {
            return Checked {
                files,
                preprocessed: None,
                module: None,
                diagnostics,
            }
        }
    };
    let mut diagnostics = pp_warnings;
    let module = parse::parse(&pp)
        .and_then(|tu| sema::lower(&tu, &pp, opts))
        .and_then(|(module, warnings)| {
            diagnostics.extend(warnings);
            let validated = ir::validate_with_warnings(&module, &pp.map);
            validated.map(|more| {
                diagnostics.extend(more);
                module
            })
        });
    let module = match module {
        Ok(m) => Some(m),
        Err(errs) => {
            diagnostics.extend(errs);
            None
        }
    };
    Checked {
        files: pp.files.clone(),
        preprocessed: Some(pp),
        module,
        diagnostics,
    }
}
