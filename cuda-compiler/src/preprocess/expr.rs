//! `#if` expressions: `defined`, `__has_include`, macro expansion, then an
//! integer constant expression over `intmax_t`/`uintmax_t` with every C
//! operator (and short-circuit evaluation: no error for `1 || 1/0`).

use super::token::{Kind, Token};
use super::Preprocessor;
use crate::diag::Diagnostic;

/// Deepest nesting of parentheses and unary operators in one expression.
const MAX_DEPTH: usize = 256;

/// A value of `#if` arithmetic: `intmax_t` or `uintmax_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Value {
    bits: u64,
    unsigned: bool,
}

impl Value {
    fn signed(v: i64) -> Value {
        Value {
            bits: v as u64,
            unsigned: false,
        }
    }

    fn bool(b: bool) -> Value {
        Value::signed(i64::from(b))
    }

    fn is_true(self) -> bool {
        self.bits != 0
    }

    fn as_i64(self) -> i64 {
        self.bits as i64
    }
}

/// `__has_*` feature tests that are answered "no" (there is no such
/// builtin or attribute to rely on).
const FEATURE_TESTS: [&str; 6] = [
    "__has_builtin",
    "__has_attribute",
    "__has_cpp_attribute",
    "__has_feature",
    "__has_extension",
    "__has_declspec_attribute",
];

impl Preprocessor<'_> {
    /// Evaluates the condition of `#if`/`#elif`; an erroneous one is false.
    pub(super) fn evaluate_condition(&mut self, directive: &Token, toks: &[Token]) -> bool {
        let name = format!("#{}", directive.text);
        if toks.is_empty() {
            let d = Diagnostic::error(format!("`{name}` with no expression"));
            self.diags.push(directive.locate(d));
            return false;
        }
        let Some(replaced) = self.replace_defined(toks, &name) else {
            return false;
        };
        self.in_if = true;
        let expanded = self.expand_list(replaced);
        self.in_if = false;
        let mut parser = ExprParser {
            toks: &expanded,
            pos: 0,
            pp: self,
            name: &name,
            depth: 0,
            end: directive,
        };
        let Ok(v) = parser.comma(true) else {
            return false;
        };
        if let Some(t) = parser.toks.get(parser.pos) {
            let d = Diagnostic::error(format!("unexpected `{}` in `{name}` expression", t.text));
            self.diags.push(t.locate(d));
            return false;
        }
        v.is_true()
    }

    /// Replaces `defined X`, `defined(X)`, `__has_include(…)` and `__has_*(…)`
    /// by `1`/`0` before macro expansion.
    fn replace_defined(&mut self, toks: &[Token], name: &str) -> Option<Vec<Token>> {
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            if t.is_ident("defined") {
                let (value, used) = self.defined_operator(t, toks.get(i + 1..).unwrap_or(&[]))?;
                out.push(t.respelled(Kind::Number, if value { "1" } else { "0" }));
                i += 1 + used;
                continue;
            }
            let is_has_include = t.is_ident("__has_include") || t.is_ident("__has_include_next");
            if is_has_include || FEATURE_TESTS.iter().any(|f| t.is_ident(f)) {
                let args = toks.get(i + 1..).unwrap_or(&[]);
                let close = args
                    .first()
                    .filter(|o| o.is_punct("("))
                    .and_then(|_| args.iter().position(|a| a.is_punct(")")));
                let Some(close) = close else {
                    let d = Diagnostic::error(format!(
                        "`{}` expects `(` … `)` in `{name}` expression",
                        t.text
                    ));
                    self.diags.push(t.locate(d));
                    return None;
                };
                let inner = args.get(1..close).unwrap_or(&[]);
                let value = if is_has_include {
                    let named = match self.header_name(inner) {
                        Some((header, quoted, [])) => Some((header, quoted)),
                        _ => {
                            // `__has_include(MACRO)`: expand, then read the name.
                            let expanded = self.expand_list(inner.to_vec());
                            match self.header_name(&expanded) {
                                Some((header, quoted, [])) => Some((header, quoted)),
                                _ => None,
                            }
                        }
                    };
                    match named {
                        Some((header, quoted)) => self.has_include(&header, quoted),
                        None => {
                            let d = Diagnostic::error(format!(
                                "`{}` expects \"FILENAME\" or <FILENAME>",
                                t.text
                            ));
                            self.diags.push(t.locate(d));
                            return None;
                        }
                    }
                } else {
                    false
                };
                out.push(t.respelled(Kind::Number, if value { "1" } else { "0" }));
                i += close + 2;
                continue;
            }
            out.push(t.clone());
            i += 1;
        }
        Some(out)
    }

    /// `defined X` or `defined ( X )` after the `defined` token: the value
    /// and the number of tokens used after `defined`.
    fn defined_operator(&mut self, op: &Token, after: &[Token]) -> Option<(bool, usize)> {
        let (name, used) = match after.first() {
            Some(t) if t.kind == Kind::Ident => (t, 1),
            Some(t) if t.is_punct("(") => match (after.get(1), after.get(2)) {
                (Some(n), Some(c)) if n.kind == Kind::Ident && c.is_punct(")") => (n, 3),
                (Some(n), c) if n.kind == Kind::Ident => {
                    let at = c.unwrap_or(n);
                    let d = Diagnostic::error("missing `)` after `defined`");
                    self.diags.push(at.locate(d));
                    return None;
                }
                _ => {
                    let at = after.get(1).unwrap_or(t);
                    self.diags
                        .push(at.locate(Diagnostic::error("`defined` expects a macro name")));
                    return None;
                }
            },
            other => {
                let at = other.unwrap_or(op);
                self.diags
                    .push(at.locate(Diagnostic::error("`defined` expects a macro name")));
                return None;
            }
        };
        Some((self.is_defined(&name.text), used))
    }
}

/// Recursive-descent evaluation over expanded tokens. Errors are reported
/// once and end the evaluation (`Err(())`).
struct ExprParser<'a, 'p, 'o> {
    toks: &'a [Token],
    pos: usize,
    pp: &'p mut Preprocessor<'o>,
    name: &'a str,
    depth: usize,
    /// Where "expected a value" points when the line ends early.
    end: &'a Token,
}

type Eval = Result<Value, ()>;

/// Binary operators: spelling and precedence (higher binds tighter).
fn binary_precedence(t: &Token) -> Option<u8> {
    if t.kind != Kind::Punct {
        return None;
    }
    Some(match &*t.text {
        "*" | "/" | "%" => 10,
        "+" | "-" => 9,
        "<<" | ">>" => 8,
        "<" | ">" | "<=" | ">=" => 7,
        "==" | "!=" => 6,
        "&" => 5,
        "^" => 4,
        "|" => 3,
        "&&" => 2,
        "||" => 1,
        _ => return None,
    })
}

impl ExprParser<'_, '_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn error_at(&mut self, t: &Token, msg: String) -> Eval {
        self.pp.diags.push(t.locate(Diagnostic::error(msg)));
        Err(())
    }

    fn enter(&mut self) -> Result<(), ()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.peek().unwrap_or(self.end).clone();
            self.error_at(&at, format!("`{}` expression nested too deeply", self.name))?;
        }
        Ok(())
    }

    /// `a, b`
    fn comma(&mut self, eval: bool) -> Eval {
        let mut v = self.conditional(eval)?;
        while self.peek().is_some_and(|t| t.is_punct(",")) {
            self.pos += 1;
            v = self.conditional(eval)?;
        }
        Ok(v)
    }

    /// `c ? a : b` (right-associative)
    fn conditional(&mut self, eval: bool) -> Eval {
        self.enter()?;
        let c = self.binary(1, eval)?;
        let v = if self.peek().is_some_and(|t| t.is_punct("?")) {
            self.pos += 1;
            let a = self.comma(eval && c.is_true())?;
            match self.peek() {
                Some(t) if t.is_punct(":") => self.pos += 1,
                other => {
                    let at = other.or(self.toks.last()).unwrap_or(self.end).clone();
                    return self
                        .error_at(&at, format!("expected `:` in `{}` expression", self.name));
                }
            }
            let b = self.conditional(eval && !c.is_true())?;
            let unsigned = a.unsigned || b.unsigned;
            let pick = if c.is_true() { a } else { b };
            Value {
                bits: pick.bits,
                unsigned,
            }
        } else {
            c
        };
        self.depth -= 1;
        Ok(v)
    }

    fn binary(&mut self, min: u8, eval: bool) -> Eval {
        let mut lhs = self.unary(eval)?;
        while let Some(op) = self.peek().cloned() {
            let Some(prec) = binary_precedence(&op) else {
                break;
            };
            if prec < min {
                break;
            }
            self.pos += 1;
            let rhs_eval = match &*op.text {
                "&&" => eval && lhs.is_true(),
                "||" => eval && !lhs.is_true(),
                _ => eval,
            };
            let rhs = self.binary(prec + 1, rhs_eval)?;
            lhs = self.apply(&op, lhs, rhs, eval)?;
        }
        Ok(lhs)
    }

    fn apply(&mut self, op: &Token, l: Value, r: Value, eval: bool) -> Eval {
        let unsigned = l.unsigned || r.unsigned;
        let arith = |bits: u64| Value { bits, unsigned };
        let eq = l.bits == r.bits;
        let lt = if unsigned {
            l.bits < r.bits
        } else {
            l.as_i64() < r.as_i64()
        };
        Ok(match &*op.text {
            "*" => arith(l.bits.wrapping_mul(r.bits)),
            "/" | "%" => {
                if r.bits == 0 {
                    if !eval {
                        return Ok(arith(0));
                    }
                    return self.error_at(
                        op,
                        format!("division by zero in `{}` expression", self.name),
                    );
                }
                let div = op.is_punct("/");
                if unsigned {
                    arith(if div {
                        l.bits / r.bits
                    } else {
                        l.bits % r.bits
                    })
                } else if div {
                    Value::signed(l.as_i64().wrapping_div(r.as_i64()))
                } else {
                    Value::signed(l.as_i64().wrapping_rem(r.as_i64()))
                }
            }
            "+" => arith(l.bits.wrapping_add(r.bits)),
            "-" => arith(l.bits.wrapping_sub(r.bits)),
            "<<" | ">>" => {
                let count = if r.unsigned || r.as_i64() >= 0 {
                    r.bits
                } else {
                    r.as_i64().unsigned_abs()
                };
                let left = op.is_punct("<<") == (r.unsigned || r.as_i64() >= 0);
                let bits = if left {
                    l.bits.checked_shl(count.min(64) as u32).unwrap_or(0)
                } else if l.unsigned {
                    l.bits.checked_shr(count.min(64) as u32).unwrap_or(0)
                } else {
                    (l.as_i64() >> count.min(63)) as u64
                };
                Value {
                    bits,
                    unsigned: l.unsigned,
                }
            }
            "<" => Value::bool(lt),
            ">" => Value::bool(!lt && !eq),
            "<=" => Value::bool(lt || eq),
            ">=" => Value::bool(!lt),
            "==" => Value::bool(eq),
            "!=" => Value::bool(!eq),
            "&" => arith(l.bits & r.bits),
            "^" => arith(l.bits ^ r.bits),
            "|" => arith(l.bits | r.bits),
            "&&" => Value::bool(l.is_true() && r.is_true()),
            _ => Value::bool(l.is_true() || r.is_true()),
        })
    }

    fn unary(&mut self, eval: bool) -> Eval {
        let Some(t) = self.peek().cloned() else {
            let at = self.toks.last().unwrap_or(self.end).clone();
            return self.error_at(
                &at,
                format!("expected a value in `{}` expression", self.name),
            );
        };
        if t.kind == Kind::Punct && matches!(&*t.text, "+" | "-" | "~" | "!") {
            self.pos += 1;
            self.enter()?;
            let v = self.unary(eval)?;
            self.depth -= 1;
            return Ok(match &*t.text {
                "+" => v,
                "-" => Value {
                    bits: v.bits.wrapping_neg(),
                    unsigned: v.unsigned,
                },
                "~" => Value {
                    bits: !v.bits,
                    unsigned: v.unsigned,
                },
                _ => Value::bool(!v.is_true()),
            });
        }
        self.primary(eval, t)
    }

    fn primary(&mut self, eval: bool, t: Token) -> Eval {
        self.pos += 1;
        match t.kind {
            Kind::Number => match parse_integer(&t.text) {
                Ok(v) => Ok(v),
                Err(msg) => self.error_at(&t, format!("{msg} in `{}` expression", self.name)),
            },
            Kind::Char => Ok(char_value(&t.text)),
            Kind::Punct if t.is_punct("(") => {
                self.enter()?;
                let v = self.comma(eval)?;
                self.depth -= 1;
                match self.peek() {
                    Some(c) if c.is_punct(")") => {
                        self.pos += 1;
                        Ok(v)
                    }
                    other => {
                        let at = other.unwrap_or(&t).clone();
                        self.error_at(&at, format!("expected `)` in `{}` expression", self.name))
                    }
                }
            }
            Kind::Ident => {
                if t.is_ident("defined") {
                    let after = self.toks.get(self.pos..).unwrap_or(&[]);
                    let (v, used) = self.pp.defined_operator(&t, after).ok_or(())?;
                    self.pos += used;
                    return Ok(Value::bool(v));
                }
                if self.peek().is_some_and(|n| n.is_punct("(")) {
                    return self.error_at(
                        &t,
                        format!("function-like macro `{}` is not defined", t.text),
                    );
                }
                // `true` is 1; every other identifier left is 0.
                Ok(Value::bool(t.is_ident("true")))
            }
            _ => self.error_at(
                &t,
                format!("unexpected `{}` in `{}` expression", t.text, self.name),
            ),
        }
    }
}

/// The value of an integer pp-number, or what is wrong with it.
fn parse_integer(text: &str) -> Result<Value, String> {
    let clean: String = text.chars().filter(|&c| c != '\'').collect();
    let lower = clean.to_ascii_lowercase();
    let is_hex = lower.starts_with("0x");
    let is_bin = lower.starts_with("0b");
    let body_end = lower.trim_end_matches(['u', 'l', 'z']).len();
    let (body, suffix) = lower.split_at(body_end);
    let float_like =
        body.contains('.') || (!is_hex && body.contains('e')) || (is_hex && body.contains('p'));
    if float_like || (!is_hex && body.ends_with('f')) {
        return Err("floating-point literal".to_string());
    }
    if !matches!(
        suffix,
        "" | "u" | "l" | "ul" | "lu" | "ll" | "ull" | "llu" | "z" | "uz" | "zu"
    ) {
        return Err(format!("invalid suffix on integer literal `{text}`"));
    }
    let (digits, radix) = if is_hex {
        (body.get(2..).unwrap_or(""), 16)
    } else if is_bin {
        (body.get(2..).unwrap_or(""), 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (body.get(1..).unwrap_or(""), 8)
    } else {
        (body, 10)
    };
    if digits.is_empty() {
        return Err(format!("invalid integer literal `{text}`"));
    }
    let mut value: u64 = 0;
    for c in digits.chars() {
        let d = c
            .to_digit(radix)
            .ok_or_else(|| format!("invalid integer literal `{text}`"))?;
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(u64::from(d)))
            .ok_or_else(|| format!("integer literal `{text}` is too large"))?;
    }
    Ok(Value {
        bits: value,
        unsigned: suffix.contains('u') || value > i64::MAX as u64,
    })
}

/// The value of a character literal (`'a'`, `'\n'`, `'\x41'`, `L'x'`).
fn char_value(text: &str) -> Value {
    let start = text.find('\'').map_or(0, |i| i + 1);
    let end = text.rfind('\'').unwrap_or(text.len()).max(start);
    let plain = start == 1;
    let inner = text.get(start..end).unwrap_or("");
    let mut chars = inner.chars().peekable();
    let mut value: i64 = 0;
    let mut count = 0;
    while let Some(c) = chars.next() {
        let v = if c == '\\' {
            match chars.next() {
                Some('n') => 10,
                Some('t') => 9,
                Some('r') => 13,
                Some('a') => 7,
                Some('b') => 8,
                Some('f') => 12,
                Some('v') => 11,
                Some('e') => 27,
                Some('x') => {
                    let mut v: i64 = 0;
                    while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                        v = v.wrapping_mul(16).wrapping_add(i64::from(d));
                        chars.next();
                    }
                    v
                }
                Some(d @ '0'..='7') => {
                    let mut v = i64::from(d.to_digit(8).unwrap_or(0));
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(d) => {
                                v = v * 8 + i64::from(d);
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    v
                }
                Some(other) => i64::from(u32::from(other)),
                None => 92,
            }
        } else {
            i64::from(u32::from(c))
        };
        value = if count == 0 {
            v
        } else {
            value.wrapping_shl(8) | (v & 0xff)
        };
        count += 1;
    }
    if plain && count == 1 && (0x80..0x100).contains(&value) {
        value -= 0x100; // `char` is signed
    }
    Value::signed(value)
}
