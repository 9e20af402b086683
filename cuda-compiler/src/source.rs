//! Source files and the map from preprocessed text back to them.
//!
//! Every later stage works on the preprocessor's output text, whose byte
//! offsets are [`Span`]s. Diagnostics must point at the user's file, so the
//! [`ExpansionMap`] records, for each run of output bytes, the file and offset
//! they came from and, when they were produced by a macro expansion, where
//! that macro was invoked.

use std::fmt;
use std::path::PathBuf;

/// Index of a file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One source file (user file, included header, or built-in header).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (a path as the user wrote or resolved it,
    /// or `<cuda_runtime.h>` for a built-in header).
    pub name: String,
    /// The resolved path on disk, if the file came from disk.
    pub path: Option<PathBuf>,
    /// The full text.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Creates a file and indexes its line starts.
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        Self {
            name: name.into(),
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).max(start);
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = (line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(idx) else {
            return "";
        };
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text
            .get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

/// All files seen by one compilation.
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with this id.
    ///
    /// Ids are only created by [`Files::add`], so every id is valid for the
    /// set that made it.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Finds a file by its resolved path.
    pub fn find_path(&self, path: &std::path::Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| FileId(i as u32))
    }

    /// All files in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// A byte range in the preprocessed text of one translation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub lo: u32,
    /// One past the last byte.
    pub hi: u32,
}

impl Span {
    /// A span from `lo` to `hi`.
    pub const fn new(lo: u32, hi: u32) -> Self {
        Self { lo, hi }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.lo.min(other.lo), self.hi.max(other.hi))
    }
}

/// A byte range in one original source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SrcSpan {
    /// The file.
    pub file: FileId,
    /// First byte in that file.
    pub lo: u32,
    /// One past the last byte in that file.
    pub hi: u32,
}

/// Where a macro was invoked, for "in this macro invocation" notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroSite {
    /// The macro's name.
    pub name: String,
    /// The invocation in the outermost file (the user's code).
    pub call: SrcSpan,
}

/// One run of output bytes that came from one contiguous place.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Start of the run in the output text.
    pub out_lo: u32,
    /// End of the run in the output text.
    pub out_hi: u32,
    /// Where the first byte came from. Bytes within the run map linearly
    /// (`src.lo + (pos - out_lo)`), clamped to `src.hi`.
    pub src: SrcSpan,
    /// Set when the run was produced by expanding a macro.
    pub expansion: Option<MacroSite>,
}

/// Maps output byte offsets of the preprocessor back to source files.
#[derive(Debug, Clone, Default)]
pub struct ExpansionMap {
    segments: Vec<Segment>,
}

/// A resolved location: the original place and, if any, the macro call site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The place in an original file.
    pub span: SrcSpan,
    /// The macro invocation this text came from.
    pub expansion: Option<MacroSite>,
}

impl ExpansionMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a segment; segments must be pushed in increasing output order.
    pub fn push(&mut self, seg: Segment) {
        if seg.out_hi <= seg.out_lo {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            let contiguous = last.out_hi == seg.out_lo
                && last.src.file == seg.src.file
                && last.src.hi == seg.src.lo
                && last.expansion == seg.expansion
                && last.src.hi - last.src.lo == last.out_hi - last.out_lo;
            if contiguous && seg.src.hi - seg.src.lo == seg.out_hi - seg.out_lo {
                last.out_hi = seg.out_hi;
                last.src.hi = seg.src.hi;
                return;
            }
        }
        self.segments.push(seg);
    }

    /// All segments in output order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The segment containing output offset `pos` (or the nearest before it).
    fn segment_at(&self, pos: u32) -> Option<&Segment> {
        if self.segments.is_empty() {
            return None;
        }
        let idx = match self.segments.binary_search_by(|s| {
            if s.out_hi <= pos {
                std::cmp::Ordering::Less
            } else if s.out_lo > pos {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.segments.get(idx)
    }

    /// Maps an output span to the original file range it came from.
    ///
    /// Returns `None` only for an empty map (text with no origin).
    pub fn locate(&self, span: Span) -> Option<Located> {
        let seg = self.segment_at(span.lo)?;
        let end_seg = self.segment_at(span.hi.saturating_sub(1).max(span.lo));
        if let Some(end) = end_seg {
            if end.expansion != seg.expansion {
                return Some(Self::locate_across_expansions(seg, end, span));
            }
        }
        let lo = (seg.src.lo + span.lo.saturating_sub(seg.out_lo)).min(seg.src.hi);
        let hi = match end_seg {
            Some(end) if end.src.file == seg.src.file => {
                (end.src.lo + span.hi.saturating_sub(end.out_lo)).min(end.src.hi)
            }
            _ => seg.src.hi,
        };
        Some(Located {
            span: SrcSpan {
                file: seg.src.file,
                lo,
                hi: hi.max(lo),
            },
            expansion: seg.expansion.clone(),
        })
    }

    /// A span that starts and ends in different macro expansions (or one
    /// end outside any): as rustc does, each end that lies in an expansion
    /// is moved to that invocation in the user's code, so `N * 2` with
    /// `#define N (-4)` points at `N * 2`, not into the definition of `N`.
    fn locate_across_expansions(start: &Segment, end: &Segment, span: Span) -> Located {
        let (file, lo) = match &start.expansion {
            Some(site) => (site.call.file, site.call.lo),
            None => (
                start.src.file,
                (start.src.lo + span.lo.saturating_sub(start.out_lo)).min(start.src.hi),
            ),
        };
        let hi = match &end.expansion {
            Some(site) if site.call.file == file => site.call.hi,
            None if end.src.file == file => {
                (end.src.lo + span.hi.saturating_sub(end.out_lo)).min(end.src.hi)
            }
            _ => lo,
        };
        Located {
            span: SrcSpan {
                file,
                lo,
                hi: hi.max(lo),
            },
            expansion: None,
        }
    }
}

/// The output of preprocessing one translation unit.
#[derive(Debug, Clone)]
pub struct Preprocessed {
    /// The expanded text, which the parser reads.
    pub text: String,
    /// Maps offsets in `text` to the files in `files`.
    pub map: ExpansionMap,
    /// Every file read (the main file is `FileId(0)`).
    pub files: Files,
    /// Every file included, for rebuild tracking (`cargo:rerun-if-changed`).
    pub dependencies: Vec<PathBuf>,
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "file#{}", self.0)
    }
}
