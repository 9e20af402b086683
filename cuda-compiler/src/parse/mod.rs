//! The parser: preprocessed text → [`ast::TranslationUnit`].
//!
//! The grammar is `cuda.pest` (pest PEG, its header documents how the
//! ambiguities of C++ are resolved without a symbol table); `build/` turns
//! pest's pairs into the AST; `errors` turns pest's failures into rustc-style
//! diagnostics; `scan` does the character-level work (delimiter checks,
//! skipping host code as balanced tokens).
//!
//! The driver here parses one top-level item at a time. An item that does
//! not parse strictly and has no device qualifier in its head is host code
//! and becomes [`ast::ItemKind::HostCode`]; a device item that does not
//! parse is an error, and parsing goes on with the next item so one file
//! can report several errors.

pub mod ast;
mod build;
mod errors;
mod grammar;
mod scan;
#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{ExpansionMap, Preprocessed, Span};
use ast::{Ident, Item, ItemKind};
use build::Builder;
use grammar::{CudaParser, Rule};
use pest::Parser;

/// Qualifiers that make an item device code, which must parse strictly.
const DEVICE_QUALIFIERS: [&str; 5] = [
    "__global__",
    "__device__",
    "__shared__",
    "__constant__",
    "__managed__",
];

/// Bound on pest rule calls for one item (a base plus a number per byte of
/// the item), so that no input can make the backtracking parser run long;
/// real code needs about a hundred calls per byte.
const CALL_LIMIT_BASE: usize = 500_000;
/// See [`CALL_LIMIT_BASE`].
const CALL_LIMIT_PER_BYTE: usize = 2_000;

/// Stack for the parsing thread: the PEG parser recurses per nesting level.
const PARSER_STACK: usize = 256 << 20;

/// The call limit in force: pest's setting is process-wide, so it only ever
/// grows, and a parse on another thread never gets less than it needs.
static CALL_LIMIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn raise_call_limit(needed: usize) {
    use std::sync::atomic::Ordering;
    let before = CALL_LIMIT.fetch_max(needed, Ordering::Relaxed);
    if needed > before {
        pest::set_call_limit(std::num::NonZeroUsize::new(needed));
    }
}

/// Parses a preprocessed translation unit.
pub fn parse(pp: &Preprocessed) -> Result<ast::TranslationUnit, Diagnostics> {
    let run = || parse_text(&pp.text, &pp.map);
    // Deeply nested input needs a deep stack: parse on a thread that has
    // one, or on this thread if none can be made.
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("cuda-parse".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(s, run)
        {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(vec![Diagnostic::error("internal error: the parser failed")])
            }),
            Err(_) => run(),
        }
    })
}

/// Parses `text` (with its map for diagnostics).
fn parse_text(text: &str, map: &ExpansionMap) -> Result<ast::TranslationUnit, Diagnostics> {
    let delims = scan::check_delimiters(text);
    if !delims.is_empty() {
        return Err(delims
            .iter()
            .map(|e| errors::delim_error(e, text, map))
            .collect());
    }
    let mut driver = Driver {
        text,
        map,
        diags: Vec::new(),
    };
    let (items, _) = driver.items(0, false);
    if driver.diags.iter().any(Diagnostic::is_error) {
        return Err(driver.diags);
    }
    Ok(ast::TranslationUnit { items })
}

/// Parses items one at a time.
struct Driver<'a> {
    text: &'a str,
    map: &'a ExpansionMap,
    diags: Diagnostics,
}

impl Driver<'_> {
    /// Items from `pos` to the end of the text, or (in a block) to the
    /// closing `}`; returns them and the offset after the block.
    fn items(&mut self, mut pos: usize, in_block: bool) -> (Vec<Item>, usize) {
        let mut items = Vec::new();
        loop {
            pos = scan::skip_trivia(self.text, pos);
            let Some(rest) = self.text.get(pos..) else {
                return (items, self.text.len());
            };
            if rest.is_empty() {
                return (items, pos);
            }
            if rest.starts_with('}') {
                if in_block {
                    return (items, pos + 1);
                }
                // Delimiters were checked: unreachable, but never loop.
                pos += 1;
                continue;
            }
            let maybe_block = ["namespace", "inline", "extern"]
                .iter()
                .any(|w| rest.starts_with(w));
            if !maybe_block {
                // Skip the attempt: a failed parse costs a line/column
                // computation over the text before it.
            } else if let Ok(mut pairs) = CudaParser::parse(Rule::block_head, rest) {
                if let Some(head) = pairs.next() {
                    let end = pos + head.as_span().end();
                    let (inner, after) = self.items(end, true);
                    let span = Span::new(pos as u32, after as u32);
                    items.push(self.block_item(head, pos, inner, span));
                    pos = after;
                    continue;
                }
            }
            let item_len = scan::skip_item(self.text, pos).saturating_sub(pos);
            raise_call_limit(
                CALL_LIMIT_BASE.saturating_add(item_len.saturating_mul(CALL_LIMIT_PER_BYTE)),
            );
            match CudaParser::parse(Rule::item_entry, rest) {
                Ok(mut pairs) => {
                    let Some(entry) = pairs.next() else {
                        pos += 1;
                        continue;
                    };
                    let len = entry.as_span().end().max(1);
                    let builder = Builder::new(pos as u32, self.text, self.map);
                    let mut built = Vec::new();
                    for item in entry.into_inner() {
                        built.extend(builder.item(item));
                    }
                    let diags = builder.into_diags();
                    let item_text = rest.get(..len).unwrap_or(rest);
                    match diags.first() {
                        // Host code with something the AST cannot hold
                        // (bit-fields, a huge literal) is kept as tokens.
                        Some(first) if !is_device_item(item_text) => items.push(Item {
                            kind: ItemKind::HostCode {
                                reason: first.message.clone(),
                            },
                            span: Span::new(pos as u32, (pos + len) as u32),
                        }),
                        _ => {
                            items.extend(built);
                            self.diags.extend(diags);
                        }
                    }
                    pos += len;
                }
                Err(e) => {
                    let end = scan::skip_item(self.text, pos).max(pos + 1);
                    let item_text = self.text.get(pos..end).unwrap_or("");
                    if is_device_item(item_text) {
                        self.diags.push(errors::diagnose(
                            Rule::item_entry,
                            self.text,
                            pos,
                            self.text.len(),
                            self.map,
                        ));
                    } else {
                        let d = errors::translate(&e, self.text, pos, self.map);
                        items.push(Item {
                            kind: ItemKind::HostCode { reason: d.message },
                            span: Span::new(pos as u32, end as u32),
                        });
                    }
                    pos = end;
                }
            }
        }
    }

    /// A namespace or `extern "C"` block from its head and parsed items.
    fn block_item(
        &self,
        head: pest::iterators::Pair<'_, Rule>,
        base: usize,
        items: Vec<Item>,
        span: Span,
    ) -> Item {
        let Some(head) = head.into_inner().next() else {
            return Item {
                kind: ItemKind::LinkageBlock(items),
                span,
            };
        };
        if head.as_rule() == Rule::linkage_head {
            return Item {
                kind: ItemKind::LinkageBlock(items),
                span,
            };
        }
        // `namespace a::b { … }` nests.
        let names: Vec<Ident> = head
            .into_inner()
            .filter(|p| p.as_rule() == Rule::identifier)
            .map(|p| {
                let s = p.as_span();
                Ident {
                    name: p.as_str().to_string(),
                    span: Span::new((base + s.start()) as u32, (base + s.end()) as u32),
                }
            })
            .collect();
        if names.is_empty() {
            return Item {
                kind: ItemKind::Namespace { name: None, items },
                span,
            };
        }
        let mut items = items;
        for name in names.into_iter().rev() {
            items = vec![Item {
                kind: ItemKind::Namespace {
                    name: Some(name),
                    items,
                },
                span,
            }];
        }
        items.pop().unwrap_or(Item {
            kind: ItemKind::Empty,
            span,
        })
    }
}

/// Device code must parse strictly: an item with a device qualifier in its
/// head (or anywhere in a struct/class/union) is device code.
fn is_device_item(text: &str) -> bool {
    let head = scan::head_words(text);
    let is_class = head
        .iter()
        .any(|w| matches!(*w, "struct" | "class" | "union"));
    let words = if is_class { scan::words(text) } else { head };
    words.iter().any(|w| DEVICE_QUALIFIERS.contains(w))
}
