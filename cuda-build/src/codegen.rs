//! The one generator of Rust code for compiled kernels: a unit's structs,
//! embedded artefacts and typed launch functions as a `TokenStream`. The
//! proc macros return it; `cuda-build` writes it to `$OUT_DIR`.

use crate::signature::{ElemTy, RustParam, RustStruct, StructField};
use crate::unit::{DynamicShared, KernelGen, UnitError, UnitGen};
use cuda_abi::{KernelArtifact, ParamKind, ScalarType, Target, WgslParam};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::str::FromStr;

/// The items of a unit's module: structs, then per kernel its artefact,
/// its CPU code module, its launch function and its config helper.
pub fn unit_tokens(unit: &UnitGen) -> Result<TokenStream, UnitError> {
    let structs = unit.structs.iter().map(|s| struct_tokens(s, &unit.structs));
    let mut kernels = Vec::new();
    for k in &unit.kernels {
        kernels.push(kernel_tokens(k, &unit.structs)?);
    }
    Ok(quote! {
        #(#structs)*
        #(#kernels)*
    })
}

fn scalar_tokens(s: ScalarType) -> TokenStream {
    match s {
        ScalarType::Bool => quote!(bool),
        ScalarType::I8 => quote!(i8),
        ScalarType::U8 => quote!(u8),
        ScalarType::I16 => quote!(i16),
        ScalarType::U16 => quote!(u16),
        ScalarType::I32 => quote!(i32),
        ScalarType::U32 => quote!(u32),
        ScalarType::I64 => quote!(i64),
        ScalarType::U64 => quote!(u64),
        ScalarType::F16 => quote!(::cuda_rt::typed::half::f16),
        ScalarType::BF16 => quote!(::cuda_rt::typed::half::bf16),
        ScalarType::F32 => quote!(f32),
        ScalarType::F64 => quote!(f64),
    }
}

fn elem_tokens(e: &ElemTy, structs: &[RustStruct]) -> TokenStream {
    match e {
        ElemTy::Scalar(s) => scalar_tokens(*s),
        ElemTy::Vector(s, n) => {
            let s = scalar_tokens(*s);
            let n = Literal::usize_unsuffixed(usize::from(*n));
            quote!([#s; #n])
        }
        ElemTy::Struct(i) => {
            let name = format_ident!("{}", structs[*i].name);
            quote!(#name)
        }
        ElemTy::Bytes(1) => quote!(u8),
        ElemTy::Bytes(n) => {
            let n = Literal::usize_unsuffixed(*n as usize);
            quote!([u8; #n])
        }
    }
}

fn struct_tokens(s: &RustStruct, structs: &[RustStruct]) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let doc = format!(
        "CUDA `{}` with nvcc's layout ({} bytes); `_padN` fields are padding.",
        s.cuda_name, s.size
    );
    let mut pad = 0u32;
    let fields = s.fields.iter().map(|f| match f {
        StructField::Field { name, ty, dims } => {
            let name = format_ident!("{}", name);
            let mut ty = elem_tokens(ty, structs);
            for d in dims.iter().rev() {
                let d = Literal::u64_unsuffixed(*d);
                ty = quote!([#ty; #d]);
            }
            let doc = format!("CUDA field `{name}`.");
            quote!(#[doc = #doc] pub #name: #ty,)
        }
        StructField::Padding(n) => {
            let name = format_ident!("_pad{}", pad);
            pad += 1;
            let n = Literal::u32_unsuffixed(*n);
            quote!(#[doc = "Padding of nvcc's layout (keep zero)."] pub #name: [u8; #n],)
        }
    });
    quote! {
        #[doc = #doc]
        #[repr(C)]
        #[derive(Clone, Copy, Debug, ::cuda_rt::typed::bytemuck::Pod, ::cuda_rt::typed::bytemuck::Zeroable)]
        #[bytemuck(crate = "::cuda_rt::typed::bytemuck")]
        pub struct #name { #(#fields)* }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                ::cuda_rt::typed::bytemuck::Zeroable::zeroed()
            }
        }
    }
}

fn opt_str(s: &Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s.to_string())),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn scalar_variant(s: ScalarType) -> TokenStream {
    let v = format_ident!("{}", format!("{s:?}"));
    quote!(::cuda_rt::ScalarType::#v)
}

fn target_variant(t: Target) -> TokenStream {
    let v = format_ident!("{}", format!("{t:?}"));
    quote!(::cuda_rt::Target::#v)
}

/// The artefact as an expression (the CPU entry point is `cpu`).
fn artifact_tokens(a: &KernelArtifact, cpu: TokenStream) -> TokenStream {
    let name = &a.name;
    let params = a.params.iter().map(|p| {
        let (pname, cuda_type) = (&p.name, &p.cuda_type);
        let kind = match &p.kind {
            ParamKind::Scalar(s) => {
                let s = scalar_variant(*s);
                quote!(::cuda_rt::ParamKind::Scalar(#s))
            }
            ParamKind::Pointer {
                pointee_size,
                pointee_align,
                read_only,
            } => quote!(::cuda_rt::ParamKind::Pointer {
                pointee_size: #pointee_size, pointee_align: #pointee_align, read_only: #read_only,
            }),
            ParamKind::Value { size, align } => {
                quote!(::cuda_rt::ParamKind::Value { size: #size, align: #align })
            }
        };
        quote!(::cuda_rt::ParamInfo { name: #pname.to_string(), cuda_type: #cuda_type.to_string(), kind: #kind })
    });
    let wgsl = match &a.wgsl {
        None => quote!(::core::option::Option::None),
        Some(w) => {
            let (source, entry) = (&w.source, &w.entry_point);
            let bindings = w.bindings.iter().map(|b| {
                let (binding, params, ro) = (b.binding, &b.params, b.read_only);
                quote!(::cuda_rt::WgslBinding { binding: #binding, params: vec![#(#params),*], read_only: #ro })
            });
            let wparams = w.params.iter().map(|p| match p {
                WgslParam::Buffer { binding, offset_slot } => {
                    quote!(::cuda_rt::WgslParam::Buffer { binding: #binding, offset_slot: #offset_slot })
                }
                WgslParam::Value { offset, size } => {
                    quote!(::cuda_rt::WgslParam::Value { offset: #offset, size: #size })
                }
            });
            let (pb, ps, go) = (w.params_binding, w.params_size, w.grid_offset);
            let [bx, by, bz] = &w.block_dim_overrides;
            let dso = opt_str(&w.dynamic_shared_override);
            let (wb, sg, f16) = (w.workgroup_bytes, w.needs_subgroups, w.needs_f16);
            quote!(::core::option::Option::Some(::cuda_rt::WgslKernel {
                source: #source.to_string(), entry_point: #entry.to_string(),
                bindings: vec![#(#bindings),*], params_binding: #pb, params_size: #ps,
                grid_offset: #go, params: vec![#(#wparams),*],
                block_dim_overrides: [#bx.to_string(), #by.to_string(), #bz.to_string()],
                dynamic_shared_override: #dso, workgroup_bytes: #wb,
                needs_subgroups: #sg, needs_f16: #f16,
            }))
        }
    };
    let ptx = match &a.ptx {
        None => quote!(::core::option::Option::None),
        Some(p) => {
            let (source, entry, target) = (&p.source, &p.entry_point, &p.target);
            quote!(::core::option::Option::Some(::cuda_rt::PtxKernel {
                source: #source.to_string(), entry_point: #entry.to_string(), target: #target.to_string(),
            }))
        }
    };
    let skipped = a.skipped.iter().map(|s| {
        let (t, reason) = (target_variant(s.target), &s.reason);
        quote!(::cuda_rt::TargetSkip { target: #t, reason: #reason.to_string() })
    });
    let features = &a.features;
    let ssb = a.static_shared_bytes;
    let mtpb = opt_u32(a.max_threads_per_block);
    quote!(::cuda_rt::KernelArtifact {
        name: #name.to_string(),
        params: vec![#(#params),*],
        cpu: #cpu,
        wgsl: #wgsl,
        ptx: #ptx,
        skipped: vec![#(#skipped),*],
        features: vec![#(#features.to_string()),*],
        static_shared_bytes: #ssb,
        max_threads_per_block: #mtpb,
    })
}

fn kernel_tokens(k: &KernelGen, structs: &[RustStruct]) -> Result<TokenStream, UnitError> {
    let fn_name = format_ident!("{}", k.rust_name);
    let artifact_fn = format_ident!("{}_artifact", k.rust_name);
    let config_fn = format_ident!("{}_config", k.rust_name);
    let cpu_mod = format_ident!("__cuda_cpu_{}", k.rust_name);
    let (cpu_items, cpu_expr) = match &k.cpu_rust {
        Some(code) => {
            let items = TokenStream::from_str(code).map_err(|e| {
                UnitError::plain(format!(
                    "internal: the CPU back end's Rust for kernel `{}` does not parse: {e}",
                    k.artifact.name
                ))
            })?;
            (
                quote! {
                    #[doc(hidden)]
                    #[allow(warnings, clippy::all, missing_docs, unused)]
                    pub mod #cpu_mod { #items }
                },
                quote!(::core::option::Option::Some(#cpu_mod::kernel())),
            )
        }
        None => (TokenStream::new(), quote!(::core::option::Option::None)),
    };
    let artifact = artifact_tokens(&k.artifact, cpu_expr);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for (name, ty) in &k.params {
        let id = format_ident!("{}", name);
        match ty {
            RustParam::Scalar(s) => {
                let t = scalar_tokens(*s);
                args.push(quote!(#id: #t));
                values.push(quote!(::cuda_rt::KernelArg::from(#id)));
            }
            RustParam::Read(e) => {
                let t = elem_tokens(e, structs);
                args.push(quote!(#id: impl ::cuda_rt::typed::DeviceRead<'a, #t>));
                values.push(quote!(::cuda_rt::typed::DeviceRead::<'a, #t>::into_arg(#id)));
            }
            RustParam::Write(e) => {
                let t = elem_tokens(e, structs);
                args.push(quote!(#id: impl ::cuda_rt::typed::DeviceWrite<'a, #t>));
                values.push(quote!(::cuda_rt::typed::DeviceWrite::<'a, #t>::into_arg(#id)));
            }
            RustParam::Value(e) => {
                let t = elem_tokens(e, structs);
                args.push(quote!(#id: &#t));
                values.push(quote!(::cuda_rt::typed::value_arg(#id)));
            }
        }
    }
    let cuda_name = &k.artifact.name;
    let (shared_arg, shared_doc, config_expr) = match &k.dynamic_shared {
        None => (TokenStream::new(), String::new(), quote!(config)),
        Some(DynamicShared::Elems(e)) => {
            let t = elem_tokens(e, structs);
            (
                quote!(shared_elems: u32,),
                "\n\n`shared_elems`: elements of the `extern __shared__` array (its bytes \
                 replace `config.shared_bytes`)."
                    .to_string(),
                quote!(config.with_shared_bytes(::cuda_rt::typed::shared_bytes_of::<#t>(#cuda_name, shared_elems)?)),
            )
        }
        Some(DynamicShared::Bytes) => (
            quote!(shared_bytes: u32,),
            "\n\n`shared_bytes`: bytes of `extern __shared__` memory (replaces \
             `config.shared_bytes`)."
                .to_string(),
            quote!(config.with_shared_bytes(shared_bytes)),
        ),
    };
    let skipped_doc: String = k
        .artifact
        .skipped
        .iter()
        .map(|s| format!("\n- not compiled for `{}`: {}", s.target, s.reason))
        .collect();
    let doc = format!(
        "Launches CUDA kernel `{}` on `device` with `config`.{shared_doc}{}{skipped_doc}",
        k.signature,
        if skipped_doc.is_empty() {
            ""
        } else {
            "\n\nTargets:"
        }
    );
    let artifact_doc = format!("The compiled artefact of kernel `{cuda_name}` (built once).");
    let config_doc = format!(
        "A 1-D launch with one thread per element for `{cuda_name}`: blocks of 256 threads, \
         or fewer when its `__launch_bounds__` asks."
    );
    Ok(quote! {
        #cpu_items

        #[doc = #artifact_doc]
        pub fn #artifact_fn() -> &'static ::cuda_rt::KernelArtifact {
            static ARTIFACT: ::std::sync::OnceLock<::cuda_rt::KernelArtifact> = ::std::sync::OnceLock::new();
            ARTIFACT.get_or_init(|| #artifact)
        }

        #[doc = #config_doc]
        pub fn #config_fn(elems: u32) -> ::cuda_rt::LaunchConfig {
            let block = #artifact_fn()
                .max_threads_per_block
                .map_or(::cuda_rt::LaunchConfig::DEFAULT_BLOCK, |m| m.min(::cuda_rt::LaunchConfig::DEFAULT_BLOCK))
                .max(1);
            ::cuda_rt::LaunchConfig::linear(elems.div_ceil(block).max(1), block)
        }

        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn #fn_name<'a>(
            device: &::cuda_rt::Device,
            config: ::cuda_rt::LaunchConfig,
            #(#args,)*
            #shared_arg
        ) -> ::cuda_rt::Result<()> {
            let config = #config_expr;
            ::cuda_rt::typed::launch(device, #artifact_fn(), &config, &[#(#values),*])
        }
    })
}
