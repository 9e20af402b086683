//! Module-level rules: structs, globals, kernels, the call graph; then each
//! function's expressions and statements.

use super::types::malformed;
use super::{exprs, stmts, Cx};
use crate::analysis::CallGraph;
use crate::ir::{AddrSpace, FunctionKind, Type};

/// Checks the whole module, collecting errors in `cx`.
pub fn check_module(cx: &mut Cx<'_>) {
    let module = cx.module;
    for s in &module.structs {
        for f in &s.fields {
            if let Some(why) = malformed(module, &f.ty, false) {
                cx.error(
                    s.span,
                    format_args!("field `{}` of `{}`: {why}", f.name, s.name),
                );
            }
        }
        if !s.align.is_power_of_two() || s.size % s.align != 0 {
            cx.error(
                s.span,
                format_args!(
                    "struct `{}` has size {} and alignment {}",
                    s.name, s.size, s.align
                ),
            );
        }
    }
    for g in &module.globals {
        if let Some(why) = malformed(module, &g.ty, false) {
            cx.error(g.span, format_args!("global `{}`: {why}", g.name));
        }
        if !matches!(
            g.space,
            AddrSpace::Shared | AddrSpace::Constant | AddrSpace::Global
        ) {
            cx.error(
                g.span,
                format_args!("global `{}` in {} memory", g.name, g.space.name()),
            );
        }
        if g.dynamic && (g.space != AddrSpace::Shared || !matches!(g.ty, Type::Array(_, 0))) {
            cx.error(
                g.span,
                format_args!("dynamic global `{}` is not an unsized shared array", g.name),
            );
        }
        if !g.align.is_power_of_two() {
            cx.error(
                g.span,
                format_args!("global `{}` has alignment {}", g.name, g.align),
            );
        }
    }
    for k in &module.kernels {
        match module.functions.get(k.func.0 as usize) {
            None => {
                cx.error(
                    Default::default(),
                    format_args!("kernel `{}` names a missing function", k.name),
                );
            }
            Some(f) => {
                if f.kind != FunctionKind::Kernel {
                    cx.error(
                        f.span,
                        format_args!("kernel `{}` is implemented by a device function", k.name),
                    );
                }
                if f.result != Type::Void {
                    cx.error(
                        f.span,
                        format_args!("kernel `{}` does not return void", k.name),
                    );
                }
                if f.params.len() != k.params.len() {
                    cx.error(
                        f.span,
                        format_args!(
                            "kernel `{}` lists {} parameters, its function has {}",
                            k.name,
                            k.params.len(),
                            f.params.len()
                        ),
                    );
                }
            }
        }
    }
    for f in &module.functions {
        cx.func_name = Some(&f.name);
        if let Some(why) = malformed(module, &f.result, true) {
            cx.error(f.span, format_args!("result type: {why}"));
        }
        for p in &f.params {
            if let Some(why) = malformed(module, &p.ty, false) {
                cx.error(p.span, format_args!("parameter `{}`: {why}", p.name));
            }
        }
        for l in &f.locals {
            if let Some(why) = malformed(module, &l.ty, false) {
                cx.error(l.span, format_args!("local `{}`: {why}", l.name));
            }
        }
        let before = cx.errors.len();
        exprs::check_exprs(cx, f);
        // Statement checks read operand types: only with sound expressions.
        if cx.errors.len() == before {
            stmts::check_body(cx, f);
        }
    }
    cx.func_name = None;
    if cx.errors.is_empty() {
        if let Some(cycle) = CallGraph::new(module).find_cycle() {
            let names: Vec<String> = cycle
                .iter()
                .map(|f| format!("`{}`", module.function(*f).name))
                .collect();
            let span = module.function(cycle[0]).span;
            cx.error(
                span,
                format_args!("recursion in device code: {}", names.join(" -> ")),
            );
        }
    }
}
