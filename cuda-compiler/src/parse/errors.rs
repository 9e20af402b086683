//! Translation of pest's parse failures into rustc-style diagnostics:
//! "expected `;` after expression", "expected expression, found `)`", …

use super::grammar::{CudaParser, Rule};
use super::scan::{self, DelimError};
use crate::diag::Diagnostic;
use crate::source::{ExpansionMap, Span};
use pest::error::{Error, ErrorVariant, InputLocation};
use pest::Parser;
use std::collections::BTreeSet;

/// Serialises the use of pest's process-wide error-detail switch.
static DETAIL_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Re-parses `full_text[lo..]` with `rule`, collecting the detail pest
/// keeps only on request, and describes the failure.
pub(crate) fn diagnose(
    rule: Rule,
    full_text: &str,
    lo: usize,
    hi: usize,
    map: &ExpansionMap,
) -> Diagnostic {
    let text = full_text.get(lo..hi).unwrap_or("");
    // pest's switch is process-wide: one diagnosis at a time.
    let result = {
        let _guard = DETAIL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        pest::set_error_detail(true);
        let result = CudaParser::parse(rule, text);
        pest::set_error_detail(false);
        result
    };
    match result {
        Err(e) => translate(&e, full_text, lo, map),
        // The strict parse succeeded this time: only a limit can explain
        // the first failure.
        Ok(_) => Diagnostic::unsupported("code too complex to parse")
            .at_expanded(Span::new(lo as u32, (lo as u32).max(hi as u32)), map),
    }
}

/// Why the body of a device function (at `span`) is not valid code.
pub(crate) fn diagnose_body(full_text: &str, span: Span, map: &ExpansionMap) -> Diagnostic {
    diagnose(
        Rule::block_eoi,
        full_text,
        span.lo as usize,
        span.hi as usize,
        map,
    )
}

fn quoted(tok: &Option<String>) -> String {
    match tok {
        Some(t) => format!("`{t}`"),
        None => "end of file".to_string(),
    }
}

/// Turns one pest error (on the text starting at `base`) into a diagnostic.
pub(crate) fn translate(
    e: &Error<Rule>,
    full_text: &str,
    base: usize,
    map: &ExpansionMap,
) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let at = base + pos;
    let (found, found_span) = scan::token_at(full_text, at);
    if let ErrorVariant::CustomError { message } = &e.variant {
        let what = if message.contains("stack") {
            "nesting too deep to parse"
        } else {
            "code too complex to parse"
        };
        return Diagnostic::unsupported(what)
            .at_expanded(found_span, map)
            .with_note(message.clone());
    }
    let mut tokens: BTreeSet<String> = BTreeSet::new();
    if let Some(attempts) = e.parse_attempts() {
        for t in attempts.expected_tokens() {
            // `ParsingToken` is not exported: tell literal tokens from
            // ranges (`a..z`) and built-in rules by their display.
            let token = t.to_string();
            let chars: Vec<char> = token.chars().collect();
            let is_range = chars.len() == 4 && chars[1] == '.' && chars[2] == '.';
            if !is_range && token != "BUILTIN_RULE" {
                tokens.insert(token);
            }
        }
    }
    let rules: Vec<Rule> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let expects = |t: &str| tokens.contains(t);
    let found_q = quoted(&found);
    let closer = matches!(
        found.as_deref(),
        Some(")" | "]" | "}" | ";" | "," | ":") | None
    );
    let expr_expected = rules.iter().any(|r| {
        matches!(
            r,
            Rule::primary
                | Rule::operand
                | Rule::expr
                | Rule::assign_expr
                | Rule::int_lit
                | Rule::expr_path
        )
    }) || expects("sizeof")
        || expects("this");
    let continues_expr = expects("+") || expects("*") || expects("==") || expects("?");
    if expects(";") && !(closer && expr_expected) {
        let prev = scan::prev_token_end(full_text, at) as u32;
        // The token found is shown by the secondary label.
        let msg = if is_declaration(full_text, prev as usize) {
            "expected `;` after declaration".to_string()
        } else if continues_expr {
            "expected `;` after expression".to_string()
        } else {
            format!("expected `;`, found {found_q}")
        };
        let mut d = Diagnostic::error(msg)
            .at_expanded(Span::new(prev, prev + 1), map)
            .with_label("expected `;`");
        if let Some(loc) = map.locate(found_span) {
            d = d.with_secondary(loc.span, format!("unexpected {found_q}"));
        }
        return d;
    }
    if expr_expected && (closer || !expects(";")) {
        return Diagnostic::error(format!("expected expression, found {found_q}"))
            .at_expanded(found_span, map)
            .with_label("expected expression");
    }
    // What is left once trivia, literal prefixes and expression operators
    // are set aside says what the grammar wanted.
    let meaningful: Vec<&String> = tokens
        .iter()
        .filter(|t| is_meaningful(t) && !(continues_expr && is_operator(t)))
        .collect();
    if rules
        .iter()
        .any(|r| matches!(r, Rule::identifier | Rule::declarator_id | Rule::declarator))
        && !meaningful
            .iter()
            .any(|t| matches!(t.as_str(), ";" | ")" | "," | ":" | "]" | "}"))
    {
        return Diagnostic::error(format!("expected identifier, found {found_q}"))
            .at_expanded(found_span, map)
            .with_label("expected identifier");
    }
    match meaningful.as_slice() {
        [one] => Diagnostic::error(format!("expected `{one}`, found {found_q}"))
            .at_expanded(found_span, map)
            .with_label(format!("expected `{one}`")),
        list if (2..=6).contains(&list.len()) => {
            let names: Vec<String> = list.iter().map(|t| format!("`{t}`")).collect();
            Diagnostic::error(format!(
                "expected one of {}, found {found_q}",
                names.join(", ")
            ))
            .at_expanded(found_span, map)
            .with_label("unexpected token")
        }
        _ => Diagnostic::error(format!("unexpected {found_q}"))
            .at_expanded(found_span, map)
            .with_label("unexpected token"),
    }
}

/// Tokens pest tries that say nothing to the user (trivia, literal
/// prefixes, identifier characters).
fn is_meaningful(t: &str) -> bool {
    const NOISE: [&str; 20] = [
        "#",
        "/",
        "//",
        "/*",
        "[[",
        "__",
        "__attribute__",
        "__declspec",
        "$",
        "_",
        "L",
        "U",
        "u",
        "u8",
        "0x",
        "0X",
        "0b",
        "0B",
        "\"",
        "'",
    ];
    !t.trim().is_empty() && !NOISE.contains(&t)
}

/// Operator tokens that could continue an expression.
fn is_operator(t: &str) -> bool {
    const OPS: [&str; 43] = [
        "+", "-", "*", "/", "%", "<", ">", "=", "!", "&", "|", "^", "?", ".", "->", "++", "--",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "<<", ">>", "<=", ">=", "==",
        "!=", "&&", "||", "<<<", "[", "(", "~", "::", "{", "...", "template",
    ];
    OPS.contains(&t)
}

/// Does the statement that ends at `end` start like a declaration?
fn is_declaration(full_text: &str, end: usize) -> bool {
    let start = scan::statement_start(full_text, end);
    let text = full_text.get(start..end).unwrap_or("");
    CudaParser::parse(Rule::decl_probe, text).is_ok()
}

/// Describes a delimiter problem.
pub(crate) fn delim_error(err: &DelimError, text: &str, map: &ExpansionMap) -> Diagnostic {
    let text_len = text.len();
    match *err {
        DelimError::Unclosed { open, at } => {
            let end = text_len as u32;
            let mut d = Diagnostic::error(format!("unclosed `{open}`"))
                .at_expanded(Span::new(end.saturating_sub(1), end), map)
                .with_label("the file ends here");
            if let Some(loc) = map.locate(Span::new(at, at + 1)) {
                d = d.with_secondary(loc.span, "unclosed delimiter");
            }
            d
        }
        DelimError::Mismatched { close, at, open } => {
            if let Some((o @ ('(' | '['), oat)) = open {
                if let Some(brace) = scan::block_inside_group(text, oat as usize, at as usize) {
                    let want = if o == '(' { ')' } else { ']' };
                    return Diagnostic::error(format!("expected `{want}`, found `{{`"))
                        .at_expanded(Span::new(brace as u32, brace as u32 + 1), map)
                        .with_label(format!("expected `{want}`"));
                }
            }
            let mut d = match open {
                Some(_) => Diagnostic::error(format!("mismatched closing delimiter: `{close}`")),
                None => Diagnostic::error(format!("unexpected closing delimiter: `{close}`")),
            }
            .at_expanded(Span::new(at, at + 1), map)
            .with_label(match open {
                Some(_) => "mismatched closing delimiter",
                None => "unexpected closing delimiter",
            });
            if let Some((o, oat)) = open {
                if let Some(loc) = map.locate(Span::new(oat, oat + 1)) {
                    d = d.with_secondary(loc.span, format!("unclosed `{o}`"));
                }
            }
            d
        }
        DelimError::TooDeep { at } => {
            Diagnostic::unsupported(format!("nesting deeper than {} levels", scan::MAX_NESTING))
                .at_expanded(Span::new(at, at + 1), map)
        }
    }
}
