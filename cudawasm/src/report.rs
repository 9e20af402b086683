//! What `check` reports per kernel, as text and as JSON.

use cuda_compiler::analysis::KernelInfo;
use cuda_compiler::diag::{Diagnostic, Severity};
use cuda_compiler::ir::Module;
use cuda_compiler::Checked;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The facts printed for one kernel.
pub struct KernelReport {
    name: String,
    base_name: String,
    template_args: Vec<String>,
    /// `__global__ void saxpy(int n, const float * x)`.
    signature: String,
    params: Vec<(String, String, String)>,
    static_shared: u64,
    dynamic_shared: bool,
    dynamic_align: u32,
    launch_bounds: Option<(u32, Option<u32>)>,
    features: Vec<(&'static str, &'static str)>,
    calls: Vec<String>,
}

impl KernelReport {
    /// Collects the report of one analysed kernel.
    pub fn new(module: &Module, info: &KernelInfo<'_>) -> Self {
        let k = info.kernel;
        let params: Vec<(String, String, String)> = k
            .params
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.cuda_type.clone(),
                    module.type_display(&p.ty).to_string(),
                )
            })
            .collect();
        let rendered: Vec<String> = params
            .iter()
            .map(|(name, cuda, _)| cuda_compiler::ir::print::cuda_param(cuda, name))
            .collect();
        Self {
            name: k.name.clone(),
            base_name: k.base_name.clone(),
            template_args: k.template_args.clone(),
            signature: format!("__global__ void {}({})", k.name, rendered.join(", ")),
            params,
            static_shared: info.shared.static_bytes,
            dynamic_shared: info.shared.uses_dynamic,
            dynamic_align: info.shared.dynamic_align,
            launch_bounds: info.launch_bounds,
            features: info
                .features
                .iter()
                .map(|f| (f.name(), f.description()))
                .collect(),
            calls: info.calls.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// The human-readable report.
pub fn text(file: &str, kernels: &[KernelReport], templates: &[String]) -> String {
    let mut out = String::new();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "{file}: {}, {} not instantiated",
        plural(kernels.len(), "kernel"),
        plural(templates.len(), "template")
    );
    for k in kernels {
        let _ = writeln!(out, "\nkernel {}", k.name);
        if !k.template_args.is_empty() {
            let _ = writeln!(
                out,
                "  template:      {} with <{}>",
                k.base_name,
                k.template_args.join(", ")
            );
        }
        let _ = writeln!(out, "  signature:     {}", k.signature);
        let dynamic = if k.dynamic_shared {
            format!(" + dynamic (extern __shared__, align {})", k.dynamic_align)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  shared memory: {} bytes static{dynamic}",
            k.static_shared
        );
        let bounds = match k.launch_bounds {
            None => "none".to_string(),
            Some((t, None)) => format!("{t} threads"),
            Some((t, Some(b))) => format!("{t} threads, min {b} blocks per SM"),
        };
        let _ = writeln!(out, "  launch bounds: {bounds}");
        let features: Vec<&str> = k.features.iter().map(|(name, _)| *name).collect();
        let features = if features.is_empty() {
            "none".to_string()
        } else {
            features.join(", ")
        };
        let _ = writeln!(out, "  features:      {features}");
        if !k.calls.is_empty() {
            let _ = writeln!(out, "  calls:         {}", k.calls.join(", "));
        }
    }
    if !templates.is_empty() {
        out.push_str(
            "\ntemplates without an instance (compile one with `--instance 'name<args>'`):\n",
        );
        for t in templates {
            let _ = writeln!(out, "  {t}");
        }
    }
    out
}

/// The JSON report: kernels, templates and diagnostics.
pub fn json(
    file: &str,
    checked: &Checked,
    kernels: &[KernelReport],
    templates: &[String],
) -> Value {
    let kernels: Vec<Value> = kernels
        .iter()
        .map(|k| {
            json!({
                "name": k.name,
                "base_name": k.base_name,
                "template_args": k.template_args,
                "signature": k.signature,
                "params": k.params.iter().map(|(name, cuda, ir)| json!({
                    "name": name, "cuda_type": cuda, "ir_type": ir,
                })).collect::<Vec<_>>(),
                "shared_memory": {
                    "static_bytes": k.static_shared,
                    "dynamic": k.dynamic_shared,
                    "dynamic_align": k.dynamic_align,
                },
                "launch_bounds": k.launch_bounds.map(|(t, b)| json!({
                    "max_threads": t, "min_blocks": b,
                })),
                "features": k.features.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
                "calls": k.calls,
            })
        })
        .collect();
    let diagnostics: Vec<Value> = checked
        .diagnostics
        .iter()
        .map(|d| diagnostic(checked, d))
        .collect();
    json!({
        "file": file,
        "ok": !checked.has_errors(),
        "kernels": kernels,
        "kernel_templates": templates,
        "diagnostics": diagnostics,
    })
}

fn diagnostic(checked: &Checked, d: &Diagnostic) -> Value {
    let location = d.location(&checked.files);
    json!({
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": d.message,
        "file": location.as_ref().map(|l| l.0.clone()),
        "line": location.as_ref().map(|l| l.1),
        "column": location.as_ref().map(|l| l.2),
        "label": d.label,
        "notes": d.notes,
        "help": d.help,
        "rendered": cuda_compiler::diag::render(std::slice::from_ref(d), &checked.files),
    })
}
