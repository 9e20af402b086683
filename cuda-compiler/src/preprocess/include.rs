//! `#include`: finding headers on disk, then among the built-in ones and
//! the standard host headers that are read as empty.

use super::builtin_headers::{builtin, HOST_HEADERS};
use super::token::{Kind, Token};
use super::{Preprocessor, MAX_INCLUDE_DEPTH};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile};
use std::path::{Path, PathBuf};

/// What an `#include` name resolved to.
pub(super) enum Found {
    /// A file on disk (canonical path, name to show).
    Disk(PathBuf, String),
    /// A built-in header (name, text).
    Builtin(&'static str, &'static str),
    /// A standard host header, read as empty.
    Empty,
    /// Not found; the folders searched.
    Missing(Vec<PathBuf>),
}

/// Looks for `name` in `dir`.
fn in_dir(dir: &Path, name: &str) -> Option<(PathBuf, String)> {
    let joined = dir.join(name);
    if !joined.is_file() {
        return None;
    }
    let canonical = std::fs::canonicalize(&joined).unwrap_or_else(|_| joined.clone());
    let shown = if dir == Path::new(".") {
        name.to_string()
    } else {
        joined.display().to_string()
    };
    Some((canonical, shown))
}

impl Preprocessor<'_> {
    /// Resolves an include name: for `"…"` the including file's folder
    /// first, then `-I` folders, then built-in and standard headers.
    pub(super) fn resolve(&self, name: &str, quoted: bool, from: FileId) -> Found {
        let mut searched = Vec::new();
        if quoted {
            if let Some(dir) = self.files.get(from).path.as_deref().and_then(Path::parent) {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                if let Some((path, shown)) = in_dir(dir, name) {
                    return Found::Disk(path, shown);
                }
                searched.push(dir.to_path_buf());
            }
        }
        for dir in &self.opts.include_dirs {
            if let Some((path, shown)) = in_dir(dir, name) {
                return Found::Disk(path, shown);
            }
            searched.push(dir.clone());
        }
        if let Some((n, text)) = builtin(name) {
            return Found::Builtin(n, text);
        }
        if HOST_HEADERS.contains(&name) {
            return Found::Empty;
        }
        Found::Missing(searched)
    }

    /// Runs `#include` (after the name was read): opens the file, or
    /// reports it missing.
    pub(super) fn include(&mut self, at: &Token, name: &str, quoted: bool, line_end: u32) {
        let Some(from) = self.frames.last().map(|f| f.file) else {
            return;
        };
        if self.frames.len() > MAX_INCLUDE_DEPTH {
            let d = Diagnostic::error(format!(
                "`#include` nested more than {MAX_INCLUDE_DEPTH} levels deep"
            ))
            .with_help("check for a header that includes itself without an include guard");
            self.diags.push(at.locate(d));
            return;
        }
        let file = match self.resolve(name, quoted, from) {
            Found::Disk(path, shown) => match self.files.find_path(&path) {
                Some(id) => id,
                None => match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        if !self.dependencies.contains(&path) {
                            self.dependencies.push(path.clone());
                        }
                        self.files.add(SourceFile::new(shown, Some(path), text))
                    }
                    Err(e) => {
                        let d = Diagnostic::error(format!("cannot read `{shown}`: {e}"));
                        self.diags.push(at.locate(d));
                        return;
                    }
                },
            },
            Found::Builtin(n, text) => self.builtin_file(n, text),
            Found::Empty => return,
            Found::Missing(searched) => {
                if quoted {
                    let folders: Vec<String> = searched
                        .iter()
                        .map(|d| format!("`{}`", d.display()))
                        .collect();
                    let note = if folders.is_empty() {
                        "no folders were searched".to_string()
                    } else {
                        format!("searched in {}", folders.join(", "))
                    };
                    let d = Diagnostic::error(format!("`#include` file `{name}` not found"))
                        .with_note(note)
                        .with_help("add its folder with `-I`");
                    self.diags.push(at.locate(d));
                } else {
                    let d = Diagnostic::warning(format!(
                        "header `<{name}>` not found; treated as a host-only header"
                    ));
                    self.diags.push(at.locate(d));
                }
                return;
            }
        };
        if self.once.contains(&file) {
            return;
        }
        self.push_frame(file, Some((from, line_end)));
    }

    /// The file of a built-in header, added on first use.
    pub(super) fn builtin_file(&mut self, name: &'static str, text: &'static str) -> FileId {
        if let Some(&id) = self.builtin_files.get(name) {
            return id;
        }
        let id = self
            .files
            .add(SourceFile::new(format!("<{name}>"), None, text));
        self.builtin_files.insert(name, id);
        id
    }

    /// Reads the header name of an `#include` line or `__has_include`:
    /// `"name"` or `<name>` (returns the name, whether quoted, and the
    /// tokens after it).
    pub(super) fn header_name<'t>(&self, toks: &'t [Token]) -> Option<(String, bool, &'t [Token])> {
        let first = toks.first()?;
        if first.kind == Kind::Str && first.text.starts_with('"') && first.text.ends_with('"') {
            let inner = first.text.get(1..first.text.len().saturating_sub(1))?;
            return Some((inner.to_string(), true, toks.get(1..).unwrap_or(&[])));
        }
        if !first.is_punct("<") {
            return None;
        }
        let close = toks.iter().position(|t| t.is_punct(">"))?;
        let last = toks.get(close)?;
        let plain = toks
            .get(..=close)?
            .iter()
            .all(|t| t.expansion.is_none() && t.file == first.file);
        let name = if plain && first.hi <= last.lo {
            let text = &self.files.get(first.file).text;
            text.get(first.hi as usize..last.lo as usize)?.to_string()
        } else {
            let mut s = String::new();
            for (i, t) in toks.get(1..close)?.iter().enumerate() {
                if i > 0 && t.space_before {
                    s.push(' ');
                }
                s.push_str(&t.text);
            }
            s
        };
        Some((name, false, toks.get(close + 1..).unwrap_or(&[])))
    }

    /// `__has_include(name)`: would the `#include` find something?
    pub(super) fn has_include(&self, name: &str, quoted: bool) -> bool {
        let Some(from) = self.frames.last().map(|f| f.file) else {
            return false;
        };
        !matches!(self.resolve(name, quoted, from), Found::Missing(_))
    }
}
