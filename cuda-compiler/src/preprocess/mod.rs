//! The C preprocessor, with a source map.
//!
//! Turns the main file (plus includes, built-in CUDA headers and `-D`/`-U`
//! options) into one expanded text and an [`ExpansionMap`] back to the
//! original files.
//!
//! Layout: `lexer` makes pp-tokens, `directives` runs `#` lines and
//! conditionals, `macros` parses definitions, `expand` expands macros
//! (Prosser's hide-set algorithm), `expr` evaluates `#if` expressions,
//! `include` finds headers, `builtin_headers` holds the embedded ones,
//! `output` writes the text and the map.
//!
//! [`ExpansionMap`]: crate::source::ExpansionMap

mod builtin_headers;
mod directives;
mod expand;
mod expr;
mod include;
pub(crate) mod lexer;
mod macros;
mod output;
pub(crate) mod token;

#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, Files, Preprocessed, SourceFile};
use crate::Options;
use macros::{Macro, MacroKind};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;
use token::Token;

/// Preprocesses one translation unit.
///
/// Warnings are dropped on success; use [`preprocess_with_warnings`] to get
/// them.
pub fn preprocess(main: SourceFile, opts: &Options) -> Result<Preprocessed, (Files, Diagnostics)> {
    preprocess_with_warnings(main, opts).map(|(pp, _)| pp)
}

/// Preprocesses one translation unit and also returns its warnings
/// (`#warning`, redefined macros, unknown host headers), which the fixed
/// [`preprocess`] signature has no room for.
///
/// On failure the diagnostics hold every error and warning found.
pub fn preprocess_with_warnings(
    main: SourceFile,
    opts: &Options,
) -> Result<(Preprocessed, Diagnostics), (Files, Diagnostics)> {
    let mut pp = Preprocessor::new(opts);
    let main_id = pp.files.add(main);
    pp.define_builtins();
    let predefined = pp.files.add(SourceFile::new(
        "<built-in>",
        None,
        builtin_headers::PREDEFINED.to_string(),
    ));
    pp.run_file(predefined);
    let command_line = pp.files.add(SourceFile::new(
        "<command line>",
        None,
        command_line_text(opts),
    ));
    pp.run_file(command_line);
    // nvcc's implicit `-include cuda_runtime.h`: always the built-in one,
    // even when an `-I` folder holds the toolkit's headers.
    if let Some((name, text)) = builtin_headers::builtin("cuda_runtime.h") {
        let runtime = pp.builtin_file(name, text);
        pp.run_file(runtime);
    }
    pp.run_file(main_id);
    pp.finish()
}

/// `-D`/`-U` as directives.
fn command_line_text(opts: &Options) -> String {
    let mut text = String::new();
    for (name, value) in &opts.defines {
        let value = value.as_deref().unwrap_or("1");
        text.push_str(&format!("#define {name} {value}\n"));
    }
    for name in &opts.undefines {
        text.push_str(&format!("#undef {name}\n"));
    }
    text
}

/// One open conditional group (`#if` … `#endif`).
#[derive(Debug, Clone)]
struct Cond {
    /// This group's lines are being kept.
    active: bool,
    /// Some group of this conditional has been (or is being) taken, or the
    /// enclosing one is skipped: later `#elif`/`#else` groups are skipped.
    done: bool,
    /// An `#else` has been seen.
    seen_else: bool,
    /// The opening directive (for "unterminated" errors).
    opened: Token,
}

/// A file being read.
struct Frame {
    file: FileId,
    tokens: Rc<Vec<Token>>,
    pos: usize,
    conds: Vec<Cond>,
    /// Where output resumes in the including file once this one ends.
    resume: Option<(FileId, u32)>,
    /// Output length when the file was entered (did it write anything?).
    out_len_at_entry: usize,
}

/// A fast hasher for macro names (short identifiers; no untrusted-input
/// flooding concern worth SipHash's cost here).
#[derive(Default, Clone, Copy)]
struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Macros by name.
type MacroTable = HashMap<Rc<str>, Rc<Macro>, std::hash::BuildHasherDefault<NameHasher>>;

/// Tokens produced by substitutions before the run gives up.
const MAX_WORK_TOKENS: usize = 1_000_000;
/// Bytes of token text made by `##` and `#` before the run gives up.
const MAX_WORK_BYTES: usize = 64 << 20;
/// Bytes of output before the run gives up.
const MAX_OUTPUT: usize = 64 << 20;
/// Nested `#include`s.
const MAX_INCLUDE_DEPTH: usize = 200;
/// Macro invocations nested in macro arguments.
const MAX_ARG_DEPTH: usize = 200;

/// The whole state of one run.
struct Preprocessor<'o> {
    opts: &'o Options,
    files: Files,
    diags: Diagnostics,
    macros: MacroTable,
    frames: Vec<Frame>,
    /// Tokens to rescan before reading on in the current file (a stack:
    /// the next token is last).
    pending: Vec<Token>,
    out: output::Writer,
    /// Files with `#pragma once`.
    once: HashSet<FileId>,
    /// Token lists per file, lexed once.
    lexed: HashMap<FileId, Rc<Vec<Token>>>,
    /// Built-in headers already added to `files`.
    builtin_files: HashMap<&'static str, FileId>,
    dependencies: Vec<PathBuf>,
    counter: u64,
    work_tokens: usize,
    work_bytes: usize,
    arg_depth: usize,
    /// Expanding an `#if` line (`defined` protects its operand).
    in_if: bool,
    /// A limit was hit: stop everything.
    aborted: bool,
}

impl<'o> Preprocessor<'o> {
    fn new(opts: &'o Options) -> Self {
        Self {
            opts,
            files: Files::new(),
            diags: Vec::new(),
            macros: MacroTable::default(),
            frames: Vec::new(),
            pending: Vec::new(),
            out: output::Writer::default(),
            once: HashSet::new(),
            lexed: HashMap::new(),
            builtin_files: HashMap::new(),
            dependencies: Vec::new(),
            counter: 0,
            work_tokens: 0,
            work_bytes: 0,
            arg_depth: 0,
            in_if: false,
            aborted: false,
        }
    }

    fn define_builtins(&mut self) {
        for (name, kind) in [
            ("__LINE__", MacroKind::Line),
            ("__FILE__", MacroKind::File),
            ("__COUNTER__", MacroKind::Counter),
        ] {
            let m = Macro::builtin(name, kind);
            self.macros.insert(m.name.clone(), Rc::new(m));
        }
    }

    /// The tokens of a file, lexed on first use.
    fn tokens_of(&mut self, file: FileId) -> Rc<Vec<Token>> {
        if let Some(t) = self.lexed.get(&file) {
            return t.clone();
        }
        let toks = Rc::new(lexer::lex_file(
            file,
            &self.files.get(file).text,
            &mut self.diags,
        ));
        self.lexed.insert(file, toks.clone());
        toks
    }

    fn push_frame(&mut self, file: FileId, resume: Option<(FileId, u32)>) {
        let tokens = self.tokens_of(file);
        self.frames.push(Frame {
            file,
            tokens,
            pos: 0,
            conds: Vec::new(),
            resume,
            out_len_at_entry: self.out.len(),
        });
    }

    /// Reads a top-level file (and everything it includes) to its end.
    fn run_file(&mut self, file: FileId) {
        self.push_frame(file, None);
        self.out.resume_at((file, 0));
        self.run();
    }

    /// The main loop: text lines are expanded and written, `#` lines run.
    fn run(&mut self) {
        while !self.aborted {
            let Some(frame) = self.frames.last_mut() else {
                break;
            };
            if frame.conds.last().is_some_and(|c| !c.active) {
                // Skip to the next directive line.
                while let Some(t) = frame.tokens.get(frame.pos) {
                    if t.line_start && t.is_punct("#") {
                        break;
                    }
                    frame.pos += 1;
                }
            }
            let mut main = expand::Source::Main;
            if let Some(tok) = self.expand_next(&mut main) {
                self.emit_text(tok);
                continue;
            }
            let Some(frame) = self.frames.last() else {
                break;
            };
            if frame.tokens.get(frame.pos).is_some() {
                self.directive();
            } else {
                self.end_of_file();
            }
        }
    }

    /// Pops the finished file, reporting unterminated conditionals.
    fn end_of_file(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        for c in &frame.conds {
            let d = Diagnostic::error(format!("unterminated `#{}`", c.opened.text));
            self.diags.push(c.opened.locate(d));
        }
        if let Some(resume) = frame.resume {
            if self.out.len() != frame.out_len_at_entry {
                self.out.resume_at(resume);
            }
        }
    }

    /// Writes one expanded text token, running `_Pragma` operators.
    fn emit_text(&mut self, tok: Token) {
        if tok.is_ident("_Pragma") {
            self.pragma_operator(tok);
            return;
        }
        if tok.kind == token::Kind::Unterminated {
            let quote = tok.text.find(['\'', '"']).unwrap_or(0);
            let what = match tok.text.get(quote..=quote) {
                Some("'") => "character",
                _ => "string",
            };
            let mut at = tok.clone();
            at.lo += quote as u32;
            let d = Diagnostic::error(format!("unterminated {what} literal"));
            self.diags.push(at.locate(d));
        }
        let files = &self.files;
        if !self.out.token(files, &tok) && !self.aborted {
            self.abort(&tok, "macro expansion too large");
        }
    }

    /// Stops the run with an error at `tok`.
    fn abort(&mut self, tok: &Token, message: &str) {
        if !self.aborted {
            self.diags.push(tok.locate(Diagnostic::error(message)));
        }
        self.aborted = true;
    }

    fn finish(mut self) -> Result<(Preprocessed, Diagnostics), (Files, Diagnostics)> {
        // Frames left open after an abort are not "unterminated".
        self.frames.clear();
        if self.out.len() > MAX_OUTPUT && !self.aborted {
            self.diags
                .push(Diagnostic::error("macro expansion too large"));
        }
        if self.diags.iter().any(Diagnostic::is_error) {
            return Err((self.files, self.diags));
        }
        let (mut text, map) = self.out.finish();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        Ok((
            Preprocessed {
                text,
                map,
                files: self.files,
                dependencies: self.dependencies,
            },
            self.diags,
        ))
    }
}
