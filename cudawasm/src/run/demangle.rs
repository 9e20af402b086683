//! Just enough of the Itanium C++ ABI's name demangling to find a plan's
//! kernel among the `.entry` names of a PTX file nvcc wrote: the kernel's
//! (possibly namespaced) name and its template arguments, e.g.
//! `_Z6reduceIfLi256EEvPKfPfi` → `reduce<float, 256>`. The parameter
//! types after the name are not read (kernels are found by name and
//! template arguments; overloads are told apart by the caller).

/// The demangled `name<args>` of a mangled function name, or `None` for a
/// name this subset does not read.
pub fn kernel_name(mangled: &str) -> Option<String> {
    let rest = mangled.strip_prefix("_Z")?;
    let mut p = Parser {
        s: rest.as_bytes(),
        at: 0,
    };
    p.name()
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> Option<u64> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(self.s.get(start..self.at)?)
            .ok()?
            .parse()
            .ok()
    }

    /// `<len><identifier>`.
    fn source_name(&mut self) -> Option<String> {
        let len = usize::try_from(self.number()?).ok()?;
        let bytes = self.s.get(self.at..self.at + len)?;
        self.at += len;
        let id = String::from_utf8(bytes.to_vec()).ok()?;
        // Anonymous namespaces are `_GLOBAL__N_1`.
        Some(if id.starts_with("_GLOBAL__N") {
            "(anonymous namespace)".to_string()
        } else {
            id
        })
    }

    /// A function's name: unscoped or nested, with template arguments.
    fn name(&mut self) -> Option<String> {
        if self.eat(b'N') {
            // CV-qualifiers of member functions do not occur on kernels.
            let mut parts: Vec<String> = Vec::new();
            while !self.eat(b'E') {
                if self.peek() == Some(b'I') {
                    let args = self.template_args()?;
                    parts.last_mut()?.push_str(&args);
                } else {
                    parts.push(self.source_name()?);
                }
            }
            return Some(parts.join("::"));
        }
        if self.s.get(self.at..self.at + 2) == Some(b"St") {
            self.at += 2;
            let mut name = format!("std::{}", self.source_name()?);
            if self.peek() == Some(b'I') {
                name.push_str(&self.template_args()?);
            }
            return Some(name);
        }
        let mut name = self.source_name()?;
        if self.peek() == Some(b'I') {
            name.push_str(&self.template_args()?);
        }
        Some(name)
    }

    /// `I <arg>+ E` → `<a, b>`.
    fn template_args(&mut self) -> Option<String> {
        if !self.eat(b'I') {
            return None;
        }
        let mut args = Vec::new();
        while !self.eat(b'E') {
            args.push(self.template_arg()?);
        }
        Some(format!("<{}>", args.join(", ")))
    }

    fn template_arg(&mut self) -> Option<String> {
        if self.eat(b'L') {
            let ty = self.builtin()?;
            let negative = self.eat(b'n');
            let value = self.number()?;
            if !self.eat(b'E') {
                return None;
            }
            let sign = if negative { "-" } else { "" };
            return Some(match ty {
                "bool" => (if value == 0 { "false" } else { "true" }).to_string(),
                "unsigned int" => format!("{value}u"),
                "long" => format!("{sign}{value}l"),
                "unsigned long" => format!("{value}ul"),
                "long long" => format!("{sign}{value}ll"),
                "unsigned long long" => format!("{value}ull"),
                "char" => format!("(char){sign}{value}"),
                _ => format!("{sign}{value}"),
            });
        }
        self.type_()
    }

    fn builtin(&mut self) -> Option<&'static str> {
        let c = self.peek()?;
        let name = match c {
            b'v' => "void",
            b'b' => "bool",
            b'c' => "char",
            b'a' => "signed char",
            b'h' => "unsigned char",
            b's' => "short",
            b't' => "unsigned short",
            b'i' => "int",
            b'j' => "unsigned int",
            b'l' => "long",
            b'm' => "unsigned long",
            b'x' => "long long",
            b'y' => "unsigned long long",
            b'f' => "float",
            b'd' => "double",
            b'e' => "long double",
            _ => return None,
        };
        self.at += 1;
        Some(name)
    }

    fn type_(&mut self) -> Option<String> {
        if let Some(b) = self.builtin() {
            return Some(b.to_string());
        }
        match self.peek()? {
            b'P' => {
                self.at += 1;
                Some(format!("{}*", self.type_()?))
            }
            b'K' => {
                self.at += 1;
                Some(format!("const {}", self.type_()?))
            }
            b'N' | b'0'..=b'9' | b'S' => self.name(),
            _ => None,
        }
    }
}

/// A kernel name with white space removed and integer literal suffixes
/// (`512u`, `8l`) dropped, so that a plan's `reduce<float, 512>` meets
/// nvcc's `reduce<float, 512u>`.
pub fn normalize(name: &str) -> String {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let literal_start = chars[i].is_ascii_digit() && (i == 0 || !ident(chars[i - 1]));
        if !literal_start {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
        }
        let mut j = i;
        while j < chars.len() && matches!(chars[j], 'u' | 'U' | 'l' | 'L') {
            j += 1;
        }
        if j == chars.len() || !ident(chars[j]) {
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nvcc_kernel_names() {
        let cases = [
            ("_Z5saxpyifPKfPf", "saxpy"),
            ("_Z6reduceIfLi256EEvPKfPfi", "reduce<float, 256>"),
            ("_Z7reduce5IfLj512EEvPKT_PS0_j", "reduce5<float, 512u>"),
            ("_ZN2ns6kernelEPf", "ns::kernel"),
            (
                "_Z16transform_kernelIf9square_opEvPKT_PS1_i",
                "transform_kernel<float, square_op>",
            ),
            ("_Z4stepILb1EEvPi", "step<true>"),
        ];
        for (mangled, want) in cases {
            assert_eq!(kernel_name(mangled).as_deref(), Some(want), "{mangled}");
        }
        assert_eq!(kernel_name("plain_c_name"), None);
    }

    #[test]
    fn normalizes_literal_suffixes() {
        assert_eq!(
            normalize("reduce5<float, 512u>"),
            normalize("reduce5<float,512>")
        );
        assert_eq!(normalize("k<8ul>"), "k<8>");
        assert_eq!(normalize("float4"), "float4");
    }
}
