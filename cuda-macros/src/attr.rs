//! The arguments of `#[cuda_kernel(…)]` and of `cuda!`'s optional
//! leading `#![…]` attribute:
//! `file = "kernels/x.cu"`, `include = ["inc"]`,
//! `defines = { "N": "4", "FAST" }`, `instances = ["reduce<float, 256>"]`,
//! `targets = ["cpu", "wgsl"]`.

use cuda_build::Target;
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{braced, bracketed, Ident, LitStr, Token};

/// Parsed arguments.
#[derive(Default)]
pub struct KernelArgs {
    /// `file = "…"` and the literal's span.
    pub file: Option<(String, Span)>,
    /// `-I` folders.
    pub include: Vec<String>,
    /// `-D` macros.
    pub defines: Vec<(String, Option<String>)>,
    /// Template instances.
    pub instances: Vec<String>,
    /// Requested targets (a failure of one is a compile error).
    pub targets: Option<Vec<Target>>,
}

fn strings(input: ParseStream) -> syn::Result<Vec<LitStr>> {
    let content;
    bracketed!(content in input);
    let list = content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
    Ok(list.into_iter().collect())
}

fn define_value(input: ParseStream) -> syn::Result<String> {
    if input.peek(LitStr) {
        return Ok(input.parse::<LitStr>()?.value());
    }
    let lit: syn::Lit = input.parse()?;
    Ok(match lit {
        syn::Lit::Int(i) => i.to_string(),
        syn::Lit::Float(f) => f.to_string(),
        syn::Lit::Bool(b) => u8::from(b.value).to_string(),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "a define's value is a string, an integer, a float or a bool",
            ))
        }
    })
}

fn defines(input: ParseStream) -> syn::Result<Vec<(String, Option<String>)>> {
    let content;
    braced!(content in input);
    let mut out = Vec::new();
    while !content.is_empty() {
        let name = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else {
            content.parse::<Ident>()?.to_string()
        };
        let value = if content.peek(Token![:]) {
            content.parse::<Token![:]>()?;
            Some(define_value(&content)?)
        } else if content.peek(Token![=]) {
            content.parse::<Token![=]>()?;
            Some(define_value(&content)?)
        } else {
            None
        };
        out.push((name, value));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

impl Parse for KernelArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = KernelArgs::default();
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "file" => {
                    let lit: LitStr = input.parse()?;
                    args.file = Some((lit.value(), lit.span()));
                }
                "include" => args
                    .include
                    .extend(strings(input)?.iter().map(LitStr::value)),
                "defines" => args.defines.extend(defines(input)?),
                "instances" => args
                    .instances
                    .extend(strings(input)?.iter().map(LitStr::value)),
                "targets" => {
                    let mut targets = Vec::new();
                    for lit in strings(input)? {
                        let t = Target::from_name(&lit.value()).ok_or_else(|| {
                            syn::Error::new(
                                lit.span(),
                                format!(
                                    "unknown target `{}`: expected `cpu`, `wgsl` or `ptx`",
                                    lit.value()
                                ),
                            )
                        })?;
                        targets.push(t);
                    }
                    args.targets = Some(targets);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{other}`: expected `file`, `include`, `defines`, \
                             `instances` or `targets`"
                        ),
                    ))
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}
