//! Proc macros of cudawasm: CUDA compiled at `cargo build` time into typed
//! launch functions (see `cuda-build` for what is generated).
//!
//! - `cuda! { __global__ void k(…) { … } }`: CUDA written inline. An
//!   optional first `#![instances = […], targets = […], defines = {…}]`
//!   sets options. Errors point at the CUDA token inside the macro.
//! - `#[cuda_kernel(file = "kernels/x.cu", include = [..], defines = {..},
//!   instances = [..], targets = [..])] mod x {}`: a file relative to
//!   `CARGO_MANIFEST_DIR`; errors read `kernels/x.cu:12:7: …` at the
//!   attribute; the file and every header it includes are
//!   `include_bytes!`'d so cargo rebuilds when one changes.
//!
//! Generated code names `::cuda_rt`, so the user crate depends on
//! `cuda-rt` (and this crate) only.

mod attr;
mod text;

use attr::KernelArgs;
use cuda_build::{UnitError, UnitOptions};
use cuda_compiler::source::SourceFile;
use cuda_compiler::Options;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use std::path::{Path, PathBuf};
use text::MappedText;

/// CUDA C++ inline: the kernels become typed launch functions in the
/// enclosing module (`saxpy(&device, config, n, a, &x, &mut y)`).
#[proc_macro]
pub fn cuda(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    cuda_inline(input.into()).into()
}

/// A `.cu` file as a module: `#[cuda_kernel(file = "kernels/x.cu")] mod x
/// {}` fills `mod x` with the file's typed launch functions.
#[proc_macro_attribute]
pub fn cuda_kernel(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    cuda_file(args.into(), item.into()).into()
}

fn options(args: &KernelArgs, root: &Path) -> (Options, UnitOptions) {
    let opts = Options {
        include_dirs: args.include.iter().map(|d| root.join(d)).collect(),
        defines: args.defines.clone(),
        instances: args.instances.clone(),
        ..Options::default()
    };
    let unit = UnitOptions {
        targets: args.targets.clone(),
    };
    (opts, unit)
}

fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Splits a leading `#![…]` options attribute off `cuda!`'s input.
fn split_inline_args(input: TokenStream) -> syn::Result<(KernelArgs, TokenStream)> {
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    if let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(g), rest @ ..] =
        tokens.as_slice()
    {
        if hash.as_char() == '#' && bang.as_char() == '!' && g.delimiter() == Delimiter::Bracket {
            let args = syn::parse2::<KernelArgs>(g.stream())?;
            if args.file.is_some() {
                return Err(syn::Error::new(
                    g.span(),
                    "`file` belongs to `#[cuda_kernel(file = …)]`, not `cuda!`",
                ));
            }
            return Ok((args, rest.iter().cloned().collect()));
        }
    }
    Ok((KernelArgs::default(), tokens.into_iter().collect()))
}

fn cuda_inline(input: TokenStream) -> TokenStream {
    let (args, body) = match split_inline_args(input) {
        Ok(x) => x,
        Err(e) => return e.to_compile_error(),
    };
    let mapped = MappedText::new(body);
    let root = manifest_dir();
    let (opts, unit_opts) = options(&args, &root);
    let file = SourceFile::new("cuda! block", None, mapped.text.clone());
    let checked = cuda_compiler::check(file, &opts);
    match cuda_build::module_tokens(&checked, &unit_opts) {
        Ok((tokens, warnings)) => with_warnings(tokens, &warnings, Span::call_site()),
        Err(e) => {
            let span = match e.main_range {
                Some((lo, _)) => mapped.span_at(lo as usize),
                None => Span::call_site(),
            };
            let message = inline_message(&e);
            quote_spanned!(span=> ::core::compile_error!(#message);)
        }
    }
}

/// The message of an error inside `cuda!`: rustc shows the token itself,
/// so only the message and the compiler's notes and help.
fn inline_message(e: &UnitError) -> String {
    let extra: Vec<&str> = e
        .rendered
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("= note:") || l.starts_with("= help:"))
        .collect();
    let mut message = e.message.clone();
    for line in extra {
        message.push_str("\n  ");
        message.push_str(line);
    }
    message
}

/// Warnings cannot be emitted by stable proc macros; they become a
/// `#[deprecated]` item use, which rustc prints as a warning at the
/// macro.
fn with_warnings(tokens: TokenStream, warnings: &[String], span: Span) -> TokenStream {
    let uses = warnings.iter().enumerate().map(|(i, w)| {
        let name = quote::format_ident!("__cuda_warning_{}", i, span = span);
        let note = w.trim_end().to_string();
        quote_spanned! {span=>
            const _: () = {
                #[deprecated(note = #note)]
                #[allow(non_upper_case_globals)]
                const #name: () = ();
                #name
            };
        }
    });
    quote!(#tokens #(#uses)*)
}

fn cuda_file(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = match syn::parse2::<KernelArgs>(args) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    let module = match syn::parse2::<syn::ItemMod>(item) {
        Ok(m) => m,
        Err(e) => {
            return syn::Error::new(
                e.span(),
                "#[cuda_kernel(file = \"…\")] goes on a module: `mod name {}`",
            )
            .to_compile_error()
        }
    };
    let Some((file, file_span)) = &args.file else {
        return syn::Error::new(
            Span::call_site(),
            "#[cuda_kernel] needs `file = \"path/to/kernels.cu\"` (relative to the crate's Cargo.toml)",
        )
        .to_compile_error();
    };
    let root = manifest_dir();
    let (opts, unit_opts) = options(&args, &root);
    let rel = Path::new(file);
    if !root.join(rel).is_file() {
        let message = format!(
            "cannot read `{file}`: no such file (looked in `{}`)\n  = help: `file` is relative to the crate's Cargo.toml",
            root.join(rel).display()
        );
        return quote_spanned!(*file_span=> ::core::compile_error!(#message););
    }
    let checked = cuda_build::check_relative(&root, rel, &opts);
    let mut inputs = vec![root.join(rel)];
    if let Some(p) = &checked.preprocessed {
        inputs.extend(p.dependencies.iter().cloned());
    }
    let tracked = inputs.iter().filter_map(|p| {
        let p = p.canonicalize().ok()?.display().to_string();
        Some(quote!(
            const _: &[u8] = include_bytes!(#p);
        ))
    });
    let body = match cuda_build::module_tokens(&checked, &unit_opts) {
        Ok((tokens, warnings)) => with_warnings(tokens, &warnings, Span::call_site()),
        Err(e) => {
            let message = file_message(&e);
            quote_spanned!(Span::call_site()=> ::core::compile_error!(#message);)
        }
    };
    let syn::ItemMod {
        attrs,
        vis,
        ident,
        content,
        ..
    } = module;
    let existing = content.map(|(_, items)| items).unwrap_or_default();
    quote! {
        #(#attrs)*
        #vis mod #ident {
            #(#existing)*
            #(#tracked)*
            #body
        }
    }
}

/// `kernels/x.cu:12:7: message` and the compiler's rendered snippet
/// (without its first line, which repeats the message).
fn file_message(e: &UnitError) -> String {
    let head = match &e.location {
        Some((file, line, col)) => format!("{file}:{line}:{col}: {}", e.message),
        None => e.message.clone(),
    };
    let rest: Vec<&str> = e.rendered.lines().skip(1).collect();
    if rest.is_empty() {
        head
    } else {
        format!("{head}\n{}", rest.join("\n").trim_end())
    }
}
