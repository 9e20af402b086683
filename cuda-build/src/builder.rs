//! The build-script surface: every `.cu` of some folders → one Rust file
//! in `$OUT_DIR`, with cargo's rebuild and warning lines.

use crate::unit::{UnitError, UnitOptions};
use crate::{check_relative, module_tokens};
use cuda_abi::Target;
use cuda_compiler::Options;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Compiles every `.cu` under `dir` (relative to the package) into
/// `$OUT_DIR/cuda_kernels.rs`, for `cuda_rt::include_kernels!()`. On an
/// error it prints the compiler's messages and exits the build script
/// with status 1, so cargo fails the build showing them.
pub fn compile(dir: impl AsRef<Path>) {
    Builder::new().dir(dir).run();
}

/// The options of [`compile`]: folders, `-I`, `-D`, template instances,
/// targets and the output file name.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    dirs: Vec<PathBuf>,
    options: Options,
    targets: Option<Vec<Target>>,
    output: Option<String>,
}

/// What a successful build wrote and read.
#[derive(Debug, Clone, Default)]
pub struct BuildOutput {
    /// The generated file.
    pub path: PathBuf,
    /// The generated Rust source.
    pub source: String,
    /// Every `.cu` compiled and header read (each got a
    /// `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Rendered warnings (each line also went to `cargo:warning=`).
    pub warnings: Vec<String>,
    /// The `cargo:` lines, in order (also printed to stdout).
    pub cargo_lines: Vec<String>,
}

impl Builder {
    /// A builder with no folder yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a folder whose `.cu` files (recursively) are compiled.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Adds an `-I` folder (relative to the package).
    pub fn include(mut self, dir: impl AsRef<Path>) -> Self {
        self.options.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Defines a macro (`-D NAME=VALUE`; `None` defines it as `1`).
    pub fn define(mut self, name: impl Into<String>, value: Option<&str>) -> Self {
        self.options
            .defines
            .push((name.into(), value.map(str::to_string)));
        self
    }

    /// Asks for a template instance (`reduce<float, 256>`) in every file
    /// that declares the template.
    pub fn instance(mut self, instance: impl Into<String>) -> Self {
        self.options.instances.push(instance.into());
        self
    }

    /// Compiles for these targets only; a kernel one of them cannot take
    /// fails the build. Without it every target is tried and failures are
    /// recorded in the artefact (and refused at run time with the reason).
    pub fn targets(mut self, targets: &[Target]) -> Self {
        self.targets = Some(targets.to_vec());
        self
    }

    /// Writes `$OUT_DIR/<name>` instead of `cuda_kernels.rs`.
    pub fn output(mut self, name: impl Into<String>) -> Self {
        self.output = Some(name.into());
        self
    }

    /// [`Builder::build`], printing the cargo lines; on an error prints
    /// the messages to stderr and exits with status 1.
    pub fn run(self) {
        match self.build() {
            Ok(out) => {
                for line in &out.cargo_lines {
                    println!("{line}");
                }
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }

    /// Compiles and writes the file; nothing printed. Paths are read
    /// relative to `CARGO_MANIFEST_DIR` (the current folder without it).
    pub fn build(&self) -> Result<BuildOutput, UnitError> {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_default();
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| {
                UnitError::plain(
                    "`OUT_DIR` is not set: call cuda_build::compile from a build script (build.rs)",
                )
            })?;
        let path = out_dir.join(self.output.as_deref().unwrap_or("cuda_kernels.rs"));
        let mut out = self.generate(&root)?;
        std::fs::write(&path, &out.source)
            .map_err(|e| UnitError::plain(format!("cannot write `{}`: {e}", path.display())))?;
        out.path = path;
        Ok(out)
    }

    /// Compiles every file and returns the generated source (not written).
    pub fn generate(&self, root: &Path) -> Result<BuildOutput, UnitError> {
        let mut out = BuildOutput::default();
        let mut options = self.options.clone();
        for dir in &mut options.include_dirs {
            *dir = root.join(&*dir);
        }
        let mut files = Vec::new();
        for dir in &self.dirs {
            out.cargo_lines.push(format!(
                "cargo:rerun-if-changed={}",
                root.join(dir).display()
            ));
            collect_cu(&root.join(dir), &mut files).map_err(|e| {
                UnitError::plain(format!("cannot read folder `{}`: {e}", dir.display()))
            })?;
        }
        files.sort();
        let mut modules: Vec<(String, PathBuf)> = Vec::new();
        let _ = writeln!(
            out.source,
            "// @generated by cuda-build from {} file(s); do not edit.",
            files.len()
        );
        let unit_opts = UnitOptions {
            targets: self.targets.clone(),
        };
        for file in files {
            let rel = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            let name = crate::signature::rust_ident(
                &rel.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            if let Some((_, other)) = modules.iter().find(|(n, _)| *n == name) {
                return Err(UnitError::plain(format!(
                    "`{}` and `{}` would both be module `{name}`: rename one",
                    other.display(),
                    rel.display()
                )));
            }
            let checked = check_relative(root, &rel, &options);
            let deps = checked
                .preprocessed
                .as_ref()
                .map(|p| p.dependencies.clone())
                .unwrap_or_default();
            out.cargo_lines
                .push(format!("cargo:rerun-if-changed={}", file.display()));
            for dep in &deps {
                out.cargo_lines
                    .push(format!("cargo:rerun-if-changed={}", dep.display()));
            }
            out.inputs.push(file.clone());
            out.inputs.extend(deps);
            let (tokens, warnings) = module_tokens(&checked, &unit_opts)?;
            for w in &warnings {
                for line in w.lines().filter(|l| !l.trim().is_empty()) {
                    out.cargo_lines.push(format!("cargo:warning={line}"));
                }
            }
            out.warnings.extend(warnings);
            let ident = quote::format_ident!("{}", name);
            let doc = format!("Kernels of `{}`.", rel.display());
            let module = quote::quote! {
                #[doc = #doc]
                #[allow(dead_code, clippy::all)]
                pub mod #ident { #tokens }
            };
            let _ = writeln!(out.source, "{module}");
            modules.push((name, rel));
        }
        Ok(out)
    }
}

fn collect_cu(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_cu(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "cu") {
            files.push(path);
        }
    }
    Ok(())
}
