//! Literal values: integers with suffixes, floats (also hexadecimal),
//! characters and strings with escapes.

use super::Builder;
use crate::parse::ast::ExprKind;
use crate::parse::grammar::Rule;
use pest::iterators::Pair;

impl Builder<'_> {
    /// An `int_lit` pair.
    pub(super) fn int_lit(&self, p: &Pair<'_, Rule>) -> ExprKind {
        let (value, unsigned, long, decimal) = match parse_int(p.as_str()) {
            Some(v) => v,
            None => {
                self.error(self.span(p), "integer literal is too large");
                (0, false, 0, true)
            }
        };
        ExprKind::IntLit {
            value,
            unsigned,
            long,
            decimal,
        }
    }

    /// A `float_lit` pair.
    pub(super) fn float_lit(&self, p: &Pair<'_, Rule>) -> ExprKind {
        let text = p.as_str();
        let (body, is_float, is_long) = match text.as_bytes().last() {
            Some(b'f' | b'F') if !is_hex(text) || text.contains(['p', 'P']) => {
                (&text[..text.len() - 1], true, false)
            }
            Some(b'l' | b'L') => (&text[..text.len() - 1], false, true),
            _ => (text, false, false),
        };
        let clean: String = body.chars().filter(|&c| c != '\'').collect();
        let value = if is_hex(&clean) {
            parse_hex_float(&clean)
        } else {
            clean.parse::<f64>().ok()
        };
        let value = value.unwrap_or_else(|| {
            self.error(self.span(p), "invalid floating-point literal");
            0.0
        });
        ExprKind::FloatLit {
            value,
            is_float,
            is_long,
        }
    }

    /// A `char_lit` pair.
    pub(super) fn char_lit(&self, p: &Pair<'_, Rule>) -> ExprKind {
        let text = p.as_str();
        let start = text.find('\'').map_or(0, |i| i + 1);
        let inner = text.get(start..text.len().saturating_sub(1)).unwrap_or("");
        let chars = unescape(inner);
        match chars.as_slice() {
            [c] => ExprKind::CharLit(*c),
            [] => {
                self.error(self.span(p), "empty character constant");
                ExprKind::CharLit(0)
            }
            more => {
                // Multi-character constants: value as GCC computes it.
                let v = more.iter().fold(0u32, |acc, &c| (acc << 8) | (c & 0xff));
                ExprKind::CharLit(v)
            }
        }
    }

    /// A `strings` pair (adjacent string literals, concatenated).
    pub(super) fn strings(&self, p: &Pair<'_, Rule>) -> String {
        let mut out = String::new();
        for lit in p.clone().into_inner() {
            let text = lit.as_str();
            let start = text.find('"').map_or(0, |i| i + 1);
            let inner = text.get(start..text.len().saturating_sub(1)).unwrap_or("");
            out.extend(unescape(inner).into_iter().filter_map(char::from_u32));
        }
        out
    }
}

fn is_hex(text: &str) -> bool {
    text.starts_with("0x") || text.starts_with("0X")
}

/// Parses an integer literal: value, `u`, number of `l`, written in decimal.
pub(crate) fn parse_int(text: &str) -> Option<(u128, bool, u8, bool)> {
    let lower = text.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    let end = digits.find(['u', 'l']).unwrap_or(digits.len());
    let (num, suffix) = digits.split_at(end);
    let unsigned = suffix.contains('u');
    let long = suffix.matches('l').count() as u8;
    let mut value: u128 = 0;
    for c in num.chars().filter(|&c| c != '\'') {
        let d = c.to_digit(radix)?;
        value = value.checked_mul(radix as u128)?.checked_add(d as u128)?;
    }
    if value > u64::MAX as u128 {
        return None;
    }
    Some((value, unsigned, long, radix == 10))
}

/// Parses `0x1.8p3` (without suffix).
fn parse_hex_float(text: &str) -> Option<f64> {
    let body = text.get(2..)?;
    let p = body.find(['p', 'P'])?;
    let (mant, exp) = body.split_at(p);
    let exp: i32 = exp.get(1..)?.parse().ok()?;
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    let mut value = 0f64;
    for c in int_part.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac_part.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exp))
}

/// Decodes C escape sequences into code points.
fn unescape(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c as u32);
            continue;
        }
        let Some(e) = chars.next() else { break };
        let v = match e {
            'n' => 10,
            't' => 9,
            'r' => 13,
            'a' => 7,
            'b' => 8,
            'f' => 12,
            'v' => 11,
            'e' => 27,
            'x' => {
                let mut v = 0u32;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.wrapping_mul(16).wrapping_add(d);
                    chars.next();
                }
                v
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let mut v = 0u32;
                for _ in 0..n {
                    match chars.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v.wrapping_mul(16).wrapping_add(d);
                            chars.next();
                        }
                        None => break,
                    }
                }
                v
            }
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                v
            }
            other => other as u32,
        };
        out.push(v);
    }
    out
}
